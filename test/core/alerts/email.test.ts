import { describe, expect, it } from 'vitest';
import { breachMessage, renderAlertEmail, runUrl } from '../../../src/core/alerts/email.js';
import { sendRunAlert } from '../../../src/core/alerts/send.js';
import type { Mailer, MailMessage } from '../../../src/core/ports.js';
import type { EvaluationResult, SignalResult } from '../../../src/core/runs/result.js';

const breachedDrift: SignalResult = {
  type: 'data_drift',
  status: 'Completed',
  breached: true,
  alertEnabled: true,
  rowCounts: {},
  metrics: [
    {
      group: 'AGE <script>',
      metric_name: 'NormalizedWassersteinDistance',
      metric_value: 0.25,
      threshold_value: 0.1,
      breached: true,
      data_type: 'Numerical',
    },
    {
      group: 'SEX',
      metric_name: 'JensenShannonDistance',
      metric_value: 0.01,
      threshold_value: 0.1,
      breached: false,
      data_type: 'Categorical',
    },
  ],
};
const quietBreach: SignalResult = {
  ...breachedDrift,
  alertEnabled: false,
  metrics: [{ ...breachedDrift.metrics[0]!, group: 'QUIET' }],
};

const result = (signals: Record<string, SignalResult>): EvaluationResult => ({
  monitor: 'credit & co',
  runTime: '2026-11-26T04:00:00.000Z',
  status: 'Failed',
  signals,
});

describe('alert email renderer', () => {
  it('no email without a breached alert-enabled signal', () => {
    expect(
      renderAlertEmail(result({ q: quietBreach }), { runId: 'r', dashboardBaseUrl: 'http://x' }),
    ).toBeUndefined();
    expect(
      renderAlertEmail(result({ ok: { ...breachedDrift, breached: false } }), {
        runId: 'r',
        dashboardBaseUrl: 'http://x',
      }),
    ).toBeUndefined();
  });

  it('names monitor and breached signals; lists breached rows only; escapes HTML; links the run', () => {
    const email = renderAlertEmail(result({ credit_drift: breachedDrift, quiet: quietBreach }), {
      runId: 'credit & co-20261126T040000000Z',
      dashboardBaseUrl: 'https://dash.example.com/',
    });
    expect(email).toBeDefined();
    const { subject, text, html, signals } = email!;
    expect(signals).toEqual(['credit_drift']);
    expect(subject).toBe('Model monitor credit & co: signal credit_drift breached thresholds');
    const url =
      'https://dash.example.com/#/monitors/credit%20%26%20co/runs/credit%20%26%20co-20261126T040000000Z';
    expect(text).toContain(url);
    expect(text).toContain('feature AGE <script>: NormalizedWassersteinDistance = 0.25 (threshold 0.1)');
    expect(text).toContain('2026-11-26T04:00:00.000Z');
    expect(text).toContain(
      "The signal 'credit_drift' has failed due to one or more features violating metric thresholds.",
    );
    expect(text).not.toContain('SEX');
    expect(text).not.toContain('QUIET');
    expect(html).toContain('AGE &lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('credit &amp; co');
    expect(html).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('<td>0.25</td><td>0.1</td>');
  });

  it('breach message follows Azure (FACTS §6)', () => {
    expect(breachMessage('s', [breachedDrift.metrics[0]!])).toBe(
      "The signal 's' has failed due to one or more features violating metric thresholds.\n" +
        'The feature names and their corresponding computed metric values violating the threshold are \n' +
        `['{"metric_value":0.25,"metric_name":"NormalizedWassersteinDistance","threshold_value":0.1,"group":"AGE <script>"}']\n`,
    );
    expect(runUrl('http://h:1/base//', 'm', 'r')).toBe('http://h:1/base/#/monitors/m/runs/r');
  });
});

describe('sendRunAlert', () => {
  const ctx = { runId: 'r1', dashboardBaseUrl: 'http://d' };
  const now = (): string => '2026-11-26T04:01:00.000Z';
  it('records sent, failed (returned or thrown) and nothing-to-send', async () => {
    const sent: MailMessage[] = [];
    const ok: Mailer = {
      send: (m) => {
        sent.push(m);
        return Promise.resolve({ ok: true, messageId: '<id@x>' });
      },
    };
    const r = result({ d: breachedDrift });
    expect(await sendRunAlert(ok, r, ['a@x.org'], ctx, now)).toEqual({
      state: 'sent',
      recipients: ['a@x.org'],
      messageId: '<id@x>',
      sentAt: now(),
    });
    expect(sent[0]?.to).toEqual(['a@x.org']);
    const refused: Mailer = { send: () => Promise.resolve({ ok: false, error: 'ECONNREFUSED' }) };
    expect(await sendRunAlert(refused, r, ['a@x.org'], ctx, now)).toEqual({
      state: 'failed',
      recipients: ['a@x.org'],
      error: 'ECONNREFUSED',
    });
    const throwing: Mailer = { send: () => Promise.reject(new Error('boom')) };
    expect((await sendRunAlert(throwing, r, ['a@x.org'], ctx, now)).error).toBe('boom');
    expect(await sendRunAlert(ok, r, [], ctx, now)).toEqual({ state: 'none', recipients: [] });
    expect(await sendRunAlert(ok, result({ q: quietBreach }), ['a@x.org'], ctx, now)).toEqual({
      state: 'none',
      recipients: [],
    });
  });
});
