/**
 * Start-up of the Function App: every function file calls `appContext()` at import time, so the settings are
 * read and validated once, when the host loads the app, and a missing or malformed setting fails start-up with
 * a SettingsError naming it instead of failing a later invocation.
 */
import type { IngestDeps } from '../core/ingest/ingestBlob.js';
import { validateMonitorYaml } from '../core/runs/plugins.js';
import type { MonitorValidation } from '../core/runs/monitors.js';
import { azureBlobStore } from './azureBlobStore.js';
import { DEFAULT_MAX_LINE_BYTES } from './ingest-settings.js';
import {
  runPlugins,
  storageEvaluator,
  type EvaluateYaml,
  type StorageEvaluatorOptions,
} from './run-plugins.js';
import { createRuntime, type RuntimeOptions, type Runtime } from './runtime.js';
import { DEFAULT_TICK_SCHEDULE, readSettings, SettingsError, type Env, type Settings } from './settings.js';
import { blobServiceClient, tableClient } from './storage.js';
import { tableLedger } from './tableLedger.js';

export interface AppContext {
  readonly settings: Settings;
  readonly runtime: Runtime;
  readonly ingest: IngestDeps;
  readonly validate: (yamlText: string) => MonitorValidation;
}

export interface AppOptions extends RuntimeOptions, StorageEvaluatorOptions {
  /** Replaces the storage-backed evaluator built from the settings. */
  readonly evaluate?: EvaluateYaml;
}

const TABLE = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** Ingestion's own settings (`INGEST_LEDGER_TABLE`, `INGEST_MAX_LINE_BYTES`) on top of the app settings. */
function ingestDeps(settings: Settings, env: Env): IngestDeps {
  const problems: { setting: string; message: string }[] = [];
  const ledgerTable = env.INGEST_LEDGER_TABLE?.trim() || 'ingestledger';
  if (!TABLE.test(ledgerTable))
    problems.push({
      setting: 'INGEST_LEDGER_TABLE',
      message: `is not a valid table name: "${ledgerTable}" (3-63 letters and digits, starting with a letter)`,
    });
  const maxText = env.INGEST_MAX_LINE_BYTES?.trim();
  const maxLineBytes = maxText ? Number(maxText) : DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes <= 0)
    problems.push({
      setting: 'INGEST_MAX_LINE_BYTES',
      message: `must be a positive integer, not "${maxText ?? ''}"`,
    });
  if (problems.length > 0) throw new SettingsError(problems);
  return {
    blobs: azureBlobStore(blobServiceClient(settings.storage)),
    ledger: tableLedger(tableClient(settings.storage, ledgerTable)),
    settings: {
      collectorContainer: settings.collectorContainer,
      curatedContainer: settings.curatedContainer,
      maxLineBytes,
    },
  };
}

/** Builds the app's dependencies from settings (no caching; tests build several). */
export function buildApp(env: Env, opts: AppOptions = {}): AppContext {
  const settings = readSettings(env);
  const ingest = ingestDeps(settings, env);
  const evaluate =
    opts.evaluate ??
    storageEvaluator(settings, {
      ...opts,
      // Raw collector hours not ingested yet are parsed with ingestion's line limit.
      maxLineBytes: opts.maxLineBytes ?? ingest.settings.maxLineBytes,
    });
  const runtime = createRuntime(settings, runPlugins(evaluate), opts);
  return { settings, runtime, ingest, validate: validateMonitorYaml };
}

let started: AppContext | undefined;

/** The app's dependencies, built once per process from `process.env` (the host's app settings). */
export function appContext(): AppContext {
  started ??= buildApp(process.env);
  return started;
}

/**
 * The `schedule` of the timer binding: the `%MONITOR_TICK_SCHEDULE%` reference when the setting exists (the host
 * resolves it; `readSettings` validated it), else the default expression, because the host fails start-up on a
 * reference to a setting that does not exist.
 */
export function tickScheduleBinding(env: Env): string {
  const v = env.MONITOR_TICK_SCHEDULE?.trim();
  if (v === undefined || v === '') return DEFAULT_TICK_SCHEDULE;
  return /^%[A-Za-z0-9_]+%$/.test(v) ? v : '%MONITOR_TICK_SCHEDULE%';
}
