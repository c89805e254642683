/**
 * Keeps the README's "Azure ML compatibility: supported and different" tables honest where a machine can: the
 * signal types and metric keys they list are the ones the spec schema and the metric registry know, each
 * (signal, metric key) pair they name validates, the reference-YAML table matches what `parseMonitorYaml` says
 * about every file of the reference folder, and the concrete examples (cron, out-of-box defaults) hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, metricByYamlKey } from '../../src/core/metrics/registry.js';
import { nextFireTimes } from '../../src/core/schedule/index.js';
import {
  DATA_CONTEXTS,
  DEFAULT_DRIFT_THRESHOLDS,
  parseMonitorYaml,
  SIGNAL_TYPES,
  type SpecResult,
} from '../../src/core/spec/index.js';
import { AZUREML_YAMLS_DIR, REPO_ROOT } from '../helpers/paths.js';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const SECTION_HEADING = '## Azure ML compatibility: supported and different';

/** The text of a `## ` section (up to the next `## ` heading). */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no '${heading}'`);
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', heading.length);
  return next < 0 ? rest : rest.slice(0, next);
}

const SECTION = section(README, SECTION_HEADING);

/** Splits a Markdown table row on unescaped pipes (`\|` stays in the cell, as `|`). */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

interface Table {
  readonly header: string[];
  readonly rows: string[][];
}

/** The first table after a `### ` heading of the section. */
function tableUnder(heading: string): Table {
  const start = SECTION.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`no '### ${heading}' in the compatibility section`);
  const lines = SECTION.slice(start + 1).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const block: string[] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    block.push(l);
  }
  const [head, , ...body] = block;
  if (head === undefined) throw new Error(`no table under '${heading}'`);
  return { header: cells(head), rows: body.map(cells) };
}

/** The `code spans` of a cell. */
const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

/** GitHub's heading anchor. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** A minimal monitor around one signal (inputs default to the deployment's collector data where allowed). */
function monitorWith(signal: string): string {
  return `name: compat_check
trigger: {type: recurrence, frequency: day, interval: 1}
create_monitor:
  monitoring_target: {endpoint_deployment_id: "azureml:ep:blue"}
  monitoring_signals:
    s:
${signal
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;
}

const REFERENCE = `reference_data:
  input_data: {type: mltable, path: "azureml:ref:1"}
  data_context: training
  data_column_names: {target_column: y}`;

/** A signal of `type` whose `metric_thresholds` are `thresholds` (YAML flow text), or the smallest valid one. */
function signalOf(type: string, thresholds?: string): string {
  const mt = thresholds === undefined ? '' : `\nmetric_thresholds: ${thresholds}`;
  switch (type) {
    case 'feature_attribution_drift':
    case 'model_performance':
      return `type: ${type}\n${REFERENCE}${mt}`;
    case 'custom':
      return `type: custom\ncomponent_id: ./signal.mjs\nmetric_thresholds: ${thresholds ?? '[{metric_name: m, threshold: 1}]'}`;
    default:
      return `type: ${type}${mt}`;
  }
}

function problemsOf(r: SpecResult): string[] {
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('README compatibility section', () => {
  it('comes right after "Deploying to Azure"', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const i = headings.indexOf('Deploying to Azure');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(headings[i + 1]).toBe(SECTION_HEADING.slice(3));
  });

  it('links only to headings that exist', () => {
    const anchors = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? '')));
    const links = [...SECTION.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
  });
});

describe('Monitor YAML table', () => {
  const table = tableUnder('Monitor YAML');

  it('has the three columns and only yes / partly / no', () => {
    expect(table.header).toEqual(['Azure ML YAML', 'Supported here', 'How it differs from Azure ML']);
    for (const row of table.rows) expect(['yes', 'partly', 'no']).toContain(row[1]);
  });

  const signalRows = table.rows.flatMap((row) =>
    codes(row[0] ?? '')
      .filter((c) => c.startsWith('type: '))
      .map((c) => ({ type: c.slice('type: '.length), supported: row[1] ?? '' })),
  );

  it('lists every signal type of the schema, once', () => {
    expect(signalRows.map((s) => s.type).sort()).toEqual([...SIGNAL_TYPES].sort());
  });

  for (const { type, supported } of signalRows) {
    it(`type: ${type} (${supported}) validates${supported === 'no' ? ' as a skipped signal' : ''}`, () => {
      const r = parseMonitorYaml(monitorWith(signalOf(type)));
      expect(problemsOf(r)).toEqual([]);
      if (!r.ok) return;
      const s = r.spec.signals.find((x) => x.name === 's');
      expect(s?.type).toBe(type);
      const skipped = s !== undefined && s.skipped !== undefined;
      expect(skipped).toBe(supported === 'no');
      expect(r.warnings.some((w) => w.kind === 'unsupported-signal')).toBe(supported === 'no');
    });
  }

  it('names the data_context values the schema accepts', () => {
    const row = table.rows.find((r) => r[0] === '`data_context`');
    expect(row).toBeDefined();
    // The values are the parenthesised list after "All seven values accepted".
    const list = /values accepted \(([^)]*)\)/.exec(row?.[2] ?? '')?.[1] ?? '';
    const listed = codes(list);
    expect(listed.sort()).toEqual([...DATA_CONTEXTS].sort());
  });

  it('names the input_data types the schema accepts', () => {
    const row = table.rows.find((r) => (r[0] ?? '').includes('input_data: {type, path}'));
    const types = codes(row?.[2] ?? '').filter((c) => ['mltable', 'uri_folder', 'uri_file'].includes(c));
    expect(types.sort()).toEqual(['mltable', 'uri_file', 'uri_folder']);
    for (const t of types) {
      const r = parseMonitorYaml(
        monitorWith(`type: data_drift\nproduction_data:\n  input_data: {type: ${t}, path: ./x}`),
      );
      expect(problemsOf(r)).toEqual([]);
    }
  });

  it('the cron example fires only on the days the row says (all five fields honoured)', () => {
    const row = table.rows.find((r) => (r[0] ?? '').includes('type: cron'));
    const m = /`([^`]+)` fires on 1 January and 1 July only/.exec(row?.[2] ?? '');
    expect(m).not.toBeNull();
    const expression = m?.[1] ?? '';
    const r = parseMonitorYaml(
      `name: c\ntrigger: {type: cron, expression: "${expression}"}\ncreate_monitor:\n  monitoring_target: {endpoint_deployment_id: "azureml:ep:blue"}\n`,
    );
    expect(problemsOf(r)).toEqual([]);
    if (!r.ok) return;
    const times = nextFireTimes(r.spec.trigger, Date.parse('2026-01-01T00:00:00Z'), 4).map((t) =>
      new Date(t).toISOString(),
    );
    expect(times).toEqual([
      '2026-01-01T03:15:00.000Z',
      '2026-07-01T03:15:00.000Z',
      '2027-01-01T03:15:00.000Z',
      '2027-07-01T03:15:00.000Z',
    ]);
  });

  it('the out-of-box row matches the parsed out-of-box reference monitor', () => {
    const row = table.rows.find((r) => (r[0] ?? '').includes('no `monitoring_signals`'));
    const names = codes(row?.[2] ?? '').filter((c) => c.endsWith('-signal') && c !== 'token-usage-signal');
    const text = readFileSync(
      path.join(AZUREML_YAMLS_DIR, 'azureml-examples__cli__monitoring__out-of-box-monitoring.yaml'),
      'utf8',
    );
    const r = parseMonitorYaml(text);
    expect(problemsOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.spec.outOfBox).toBe(true);
    expect(r.spec.signals.map((s) => s.name)).toEqual(names);
    expect(r.spec.defaultWindowSize).toBe('P1D'); // daily trigger: W = P1D
    for (const s of r.spec.signals) {
      if (s.type === 'data_drift' || s.type === 'prediction_drift') {
        expect(s.thresholds).toEqual({
          numerical: { metric: 'normalized_wasserstein_distance', threshold: 0.1 },
          categorical: { metric: 'jensen_shannon_distance', threshold: 0.1 },
        });
      }
      if (s.type === 'data_quality') {
        const all = [...s.thresholds.numerical, ...s.thresholds.categorical];
        expect(all).toHaveLength(6);
        for (const t of all) expect(t.threshold).toBe(0);
      }
      if (s.type === 'data_drift' || s.type === 'prediction_drift' || s.type === 'data_quality') {
        expect(s.production.window).toEqual({ kind: 'trailing', size: 'P1D', offset: 'P0D' });
        expect(s.reference.window).toEqual({ kind: 'trailing', size: 'P2D', offset: 'P1D' });
        expect(s.reference.path).toBe(s.production.path);
      }
    }
  });
});

describe('Metric thresholds table', () => {
  const table = tableUnder('Metric thresholds, key by key');

  it('has one row per metric of the registry, with its output name and direction', () => {
    expect(table.header[0]).toBe('`metric_thresholds` key');
    const keys = table.rows.map((r) => codes(r[0] ?? '')[0]);
    expect([...keys].sort()).toEqual(METRICS.map((m) => m.yamlKey).sort());
    for (const row of table.rows) {
      const [keyCell = '', , name = '', breach = '', supported = ''] = row;
      const [key = '', ...aliases] = codes(keyCell);
      const info = metricByYamlKey(key);
      expect(info?.yamlKey, key).toBe(key);
      expect(name).toBe(info?.name);
      for (const a of aliases) expect(info?.yamlAliases).toContain(a);
      expect(breach.includes('<'), key).toBe(info?.direction === 'lower_is_bad');
      expect(breach.includes('reference rate +'), key).toBe(info?.relativeThreshold);
      expect(['yes', 'partly', 'no']).toContain(supported);
    }
  });

  /** The metric_thresholds YAML that sets `key` for one signal type and group. */
  function thresholdYaml(type: string, group: string | undefined, key: string): string {
    if (type === 'feature_attribution_drift') return `{${key}: 0.9}`;
    if (group === undefined) throw new Error(`${type} needs a group`);
    return `{${group}: {${key}: 0.5}}`;
  }

  for (const row of table.rows) {
    const [keyCell = '', where = '', , , , differs = ''] = row;
    const keys = codes(keyCell);
    const [signalPart = '', groupPart = ''] = where.split(':');
    const signals = codes(signalPart);
    const groups = [...codes(groupPart), ...(groupPart.match(/\b(numerical|categorical)\b/g) ?? [])];

    it(`${keys.join(' / ')} is accepted where the row says (${where})`, () => {
      expect(signals.length).toBeGreaterThan(0);
      for (const s of signals) expect(SIGNAL_TYPES as readonly string[]).toContain(s);
      for (const type of signals) {
        for (const group of groups.length > 0 ? groups : [undefined]) {
          for (const key of keys) {
            const r = parseMonitorYaml(monitorWith(signalOf(type, thresholdYaml(type, group, key))));
            expect(problemsOf(r), `${type} ${group ?? ''} ${key}`).toEqual([]);
          }
        }
      }
      // Drift and data-quality rows name exactly the feature types the registry applies the metric to.
      const info = metricByYamlKey(keys[0] ?? '');
      if (info?.family === 'drift' || info?.family === 'quality') {
        expect([...groups].sort()).toEqual([...info.featureTypes].sort());
      }
    });

    const unknown = /`([a-z_]+)` is an unknown-metric error/.exec(differs);
    if (unknown) {
      it(`${unknown[1] ?? ''} is an unknown-metric error, as the row says`, () => {
        const type = signals[0] ?? '';
        const r = parseMonitorYaml(
          monitorWith(signalOf(type, thresholdYaml(type, groups[0], unknown[1] ?? ''))),
        );
        expect(problemsOf(r).join('\n')).toMatch(/unknown metric/);
      });
    }

    const byDefault = /(Numerical|Categorical) default ([\d.]+)/.exec(differs);
    if (byDefault) {
      it(`${keys[0] ?? ''}: ${byDefault[0]} is the spec's smart default`, () => {
        const type = (byDefault[1] ?? '').toLowerCase() as 'numerical' | 'categorical';
        expect(DEFAULT_DRIFT_THRESHOLDS[type]).toEqual({
          metric: keys[0],
          threshold: Number(byDefault[2]),
        });
        expect(metricByYamlKey(keys[0] ?? '')?.defaultThreshold).toBe(Number(byDefault[2]));
      });
    }
  }
});

describe('Reference YAML table', () => {
  const table = tableUnder('The reference YAMLs');
  const files = readdirSync(AZUREML_YAMLS_DIR).sort();
  const short = (f: string): string =>
    f
      .replace('azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__', 'sdk:')
      .replace('azureml-examples__cli__monitoring__', 'examples:')
      .replace(/__/g, '/');
  const WARNING_WORDS: Readonly<Record<string, string>> = {
    dialect: 'older dialect translated',
    'unsupported-signal': 'generation signal skipped',
    note: 'note',
  };

  it('lists every file of the reference folder once', () => {
    expect(table.rows.map((r) => codes(r[0] ?? '')[0]).sort()).toEqual(files.map(short).sort());
  });

  for (const file of files) {
    it(`${short(file)}: the row says what validate says`, () => {
      const row = table.rows.find((r) => codes(r[0] ?? '')[0] === short(file));
      const r = parseMonitorYaml(readFileSync(path.join(AZUREML_YAMLS_DIR, file), 'utf8'));
      let verdict: string;
      let signals = '—';
      if (!r.ok) {
        verdict = r.notMonitorSchedule ? 'rejected: not a monitor schedule' : 'invalid';
      } else {
        const kinds = [...new Set(r.warnings.map((w) => w.kind))].sort();
        verdict =
          kinds.length > 0 ? `valid; warnings: ${kinds.map((k) => WARNING_WORDS[k]).join(', ')}` : 'valid';
        signals = r.spec.signals
          .map((s) => `${s.name} (${s.type}${s.skipped === undefined ? '' : ', skipped'})`)
          .join(', ');
      }
      expect(row?.[1]).toBe(verdict);
      expect(row?.[2]).toBe(signals);
    });
  }
});
