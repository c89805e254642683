/**
 * custom: the counterpart of a registered Azure ML component. A JS/TS module exports a function (default export,
 * or `computeSignalMetrics`) that receives the production table(s) and the `<metric>_threshold` literals and
 * returns `signal_metrics` rows. The module is loaded through an injected loader, so the core stays pure.
 * Custom metrics breach when value > threshold (FACTS §3.6).
 */
import type { Table } from '../data/table.js';
import type { SignalMetricRow, SignalResult } from './types.js';
import { signalError } from './types.js';

export interface CustomSignalRow {
  readonly group: string;
  readonly group_dimension?: string;
  readonly metric_name: string;
  readonly metric_value: number;
  readonly threshold_value: number;
}

export interface CustomSignalArgs {
  /** One table per data input (`input_data` names, e.g. `production_data`). */
  readonly tables: Readonly<Record<string, Table>>;
  /** Literal inputs: `inputs` literals plus `<metric_name>_threshold` from `metric_thresholds`. */
  readonly literals: Readonly<Record<string, string | number | boolean>>;
}

export type CustomSignalFunction = (
  args: CustomSignalArgs,
) => readonly CustomSignalRow[] | Promise<readonly CustomSignalRow[]>;

/** Loads the module a `component_id` names (adapters resolve it to a file and `import()` it). */
export type CustomModuleLoader = (componentId: string) => Promise<unknown>;

export interface CustomSignalConfig {
  readonly component_id: string;
  readonly tables: Readonly<Record<string, Table>>;
  /** YAML `inputs` literals. */
  readonly inputs?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** YAML `metric_thresholds: [{metric_name, threshold}]`. */
  readonly metric_thresholds?:
    readonly { readonly metric_name: string; readonly threshold: number }[] | undefined;
}

function pickFunction(mod: unknown): CustomSignalFunction | undefined {
  if (typeof mod === 'function') return mod as CustomSignalFunction;
  if (typeof mod !== 'object' || mod === null) return undefined;
  const m = mod as Record<string, unknown>;
  const f = m.default ?? m.computeSignalMetrics;
  return typeof f === 'function' ? (f as CustomSignalFunction) : undefined;
}

function validRow(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return 'a row is not an object';
  const x = r as Record<string, unknown>;
  if (typeof x.group !== 'string') return '`group` must be a string';
  if (x.group_dimension !== undefined && typeof x.group_dimension !== 'string')
    return '`group_dimension` must be a string';
  if (typeof x.metric_name !== 'string' || x.metric_name === '')
    return '`metric_name` must be a non-empty string';
  if (typeof x.metric_value !== 'number') return '`metric_value` must be a number';
  if (typeof x.threshold_value !== 'number') return '`threshold_value` must be a number';
  return undefined;
}

export async function computeCustom(
  config: CustomSignalConfig,
  load: CustomModuleLoader,
): Promise<SignalResult> {
  const type = 'custom';
  const literals: Record<string, string | number | boolean> = { ...config.inputs };
  for (const t of config.metric_thresholds ?? []) literals[`${t.metric_name}_threshold`] = t.threshold;
  let output: unknown;
  try {
    const fn = pickFunction(await load(config.component_id));
    if (!fn) {
      return signalError(
        type,
        'custom_failed',
        `Custom component '${config.component_id}' exports no function (expected a default export or computeSignalMetrics).`,
      );
    }
    output = await fn({ tables: config.tables, literals });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return signalError(type, 'custom_failed', `Custom component '${config.component_id}' failed: ${message}`);
  }
  if (!Array.isArray(output)) {
    return signalError(
      type,
      'custom_invalid_output',
      `Custom component '${config.component_id}' did not return an array of rows.`,
    );
  }
  const rows: SignalMetricRow[] = [];
  for (const [i, r] of (output as unknown[]).entries()) {
    const problem = validRow(r);
    if (problem) {
      return signalError(
        type,
        'custom_invalid_output',
        `Custom component '${config.component_id}' row ${i}: ${problem}.`,
      );
    }
    const x = r as CustomSignalRow;
    const value = x.metric_value;
    const threshold = x.threshold_value;
    const breached = !Number.isNaN(value) && !Number.isNaN(threshold) && value > threshold;
    const dim = x.group_dimension;
    rows.push({
      group: x.group,
      ...(dim !== undefined && dim !== '' && dim !== 'aggregate' ? { group_dimension: dim } : {}),
      metric_name: x.metric_name,
      metric_value: value,
      threshold_value: threshold,
      breached,
      data_type: '',
      ...(Number.isNaN(value) ? { value_is_nan: true as const } : {}),
    });
  }
  const first = Object.values(config.tables)[0];
  return {
    ok: true,
    signal_type: type,
    rows,
    row_counts: { production: first?.rowCount ?? 0 },
    breached: rows.some((r) => r.breached),
  };
}
