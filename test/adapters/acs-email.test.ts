/**
 * The ACS mailer against a local HTTP peer that speaks the ACS Email REST protocol: POST /emails:send answers
 * 202 with an Operation-Location, the operation is then polled until it reports its final status.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsMailer } from '../../src/adapters/acs-email.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server;
let endpoint: string;
const received: Received[] = [];
let finalStatus = 'Succeeded';
let acceptSend = true;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.method === 'POST' && req.url?.startsWith('/emails:send')) {
        if (!acceptSend) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: { code: 'InvalidSender', message: 'sender domain not verified' } }),
          );
          return;
        }
        res.writeHead(202, {
          'content-type': 'application/json',
          'operation-location': `${endpoint}/emails/operations/op-1?api-version=2023-03-31`,
          'retry-after': '0',
        });
        res.end(JSON.stringify({ id: 'op-1', status: 'Running' }));
        return;
      }
      if (req.method === 'GET' && req.url?.startsWith('/emails/operations/op-1')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            finalStatus === 'Succeeded'
              ? { id: 'op-1', status: 'Succeeded' }
              : {
                  id: 'op-1',
                  status: finalStatus,
                  error: { code: 'Rejected', message: 'recipient rejected' },
                },
          ),
        );
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const message = {
  to: ['ops@example.com', 'ml@example.com'],
  subject: "Model monitor 'credit': signal 'drift' breached thresholds",
  text: 'AGE NormalizedWassersteinDistance 0.31 > 0.1',
  html: '<p>AGE NormalizedWassersteinDistance 0.31 &gt; 0.1</p>',
};

describe('acsMailer', () => {
  it('sends the message signed with the access key and waits for the operation to succeed', async () => {
    received.length = 0;
    finalStatus = 'Succeeded';
    acceptSend = true;
    const mailer = acsMailer({
      connectionString: `endpoint=${endpoint}/;accesskey=${Buffer.from('secret-key').toString('base64')}`,
      from: 'Model Monitor <alerts@contoso.example>',
      pollIntervalMs: 10,
    });
    const outcome = await mailer.send(message);
    expect(outcome).toEqual({ ok: true, messageId: 'op-1' });
    const send = received.find((r) => r.method === 'POST');
    expect(send).toBeDefined();
    expect(send!.headers.authorization).toMatch(/^HMAC-SHA256 SignedHeaders=.*&Signature=/);
    const body = JSON.parse(send!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      senderAddress: 'alerts@contoso.example',
      recipients: { to: [{ address: 'ops@example.com' }, { address: 'ml@example.com' }] },
      content: { subject: message.subject, plainText: message.text, html: message.html },
    });
    expect(received.some((r) => r.method === 'GET' && r.url.startsWith('/emails/operations/op-1'))).toBe(
      true,
    );
  });

  it('returns the failure instead of throwing when the operation fails or the request is rejected', async () => {
    const mailer = acsMailer({
      connectionString: `endpoint=${endpoint}/;accesskey=${Buffer.from('k').toString('base64')}`,
      from: 'alerts@contoso.example',
      pollIntervalMs: 10,
    });
    finalStatus = 'Failed';
    acceptSend = true;
    const failed = await mailer.send(message);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatch(/failed/i);
    acceptSend = false;
    const rejected = await mailer.send(message);
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) expect(rejected.error).toContain('sender domain not verified');
  });

  it('reports an unreachable service as a failed outcome', async () => {
    const mailer = acsMailer({
      connectionString: `endpoint=http://127.0.0.1:9/;accesskey=${Buffer.from('k').toString('base64')}`,
      from: 'alerts@contoso.example',
      pollIntervalMs: 10,
    });
    const outcome = await mailer.send(message);
    expect(outcome.ok).toBe(false);
  });
});
