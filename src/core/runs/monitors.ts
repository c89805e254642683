/**
 * Monitor catalog use cases shared by the `schedule` CLI and the HTTP API: validate the YAML with the spec
 * module (injected), then create/replace/enable/disable. Invalid YAML stores nothing and returns the issues.
 */
import type { MonitorCatalog } from '../ports.js';
import type { MonitorRecord } from './records.js';

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the YAML text, when known. */
  readonly line?: number;
}

/** The spec module's verdict on a monitor YAML: its `name`, or the problems. */
export type MonitorValidation =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export type MonitorWrite =
  | { readonly ok: true; readonly monitor: MonitorRecord; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | {
      readonly ok: false;
      readonly reason: 'exists' | 'not-found' | 'name-mismatch';
      readonly message: string;
    };

export interface MonitorOps {
  readonly catalog: MonitorCatalog;
  readonly validate: (yamlText: string) => MonitorValidation;
  readonly now: () => string;
}

/**
 * mode `create`: fails if the name exists; `update`: fails if it does not; `upsert`: either. `expectedName`
 * (from a URL or CLI argument) must equal the YAML's name.
 */
export async function saveMonitor(
  ops: MonitorOps,
  yamlText: string,
  mode: 'create' | 'update' | 'upsert',
  expectedName?: string,
): Promise<MonitorWrite> {
  const v = ops.validate(yamlText);
  if (!v.ok) return { ok: false, reason: 'invalid', issues: v.issues };
  if (expectedName !== undefined && expectedName !== v.name) {
    return {
      ok: false,
      reason: 'name-mismatch',
      message: `The YAML names the monitor "${v.name}", not "${expectedName}".`,
    };
  }
  const now = ops.now();
  if (mode !== 'update') {
    const created = await ops.catalog.create(v.name, yamlText, now);
    if (created.ok) return { ok: true, monitor: created.value, created: true };
    if (mode === 'create')
      return { ok: false, reason: 'exists', message: `Monitor "${v.name}" already exists.` };
  }
  const updated = await ops.catalog.update(v.name, yamlText, now);
  if (updated.ok) return { ok: true, monitor: updated.value, created: false };
  return { ok: false, reason: 'not-found', message: `Monitor "${v.name}" does not exist.` };
}
