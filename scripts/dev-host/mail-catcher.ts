/**
 * A local SMTP server that accepts every message (no auth, no TLS) and keeps it: the alert mail of local runs
 * goes here (SMTP_URL) instead of to a real mailbox. Each message is kept parsed and, when a folder is given,
 * written there as `<n>.eml` to open in a mail client.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { findPart, parseMime } from './mime.js';

export interface CaughtMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** The message as received (headers and MIME body). */
  readonly raw: string;
  readonly file?: string;
}

export interface MailCatcher {
  readonly url: string;
  readonly mails: readonly CaughtMail[];
  readonly stop: () => Promise<void>;
}

export async function startMailCatcher(opts: {
  readonly folder?: string;
  readonly onMail?: (m: CaughtMail) => void;
}): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mime = parseMime(raw);
        let file: string | undefined;
        if (opts.folder !== undefined) {
          mkdirSync(opts.folder, { recursive: true });
          file = path.join(opts.folder, `${String(mails.length + 1)}.eml`);
          writeFileSync(file, raw);
        }
        const mail: CaughtMail = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mime.headers.subject ?? '',
          text: (findPart(mime, 'text/plain') ?? mime).body,
          raw,
          ...(file === undefined ? {} : { file }),
        };
        mails.push(mail);
        opts.onMail?.(mail);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
