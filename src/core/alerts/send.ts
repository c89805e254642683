/** Sends a run's alert email (if there is anything to alert about) and returns the state to record on the run. */
import type { Mailer } from '../ports.js';
import type { EmailState } from '../runs/records.js';
import type { EvaluationResult } from '../runs/result.js';
import { renderAlertEmail, type AlertContext } from './email.js';

export async function sendRunAlert(
  mailer: Mailer | undefined,
  result: EvaluationResult,
  recipients: readonly string[],
  ctx: AlertContext,
  now: () => string,
): Promise<EmailState> {
  const email = renderAlertEmail(result, ctx);
  if (!email || recipients.length === 0) return { state: 'none', recipients: [] };
  if (!mailer)
    return {
      state: 'failed',
      recipients,
      error: 'no mailer configured (SMTP_URL or ACS_EMAIL_CONNECTION_STRING)',
    };
  let outcome;
  try {
    outcome = await mailer.send({
      to: recipients,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  } catch (err) {
    // Mailers should not throw; if one does, the run still must not fail because of it.
    outcome = { ok: false as const, error: err instanceof Error ? err.message : String(err) };
  }
  return outcome.ok
    ? { state: 'sent', recipients, messageId: outcome.messageId, sentAt: now() }
    : { state: 'failed', recipients, error: outcome.error };
}
