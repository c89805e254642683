import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../src/adapters/settings.js';
import { smtpMailer } from '../../src/adapters/smtp.js';
import { sendRunAlert } from '../../src/core/alerts/send.js';
import type { EvaluationResult } from '../../src/core/runs/result.js';
import { findPart, parseMime } from '../../scripts/dev-host/mime.js';

interface Delivered {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

const delivered: Delivered[] = [];
const logins: { user: string; pass: string }[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (auth.username === 'alerts' && auth.password === 's3cr:t') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.endsWith('@rejected.example')) cb(new Error('550 mailbox unavailable'));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        delivered.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(resolve);
  });
});

const result: EvaluationResult = {
  monitor: 'credit-default-monitor',
  runTime: '2026-11-26T04:00:00.000Z',
  status: 'Failed',
  signals: {
    'credit-default-monitor_data_drift': {
      type: 'data_drift',
      status: 'Completed',
      breached: true,
      alertEnabled: true,
      rowCounts: {},
      metrics: [
        {
          group: 'LIMIT_BAL',
          metric_name: 'NormalizedWassersteinDistance',
          metric_value: 0.2345,
          threshold_value: 0.1,
          breached: true,
          data_type: 'Numerical',
        },
        {
          group: 'EDUCATION<&>',
          metric_name: 'PearsonsChiSquaredTest',
          metric_value: 0.001,
          threshold_value: 0.05,
          breached: true,
          data_type: 'Categorical',
        },
        {
          group: 'AGE',
          metric_name: 'NormalizedWassersteinDistance',
          metric_value: 0.01,
          threshold_value: 0.1,
          breached: false,
          data_type: 'Numerical',
        },
      ],
    },
  },
};
const ctx = {
  runId: 'credit-default-monitor-20261126T040000000Z',
  dashboardBaseUrl: 'http://localhost:7071/api/dashboard',
};
const now = (): string => '2026-11-26T04:00:09.000Z';

describe('SMTP mailer against a local smtp-server', () => {
  it('delivers the alert: envelope, subject, breached features in text and HTML, auth from SMTP_URL', async () => {
    const smtp = parseSmtpUrl(`smtp://alerts:s3cr%3At@127.0.0.1:${port}`)!;
    const mailer = smtpMailer({ smtp, from: 'Model Monitor <monitor@example.org>' });
    const state = await sendRunAlert(mailer, result, ['ops@example.org', 'ds@example.org'], ctx, now);
    expect(state.state).toBe('sent');
    expect(state.messageId).toMatch(/^<.+>$/);
    expect(logins).toContainEqual({ user: 'alerts', pass: 's3cr:t' });

    const mail = delivered.at(-1)!;
    expect(mail.from).toBe('monitor@example.org');
    expect(mail.to).toEqual(['ops@example.org', 'ds@example.org']);
    const msg = parseMime(mail.raw);
    expect(msg.headers.subject).toBe(
      'Model monitor credit-default-monitor: signal credit-default-monitor_data_drift breached thresholds',
    );
    expect(msg.headers['message-id']).toBe(state.messageId);
    const text = findPart(msg, 'text/plain')!.body;
    const html = findPart(msg, 'text/html')!.body;
    expect(text).toContain('feature LIMIT_BAL: NormalizedWassersteinDistance = 0.2345 (threshold 0.1)');
    expect(text).toContain('feature EDUCATION<&>: PearsonsChiSquaredTest = 0.001 (threshold 0.05)');
    expect(text).not.toContain('feature AGE');
    expect(text).toContain(
      `http://localhost:7071/api/dashboard/#/monitors/credit-default-monitor/runs/${ctx.runId}`,
    );
    expect(html).toContain(
      '<td>LIMIT_BAL</td><td>NormalizedWassersteinDistance</td><td>0.2345</td><td>0.1</td>',
    );
    expect(html).toContain('<td>EDUCATION&lt;&amp;&gt;</td>');
    expect(html).toContain('2026-11-26T04:00:00.000Z');
  });

  it('a rejected recipient or bad credentials come back as a failed state, not an exception', async () => {
    const smtp = parseSmtpUrl(`smtp://alerts:s3cr%3At@127.0.0.1:${port}`)!;
    const rejected = await sendRunAlert(
      smtpMailer({ smtp, from: 'monitor@example.org' }),
      result,
      ['x@rejected.example'],
      ctx,
      now,
    );
    expect(rejected.state).toBe('failed');
    expect(rejected.error).toMatch(/mailbox unavailable|recipients/i);
    const badAuth = await sendRunAlert(
      smtpMailer({ smtp: { ...smtp, password: 'wrong' }, from: 'monitor@example.org' }),
      result,
      ['ops@example.org'],
      ctx,
      now,
    );
    expect(badAuth).toMatchObject({ state: 'failed', recipients: ['ops@example.org'] });
    expect(badAuth.error).toMatch(/Invalid username or password/);
  });

  it('SMTP down: the error is returned and recorded, nothing throws', async () => {
    // A port nobody listens on: close a server to free it.
    const probe = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      probe.close(resolve);
    });
    const mailer = smtpMailer({
      smtp: { host: '127.0.0.1', port: deadPort, secure: false },
      from: 'monitor@example.org',
      timeoutMs: 2000,
    });
    const state = await sendRunAlert(mailer, result, ['ops@example.org'], ctx, now);
    expect(state.state).toBe('failed');
    expect(state.error).toMatch(/ECONNREFUSED/);
  });
});
