/** A monitor's trigger in words ("Every day at 03:15 (UTC)"), for the monitors list. */
import type { Trigger } from '../schedule/trigger.js';

const pad = (n: number): string => String(n).padStart(2, '0');
const plural = (n: number, unit: string): string => (n === 1 ? unit : `${n} ${unit}s`);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function times(hours: readonly number[], minutes: readonly number[]): string {
  const out: string[] = [];
  for (const h of [...hours].sort((a, b) => a - b))
    for (const m of [...minutes].sort((a, b) => a - b)) out.push(`${pad(h)}:${pad(m)}`);
  if (out.length > 6) return `${out.slice(0, 5).join(', ')} and ${out.length - 5} more times`;
  return out.length <= 1 ? out.join('') : `${out.slice(0, -1).join(', ')} and ${out.at(-1) ?? ''}`;
}

export function describeTrigger(t: Trigger): string {
  const zone = ` (${t.timeZoneName})`;
  if (t.type === 'cron') return `Cron "${t.expression}"${zone}`;
  let text = `Every ${plural(t.interval, t.frequency)}`;
  const s = t.schedule;
  if (s) {
    if (s.weekDays && s.weekDays.length > 0) text += ` on ${s.weekDays.map(cap).join(', ')}`;
    if (s.monthDays && s.monthDays.length > 0) text += ` on day ${s.monthDays.join(', ')}`;
    if (s.hours.length > 0 && s.minutes.length > 0) text += ` at ${times(s.hours, s.minutes)}`;
    else if (s.minutes.length > 0) text += ` at minute ${s.minutes.join(', ')}`;
  }
  return text + zone;
}
