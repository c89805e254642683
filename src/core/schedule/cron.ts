/**
 * Five-field cron (`MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK`). ★ All five fields are honoured (Azure ML
 * ignores day-of-month and month and treats them as `*`). When both day fields are restricted a day matches
 * if either matches (standard cron OR rule). Names (JAN-DEC, SUN-SAT) are accepted; day-of-week 7 = Sunday.
 */

export interface CronExpression {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly monthDays: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekDays: ReadonlySet<number>;
  /** True when the field does not start with `*` (cron's rule for combining the two day fields). */
  readonly monthDaysRestricted: boolean;
  readonly weekDaysRestricted: boolean;
}

export type CronResult =
  { readonly ok: true; readonly cron: CronExpression } | { readonly ok: false; readonly error: string };

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface FieldDef {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesBase?: number;
}

const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesBase: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesBase: 0 },
];

function parseValue(text: string, def: FieldDef): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const idx = def.names?.indexOf(text.toUpperCase()) ?? -1;
  return idx >= 0 ? idx + (def.namesBase ?? 0) : undefined;
}

export function parseField(text: string, def: FieldDef): Set<number> | string {
  const out = new Set<number>();
  const expected = `expected ${def.min}-${def.max}${def.names ? ` or ${def.names[0] ?? ''}-${def.names.at(-1) ?? ''}` : ''}`;
  for (const part of text.split(',')) {
    const [rangeText, stepText, extra] = part.split('/');
    if (rangeText === undefined || rangeText === '' || extra !== undefined)
      return `bad ${def.name} field '${text}'`;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0)
        return `bad step '${stepText}' in ${def.name} field`;
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (rangeText === '*') {
      lo = def.min;
      hi = def.name === 'day-of-week' ? 6 : def.max;
    } else {
      const [a, b, more] = rangeText.split('-');
      if (a === undefined || more !== undefined) return `bad ${def.name} field '${text}'`;
      const av = parseValue(a, def);
      if (av === undefined || av < def.min || av > def.max)
        return `bad ${def.name} value '${a}'; ${expected}`;
      lo = av;
      if (b !== undefined) {
        const bv = parseValue(b, def);
        if (bv === undefined || bv < def.min || bv > def.max)
          return `bad ${def.name} value '${b}'; ${expected}`;
        if (bv < av) return `bad ${def.name} range '${rangeText}' (start after end)`;
        hi = bv;
      } else {
        hi = stepText === undefined ? av : def.name === 'day-of-week' ? 6 : def.max;
      }
    }
    for (let v = lo; v <= hi; v += step) out.add(def.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expression: string): CronResult {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      error: `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    };
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(fields[i] ?? '', FIELDS[i] ?? { name: '', min: 0, max: 0 });
    if (typeof r === 'string') return { ok: false, error: r };
    sets.push(r);
  }
  const [minutes, hours, monthDays, months, weekDays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  return {
    ok: true,
    cron: {
      minutes: [...minutes].sort((a, b) => a - b),
      hours: [...hours].sort((a, b) => a - b),
      monthDays,
      months,
      weekDays,
      monthDaysRestricted: !(fields[2] ?? '*').startsWith('*'),
      weekDaysRestricted: !(fields[4] ?? '*').startsWith('*'),
    },
  };
}

/** Whether a local calendar day (month 1-12, weekday 0 = Sunday) matches the cron's day fields. */
export function cronMatchesDay(cron: CronExpression, month: number, day: number, weekday: number): boolean {
  if (!cron.months.has(month)) return false;
  const dom = cron.monthDays.has(day);
  const dow = cron.weekDays.has(weekday);
  if (cron.monthDaysRestricted && cron.weekDaysRestricted) return dom || dow;
  return dom && dow;
}
