/**
 * Monitor YAML text → `MonitorSpec`, or every problem with its YAML path, line and what was expected.
 * Steps: parse with positions → recognise non-monitor documents → translate older dialects (warnings) →
 * zod schema → defaults and cross-field checks.
 */
import type { z } from 'zod';
import { originalPath, translateDialects, type PathAlias } from './dialect.js';
import { formatPath, type PathSegment, type SpecIssue, type SpecWarning } from './issues.js';
import { normalizeMonitor } from './normalize.js';
import { monitorScheduleSchema } from './schema.js';
import type { MonitorSpec } from './types.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export type SpecResult =
  | { readonly ok: true; readonly spec: MonitorSpec; readonly warnings: readonly SpecWarning[] }
  | {
      readonly ok: false;
      /** True when the document is valid YAML but not a monitor schedule (component, deployment, ...). */
      readonly notMonitorSchedule: boolean;
      readonly problems: readonly SpecIssue[];
      readonly warnings: readonly SpecWarning[];
    };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a non-monitor document looks like, for the "not a monitor schedule" message. */
export function describeDocument(value: unknown): string {
  if (value === null || value === undefined) return 'an empty document';
  if (!isObj(value)) return `${Array.isArray(value) ? 'a list' : 'a scalar'}, not a mapping`;
  const schema = typeof value.$schema === 'string' ? value.$schema.toLowerCase() : '';
  const type = typeof value.type === 'string' ? value.type.toLowerCase() : '';
  if (isObj(value.properties) && 'action' in value.properties) {
    return 'a REST API request body (properties.action), not the YAML that az ml schedule create takes';
  }
  if (schema.includes('deployment') || 'endpoint_name' in value) return 'an online deployment';
  if (schema.includes('endpoint') || 'auth_mode' in value) return 'an online endpoint';
  if (schema.includes('component') || ((type === 'spark' || type === 'command') && 'inputs' in value))
    return `a ${type || 'component'} component spec`;
  if (type === 'pipeline' || 'jobs' in value) return 'a pipeline job';
  if ('dependencies' in value || 'channels' in value) return 'a conda environment file';
  if ('create_job' in value) return 'a job schedule (create_job)';
  if (schema.includes('environment') || 'image' in value) return 'an environment';
  return 'a document without create_monitor';
}

export function parseMonitorYaml(text: string): SpecResult {
  const source = parseYamlSource(text);
  if (source.errors.length > 0) {
    return {
      ok: false,
      notMonitorSchedule: false,
      problems: source.errors.map((e) => ({
        path: '(document)',
        line: e.line,
        message: `invalid YAML: ${e.message}`,
      })),
      warnings: [],
    };
  }
  const value = source.value;
  if (!isObj(value) || !('create_monitor' in value)) {
    return {
      ok: false,
      notMonitorSchedule: true,
      problems: [
        {
          path: '(document)',
          line: 1,
          message: `not a monitor schedule: this looks like ${describeDocument(value)}; expected a schedule with trigger and create_monitor`,
        },
      ],
      warnings: [],
    };
  }

  const translation = translateDialects(value);
  const locate = (path: readonly PathSegment[]): { path: string; line: number | undefined } => {
    const original = originalPath(path, translation.aliases);
    return { path: formatPath(original), line: source.lineOf(original) };
  };
  const warnings: SpecWarning[] = translation.notes.map((n) => ({
    ...locate(n.path),
    message: n.message,
    kind: 'dialect',
  }));

  const parsed = monitorScheduleSchema.safeParse(translation.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) =>
      issueToProblems(issue, translation.value, translation.aliases, source),
    );
    return { ok: false, notMonitorSchedule: false, problems: sortIssues(problems), warnings };
  }
  const normalized = normalizeMonitor(parsed.data);
  for (const w of normalized.warnings) warnings.push({ ...locate(w.path), message: w.message, kind: w.kind });
  if (normalized.spec === undefined || normalized.problems.length > 0) {
    return {
      ok: false,
      notMonitorSchedule: false,
      problems: sortIssues(normalized.problems.map((p) => ({ ...locate(p.path), message: p.message }))),
      warnings,
    };
  }
  return { ok: true, spec: normalized.spec, warnings };
}

function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path));
}

function valueAt(root: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObj(v) && String(seg) in v) v = v[String(seg)];
    else return { found: false, value: undefined };
  }
  return { found: v !== undefined, value: v };
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string '${v}'`;
  return typeof v === 'number' || typeof v === 'boolean' ? `${typeof v} ${v}` : typeof v;
}

function expectedName(expected: string): string {
  const names: Readonly<Record<string, string>> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

const UNION_EXPECTATIONS: readonly [string, string][] = [
  ['alert_notification', 'expected azmonitoring or {emails: [<address>, ...]}'],
  ['compute', 'expected {instance_type, runtime_version} (or a compute name)'],
];

function issueToProblems(
  issue: z.core.$ZodIssue,
  root: unknown,
  aliases: readonly PathAlias[],
  source: YamlSource,
): SpecIssue[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const at = (p: readonly PathSegment[], message: string): SpecIssue => {
    const original = originalPath(p, aliases);
    // A scalar where a list is allowed (`hours: 24`) is validated as a one-item list: drop the index.
    while (
      typeof original.at(-1) === 'number' &&
      !source.has(original) &&
      source.has(original.slice(0, -1))
    ) {
      original.pop();
    }
    return { path: formatPath(original), line: source.lineOf(original), message };
  };
  let { found, value } = valueAt(root, path);
  if (!found && path.at(-1) === 0) {
    // A scalar validated as a one-item list.
    const parent = valueAt(root, path.slice(0, -1));
    if (parent.found && !Array.isArray(parent.value)) ({ found, value } = parent);
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) =>
        at([...path, k], issue.message.startsWith('unknown') ? issue.message : 'unknown key'),
      );
    case 'invalid_type':
      return [
        at(
          path,
          found
            ? `expected ${expectedName(issue.expected)}, got ${describeValue(value)}`
            : `missing required field; expected ${expectedName(issue.expected)}`,
        ),
      ];
    case 'invalid_value':
      return [
        at(
          path,
          `${found ? `unknown value ${describeValue(value)}` : 'missing required field'}; expected one of ${issue.values.map(String).join(', ')}`,
        ),
      ];
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        return [
          at(
            path,
            found
              ? issue.message.replace(
                  /^(unknown [a-z ]+);/,
                  `$1 ${typeof value === 'string' ? `'${value}'` : describeValue(value)};`,
                )
              : issue.message.replace(/^unknown [a-z ]+;/, 'missing required field;'),
          ),
        ];
      }
      const last = path.at(-1);
      const expectation = UNION_EXPECTATIONS.find(([k]) => k === last)?.[1] ?? 'unexpected value';
      return [at(path, found ? expectation : `missing required field; ${expectation}`)];
    }
    case 'too_small':
      if (issue.origin === 'array') return [at(path, `expected at least ${String(issue.minimum)} item(s)`)];
      if (issue.origin === 'string') return [at(path, 'expected a non-empty string')];
      return [at(path, `expected a number >= ${String(issue.minimum)}, got ${describeValue(value)}`)];
    case 'too_big':
      return [at(path, `expected a number <= ${String(issue.maximum)}, got ${describeValue(value)}`)];
    case 'custom':
      return [at(path, issue.message)];
    default:
      return [at(path, issue.message)];
  }
}
