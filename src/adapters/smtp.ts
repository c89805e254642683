/**
 * Mailer over SMTP with nodemailer. Never throws: a refused connection, a rejected recipient or a timeout
 * comes back as `{ok:false, error}` for the run record, because an email failure must not fail the run.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../core/ports.js';
import type { SmtpSettings } from './settings.js';

export interface SmtpMailerOptions {
  readonly smtp: SmtpSettings;
  readonly from: string;
  /** Connection/greeting/socket timeouts in ms (default 10 s each). */
  readonly timeoutMs?: number;
  /** Accept self-signed certificates (local test servers only). */
  readonly allowSelfSigned?: boolean;
}

export function smtpMailer(opts: SmtpMailerOptions): Mailer {
  const timeout = opts.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: opts.smtp.host,
    port: opts.smtp.port,
    secure: opts.smtp.secure,
    ...(opts.smtp.user === undefined
      ? {}
      : { auth: { user: opts.smtp.user, pass: opts.smtp.password ?? '' } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(opts.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: [...message.to],
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
        return { ok: true, messageId: info.messageId };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
