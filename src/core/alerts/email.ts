/**
 * The alert email for a run with breached alert-enabled signals (FACTS §12; Azure's own body is not public).
 * Subject names the monitor and the signals; the bodies list each breached feature/metric/value/threshold,
 * carry Azure's breach message per signal (FACTS §6) and link to the run on the dashboard.
 */
import type { EvaluationResult, MetricRow } from '../runs/result.js';

export interface AlertEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly signals: readonly string[];
}

export interface AlertContext {
  readonly runId: string;
  readonly dashboardBaseUrl: string;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function runUrl(dashboardBaseUrl: string, monitor: string, runId: string): string {
  const base = dashboardBaseUrl.replace(/\/+$/, '');
  return `${base}/#/monitors/${encodeURIComponent(monitor)}/runs/${encodeURIComponent(runId)}`;
}

const num = (v: number | null): string => (v === null ? 'n/a' : String(v));

/** Azure's breach message (FACTS §6): the sentence, then the breached rows as JSON strings in a list. */
export function breachMessage(signal: string, rows: readonly MetricRow[]): string {
  const items = rows.map(
    (r) =>
      `'${JSON.stringify({ metric_value: r.metric_value, metric_name: r.metric_name, threshold_value: r.threshold_value, group: r.group })}'`,
  );
  return (
    `The signal '${signal}' has failed due to one or more features violating metric thresholds.\n` +
    `The feature names and their corresponding computed metric values violating the threshold are \n` +
    `[${items.join(', ')}]\n`
  );
}

/** undefined when nothing alert-worthy breached (no email is sent). */
export function renderAlertEmail(result: EvaluationResult, ctx: AlertContext): AlertEmail | undefined {
  const breached = Object.entries(result.signals).filter(
    ([, s]) => s.status === 'Completed' && s.breached && s.alertEnabled,
  );
  if (breached.length === 0) return undefined;
  const names = breached.map(([n]) => n);
  const url = runUrl(ctx.dashboardBaseUrl, result.monitor, ctx.runId);
  const subject = `Model monitor ${result.monitor}: signal${names.length > 1 ? 's' : ''} ${names.join(', ')} breached thresholds`;

  const text: string[] = [
    `Model monitor "${result.monitor}" run ${ctx.runId} at ${result.runTime} found metric values beyond their thresholds.`,
    '',
  ];
  const html: string[] = [
    `<p>Model monitor <b>${escapeHtml(result.monitor)}</b> run ${escapeHtml(ctx.runId)} at ${escapeHtml(result.runTime)} found metric values beyond their thresholds.</p>`,
  ];
  for (const [name, signal] of breached) {
    const rows = signal.metrics.filter((m) => m.breached);
    text.push(`Signal ${name} (${signal.type}):`);
    for (const r of rows) {
      const feature = r.group === '' ? '(signal)' : r.group;
      text.push(
        `  - feature ${feature}: ${r.metric_name} = ${num(r.metric_value)} (threshold ${num(r.threshold_value)})`,
      );
    }
    text.push('', breachMessage(name, rows));
    html.push(
      `<h3>Signal ${escapeHtml(name)} (${escapeHtml(signal.type)})</h3>`,
      '<table border="1" cellpadding="4" cellspacing="0">',
      '<tr><th>Feature</th><th>Metric</th><th>Value</th><th>Threshold</th></tr>',
      ...rows.map(
        (r) =>
          `<tr><td>${escapeHtml(r.group === '' ? '(signal)' : r.group)}</td><td>${escapeHtml(r.metric_name)}</td>` +
          `<td>${escapeHtml(num(r.metric_value))}</td><td>${escapeHtml(num(r.threshold_value))}</td></tr>`,
      ),
      '</table>',
      `<pre>${escapeHtml(breachMessage(name, rows))}</pre>`,
    );
  }
  text.push(`Run details: ${url}`);
  html.push(`<p><a href="${escapeHtml(url)}">Open the run on the dashboard</a></p>`);
  return { subject, text: text.join('\n'), html: html.join('\n'), signals: names };
}
