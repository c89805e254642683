/**
 * Start-up of the Function App: every function file calls `appContext()` at import time, so the settings are
 * read and validated once, when the host loads the app, and a missing or malformed setting fails start-up with
 * a SettingsError naming it instead of failing a later invocation.
 */
import type { IngestDeps } from '../core/ingest/ingest-blob.js';
import { validateMonitorYaml } from '../core/runs/plugins.js';
import type { MonitorValidation } from '../core/runs/monitors.js';
import { azureBlobStore } from './azure-blob-store.js';
import {
  runPlugins,
  storageEvaluator,
  type EvaluateYaml,
  type StorageEvaluatorOptions,
} from './run-plugins.js';
import { createRuntime, type RuntimeOptions, type Runtime } from './runtime.js';
import { DEFAULT_TICK_SCHEDULE, readSettings, type Env, type Settings } from './settings.js';
import { blobServiceClient, tableClient } from './storage.js';
import { tableLedger } from './table-ledger.js';

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

/** Ingestion's dependencies (blob trigger and `model-monitor ingest`) from the app settings. */
export function ingestDepsFor(settings: Settings): IngestDeps {
  return {
    blobs: azureBlobStore(blobServiceClient(settings.storage)),
    ledger: tableLedger(tableClient(settings.storage, settings.ingest.ledgerTable)),
    settings: {
      collectorContainer: settings.collectorContainer,
      curatedContainer: settings.curatedContainer,
      maxLineBytes: settings.ingest.maxLineBytes,
    },
  };
}

/** Builds the app's dependencies from settings (no caching; tests build several). */
export function buildApp(env: Env, opts: AppOptions = {}): AppContext {
  const settings = readSettings(env);
  const ingest = ingestDepsFor(settings);
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
