/**
 * Mailer over Azure Communication Services Email (`@azure/communication-email`), used instead of SMTP when
 * ACS_EMAIL_CONNECTION_STRING is set. Never throws: a failed send comes back as `{ok:false, error}` for the run
 * record, because an email failure must not fail the run.
 */
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import type { Mailer } from '../core/ports.js';

export interface AcsMailerOptions {
  /** `endpoint=https://<resource>.communication.azure.com/;accesskey=<key>` */
  readonly connectionString: string;
  /** A verified sender address of the ACS email domain (ALERT_EMAIL_FROM). */
  readonly from: string;
  /** How often to poll the send operation (ms); ACS answers 202 and finishes asynchronously. */
  readonly pollIntervalMs?: number;
}

/** ACS wants a bare address as sender; ALERT_EMAIL_FROM may be `Name <address>`. */
function bareAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m?.[1] ?? from).trim();
}

export function acsMailer(opts: AcsMailerOptions): Mailer {
  const insecure = /endpoint=http:\/\//i.test(opts.connectionString);
  // An http endpoint only exists in tests against a local peer; Azure's is always https.
  const client = new EmailClient(opts.connectionString, insecure ? { allowInsecureConnection: true } : {});
  return {
    async send(message) {
      const email: EmailMessage = {
        senderAddress: bareAddress(opts.from),
        recipients: { to: message.to.map((address) => ({ address })) },
        content: { subject: message.subject, plainText: message.text, html: message.html },
      };
      try {
        const poller = await client.beginSend(email, { updateIntervalInMs: opts.pollIntervalMs ?? 2000 });
        const result = await poller.pollUntilDone();
        if (result.status !== 'Succeeded') {
          return {
            ok: false,
            error: `ACS email ${result.status}: ${result.error?.message ?? 'no reason given'}`,
          };
        }
        return { ok: true, messageId: result.id };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
