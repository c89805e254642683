/**
 * Event Grid event-subscription filters, evaluated the way Event Grid evaluates them, so that tests (and the local
 * dev host) can tell which events a subscription would receive. The input is the ARM `filter` object of a
 * `Microsoft.EventGrid/.../eventSubscriptions` resource, unchanged.
 *
 * Rules (Microsoft Learn, "Understand event filtering for Event Grid subscriptions", articles/event-grid/
 * event-filtering.md in MicrosoftDocs/azure-docs):
 * - several advanced filters are ANDed; the values of one filter are ORed, except for the Not operators, which
 *   match only when *none* of the values matches ("FAIL_MATCH" in the docs' pseudo code);
 * - all string comparisons are case-insensitive; keys are matched case-insensitively too: the docs write keys as
 *   `Data.Key1` / `Subject` for `data.key1` / `subject`, and Azure ML's documented filter key
 *   `data.RunTags.azureml_modelmonitor_threshold_breached` selects events whose payload has `runTags`;
 * - arrays: only with `enableAdvancedFilteringOnArrays: true`; then every element is tried ("FOR_EACH key IN (v1,
 *   v2, v3)") and elements whose type differs from the filter's type are ignored. Without the flag an array value
 *   makes the match fail ("If an incoming event has an array value for the advanced filter's key, the matching
 *   operation fails");
 * - a key missing from the event: "the filter is evaluated as not matched for NumberGreaterThan,
 *   NumberGreaterThanOrEquals, NumberLessThan, NumberLessThanOrEquals, NumberIn, BoolEquals, StringContains,
 *   StringNotContains, StringBeginsWith, StringNotBeginsWith, StringEndsWith, StringNotEndsWith, StringIn" and
 *   "as matched for NumberNotIn, StringNotIn". IsNullOrUndefined is true for a missing key. The docs do not list
 *   NumberInRange / NumberNotInRange / IsNotNull: we treat them as not matched (like the other operators added
 *   with them in API 2020-10-15-preview, e.g. StringNotContains). A JSON `null` is treated like a missing key.
 * - string operators compare numbers and booleans by their JSON text (the docs' CloudEvents example filters a
 *   numeric extension attribute with StringBeginsWith "5").
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const NUMBER_SET_OPERATORS = ['NumberIn', 'NumberNotIn'] as const;
const NUMBER_COMPARE_OPERATORS = [
  'NumberLessThan',
  'NumberGreaterThan',
  'NumberLessThanOrEquals',
  'NumberGreaterThanOrEquals',
] as const;
const NUMBER_RANGE_OPERATORS = ['NumberInRange', 'NumberNotInRange'] as const;
const STRING_OPERATORS = [
  'StringContains',
  'StringNotContains',
  'StringBeginsWith',
  'StringNotBeginsWith',
  'StringEndsWith',
  'StringNotEndsWith',
  'StringIn',
  'StringNotIn',
] as const;
const NULL_OPERATORS = ['IsNullOrUndefined', 'IsNotNull'] as const;

export type NumberSetOperator = (typeof NUMBER_SET_OPERATORS)[number];
export type NumberCompareOperator = (typeof NUMBER_COMPARE_OPERATORS)[number];
export type NumberRangeOperator = (typeof NUMBER_RANGE_OPERATORS)[number];
export type StringOperator = (typeof STRING_OPERATORS)[number];
export type NullOperator = (typeof NULL_OPERATORS)[number];

export type AdvancedFilter =
  | { readonly operatorType: NumberSetOperator; readonly key: string; readonly values: readonly number[] }
  | { readonly operatorType: NumberCompareOperator; readonly key: string; readonly value: number }
  | {
      readonly operatorType: NumberRangeOperator;
      readonly key: string;
      readonly values: readonly (readonly [number, number])[];
    }
  | { readonly operatorType: 'BoolEquals'; readonly key: string; readonly value: boolean }
  | { readonly operatorType: StringOperator; readonly key: string; readonly values: readonly string[] }
  | { readonly operatorType: NullOperator; readonly key: string };

export type OperatorType = AdvancedFilter['operatorType'];

/** The ARM `filter` object of an event subscription (fields we evaluate; unknown fields are ignored). */
export interface SubscriptionFilter {
  readonly includedEventTypes?: readonly string[] | null;
  readonly subjectBeginsWith?: string | null;
  readonly subjectEndsWith?: string | null;
  readonly isSubjectCaseSensitive?: boolean | null;
  readonly enableAdvancedFilteringOnArrays?: boolean | null;
  readonly advancedFilters?: readonly AdvancedFilter[] | null;
}

export interface FilterIssue {
  readonly path: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly filter: SubscriptionFilter }
  | { readonly ok: false; readonly issues: readonly FilterIssue[] };

/** Where the key was found, or not. */
type Lookup = { readonly found: false } | { readonly found: true; readonly value: JsonValue };

const NOT_FOUND: Lookup = { found: false };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getProperty(obj: JsonObject, name: string): Lookup {
  if (Object.hasOwn(obj, name)) return { found: true, value: obj[name] as JsonValue };
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) {
    if (k.toLowerCase() === lower) return { found: true, value: obj[k] as JsonValue };
  }
  return NOT_FOUND;
}

// CloudEvents 1.0 attribute names for the keys the docs list for the CloudEvents schema.
const CLOUDEVENT_ALIASES: Readonly<Record<string, string>> = { eventid: 'id', eventtype: 'type' };

/** Resolves a dotted key (`data.RunTags.x`, `Subject`, `eventType`) case-insensitively. */
export function lookupKey(event: JsonValue, key: string): Lookup {
  const segments = key.split('.');
  let current: Lookup = { found: true, value: event };
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    if (!current.found || !isObject(current.value)) return NOT_FOUND;
    let next = getProperty(current.value, seg);
    if (!next.found && i === 0 && 'specversion' in current.value) {
      const alias = CLOUDEVENT_ALIASES[seg.toLowerCase()];
      if (alias !== undefined) next = getProperty(current.value, alias);
    }
    current = next;
  }
  return current;
}

function isNegative(op: OperatorType): boolean {
  return (
    op === 'NumberNotIn' ||
    op === 'NumberNotInRange' ||
    op === 'StringNotContains' ||
    op === 'StringNotBeginsWith' ||
    op === 'StringNotEndsWith' ||
    op === 'StringNotIn'
  );
}

/** A value as the string operators see it (lower-cased); `undefined` for objects, arrays and null. */
function asString(v: JsonValue): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  return undefined;
}

function stringPredicate(op: StringOperator, value: string, filterValue: string): boolean {
  const f = filterValue.toLowerCase();
  switch (op) {
    case 'StringContains':
    case 'StringNotContains':
      return value.includes(f);
    case 'StringBeginsWith':
    case 'StringNotBeginsWith':
      return value.startsWith(f);
    case 'StringEndsWith':
    case 'StringNotEndsWith':
      return value.endsWith(f);
    case 'StringIn':
    case 'StringNotIn':
      return value === f;
  }
}

/** Does any (candidate, filter value) pair satisfy the operator's comparison? */
function anyPairMatches(filter: AdvancedFilter, candidates: readonly JsonValue[]): boolean {
  switch (filter.operatorType) {
    case 'NumberIn':
    case 'NumberNotIn':
      return candidates.some((c) => typeof c === 'number' && filter.values.some((f) => c === f));
    case 'NumberLessThan':
      return candidates.some((c) => typeof c === 'number' && c < filter.value);
    case 'NumberGreaterThan':
      return candidates.some((c) => typeof c === 'number' && c > filter.value);
    case 'NumberLessThanOrEquals':
      return candidates.some((c) => typeof c === 'number' && c <= filter.value);
    case 'NumberGreaterThanOrEquals':
      return candidates.some((c) => typeof c === 'number' && c >= filter.value);
    case 'NumberInRange':
    case 'NumberNotInRange':
      return candidates.some(
        (c) => typeof c === 'number' && filter.values.some(([lo, hi]) => c >= lo && c <= hi),
      );
    case 'BoolEquals':
      return candidates.some((c) => typeof c === 'boolean' && c === filter.value);
    case 'IsNullOrUndefined':
    case 'IsNotNull':
      return false; // handled before
    default: {
      const op = filter.operatorType;
      const values = filter.values;
      return candidates.some((c) => {
        const s = asString(c);
        return s !== undefined && values.some((f) => stringPredicate(op, s, f));
      });
    }
  }
}

/** Evaluates one advanced filter against an event. */
export function matchesAdvancedFilter(
  filter: AdvancedFilter,
  event: JsonValue,
  enableArrays = false,
): boolean {
  const found = lookupKey(event, filter.key);
  const missing = !found.found || found.value === null;
  if (filter.operatorType === 'IsNullOrUndefined') return missing;
  if (filter.operatorType === 'IsNotNull') return !missing;
  if (missing) return filter.operatorType === 'NumberNotIn' || filter.operatorType === 'StringNotIn';
  const value = found.value;
  let candidates: readonly JsonValue[];
  if (Array.isArray(value)) {
    if (!enableArrays) return false;
    candidates = value as readonly JsonValue[];
  } else {
    candidates = [value];
  }
  const hit = anyPairMatches(filter, candidates);
  return isNegative(filter.operatorType) ? !hit : hit;
}

function eventTypeOf(event: JsonObject): string | undefined {
  const t = getProperty(event, 'eventType');
  if (t.found && typeof t.value === 'string') return t.value;
  const ce = getProperty(event, 'type');
  return ce.found && typeof ce.value === 'string' ? ce.value : undefined;
}

/** Would a subscription with this `filter` receive this event (Event Grid or CloudEvents schema)? */
export function matchesSubscriptionFilter(filter: SubscriptionFilter, event: JsonValue): boolean {
  if (!isObject(event)) return false;
  const types = filter.includedEventTypes;
  if (types && types.length > 0 && !types.some((t) => t.toLowerCase() === 'all')) {
    const type = eventTypeOf(event)?.toLowerCase();
    if (type === undefined || !types.some((t) => t.toLowerCase() === type)) return false;
  }
  const begins = filter.subjectBeginsWith ?? '';
  const ends = filter.subjectEndsWith ?? '';
  if (begins !== '' || ends !== '') {
    const s = getProperty(event, 'subject');
    if (!s.found || typeof s.value !== 'string') return false;
    const cs = filter.isSubjectCaseSensitive === true;
    const subject = cs ? s.value : s.value.toLowerCase();
    if (!subject.startsWith(cs ? begins : begins.toLowerCase())) return false;
    if (!subject.endsWith(cs ? ends : ends.toLowerCase())) return false;
  }
  const arrays = filter.enableAdvancedFilteringOnArrays === true;
  return (filter.advancedFilters ?? []).every((f) => matchesAdvancedFilter(f, event, arrays));
}

const ALL_OPERATORS: ReadonlySet<string> = new Set<string>([
  ...NUMBER_SET_OPERATORS,
  ...NUMBER_COMPARE_OPERATORS,
  ...NUMBER_RANGE_OPERATORS,
  'BoolEquals',
  ...STRING_OPERATORS,
  ...NULL_OPERATORS,
]);

function includes<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

/** Checks an ARM `filter` object (e.g. read from a template) and returns it typed, or the problems found. */
export function parseSubscriptionFilter(input: unknown): ParseResult {
  const issues: FilterIssue[] = [];
  if (!isObject(input)) return { ok: false, issues: [{ path: '', message: 'expected an object' }] };
  const optString = (name: string): void => {
    const v = input[name];
    if (v !== undefined && v !== null && typeof v !== 'string')
      issues.push({ path: name, message: 'expected a string' });
  };
  const optBool = (name: string): void => {
    const v = input[name];
    if (v !== undefined && v !== null && typeof v !== 'boolean')
      issues.push({ path: name, message: 'expected a boolean' });
  };
  optString('subjectBeginsWith');
  optString('subjectEndsWith');
  optBool('isSubjectCaseSensitive');
  optBool('enableAdvancedFilteringOnArrays');
  const types = input['includedEventTypes'];
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) {
      issues.push({ path: 'includedEventTypes', message: 'expected an array of strings' });
    }
  }
  const advanced = input['advancedFilters'];
  if (advanced !== undefined && advanced !== null) {
    if (!Array.isArray(advanced)) {
      issues.push({ path: 'advancedFilters', message: 'expected an array' });
    } else {
      (advanced as readonly JsonValue[]).forEach((f, i) => {
        issues.push(...checkAdvancedFilter(f, `advancedFilters[${i}]`));
      });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, filter: input };
}

function checkAdvancedFilter(f: JsonValue, path: string): FilterIssue[] {
  if (!isObject(f)) return [{ path, message: 'expected an object' }];
  const op = f['operatorType'];
  if (typeof op !== 'string' || !ALL_OPERATORS.has(op)) {
    return [{ path: `${path}.operatorType`, message: `unknown operator ${JSON.stringify(op)}` }];
  }
  const issues: FilterIssue[] = [];
  if (typeof f['key'] !== 'string' || f['key'] === '')
    issues.push({ path: `${path}.key`, message: 'expected a key' });
  const values = f['values'];
  const value = f['value'];
  const arrayOf = (pred: (v: JsonValue) => boolean): boolean => Array.isArray(values) && values.every(pred);
  if (includes(NUMBER_SET_OPERATORS, op)) {
    if (!arrayOf((v) => typeof v === 'number'))
      issues.push({ path: `${path}.values`, message: 'expected numbers' });
  } else if (includes(NUMBER_COMPARE_OPERATORS, op)) {
    if (typeof value !== 'number') issues.push({ path: `${path}.value`, message: 'expected a number' });
  } else if (includes(NUMBER_RANGE_OPERATORS, op)) {
    const isRange = (v: JsonValue): boolean =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
    if (!arrayOf(isRange)) issues.push({ path: `${path}.values`, message: 'expected [low, high] pairs' });
  } else if (op === 'BoolEquals') {
    if (typeof value !== 'boolean') issues.push({ path: `${path}.value`, message: 'expected a boolean' });
  } else if (includes(STRING_OPERATORS, op)) {
    if (!arrayOf((v) => typeof v === 'string'))
      issues.push({ path: `${path}.values`, message: 'expected strings' });
  }
  return issues;
}
