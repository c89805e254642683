/**
 * Data windows at a run time (AZUREML-MONITORING-FACTS §9): `end = run time − offset`, `start = end − size`
 * (UTC calendar arithmetic); static windows as written (a date without a time is midnight UTC); no window on a
 * reference = the whole asset.
 */
import { DateTime } from 'luxon';
import type { DataInput, MonitorSignal, MonitorSpec, WindowSpec } from '../spec/types.js';
import { parseDuration, subtractDuration } from './duration.js';

export type ResolvedWindow =
  | {
      readonly kind: 'range';
      /** ISO-8601 UTC, e.g. `2024-01-24T15:15:00.000Z`; start inclusive, end exclusive. */
      readonly start: string;
      readonly end: string;
      readonly startMs: number;
      readonly endMs: number;
    }
  | { readonly kind: 'whole' };

export interface SignalInputWindow {
  /** `production` / `reference`; FAD production inputs are `production[0]`, ...; custom inputs by their name. */
  readonly role: string;
  readonly input: DataInput;
  readonly window: ResolvedWindow;
}

function range(startMs: number, endMs: number): ResolvedWindow {
  return {
    kind: 'range',
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    startMs,
    endMs,
  };
}

function instantOf(text: string): number {
  const dt = DateTime.fromISO(text, { zone: 'utc' });
  if (!dt.isValid) throw new Error(`invalid window date '${text}'`);
  return dt.toMillis();
}

export function resolveWindow(window: WindowSpec, runTimeMs: number): ResolvedWindow {
  switch (window.kind) {
    case 'whole':
      return { kind: 'whole' };
    case 'static':
      return range(instantOf(window.start), instantOf(window.end));
    case 'trailing': {
      const size = parseDuration(window.size);
      const offset = parseDuration(window.offset);
      if (size === undefined || offset === undefined)
        throw new Error(`invalid window ${window.size}/${window.offset}`);
      const end = subtractDuration(runTimeMs, offset);
      return range(subtractDuration(end, size), end);
    }
  }
}

function inputsOf(signal: MonitorSignal): [string, DataInput][] {
  switch (signal.type) {
    case 'data_drift':
    case 'prediction_drift':
    case 'data_quality':
    case 'model_performance':
      return [
        ['production', signal.production],
        ['reference', signal.reference],
      ];
    case 'feature_attribution_drift':
      return [
        ...signal.production.map((p, i): [string, DataInput] => [`production[${i}]`, p]),
        ['reference', signal.reference],
      ];
    case 'custom':
      return Object.entries(signal.inputs);
    case 'generation_safety_quality':
    case 'generation_token_statistics':
      return [];
  }
}

/** Each input of `signalName` with its window at `runTime` (epoch ms or ISO string). */
export function signalInputWindows(
  spec: MonitorSpec,
  signalName: string,
  runTime: number | string,
): SignalInputWindow[] {
  const signal = spec.signals.find((s) => s.name === signalName);
  if (signal === undefined) throw new Error(`no signal named '${signalName}' in monitor '${spec.name}'`);
  const runTimeMs = typeof runTime === 'number' ? runTime : instantOf(runTime);
  return inputsOf(signal).map(([role, input]) => ({
    role,
    input,
    window: resolveWindow(input.window, runTimeMs),
  }));
}

const HOUR_MS = 3_600_000;

/**
 * The collector hour folders (`yyyy/MM/dd/HH`, UTC) a window reads (DESIGN §5): from floor_hour(start) to
 * floor_hour(end), except that an end exactly on the hour excludes that hour.
 */
export function collectorHourFolders(startMs: number, endMs: number): string[] {
  const first = Math.floor(startMs / HOUR_MS) * HOUR_MS;
  const endFloor = Math.floor(endMs / HOUR_MS) * HOUR_MS;
  const last = endFloor === endMs ? endFloor - HOUR_MS : endFloor;
  const out: string[] = [];
  for (let t = first; t <= last; t += HOUR_MS) {
    const iso = new Date(t).toISOString();
    out.push(`${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`);
  }
  return out;
}
