/**
 * The real plug-ins of the scheduled runs: the spec's schedule and alert recipients, the RunStatusChanged
 * builder (pure, `src/core/runs/plugins.ts`) and the storage-backed evaluator, so the Functions app, the CLI and
 * the integration test wire the same thing.
 */
import {
  MonitorSpecError,
  monitorAlertEmails,
  monitorFireTimes,
  monitorRunEvent,
} from '../core/runs/plugins.js';
import type { EvaluationResult } from '../core/runs/result.js';
import { blobCollectorRoots, evaluateYaml, type EvaluatorOptions } from './evaluator.js';
import type { RunPlugins } from './runtime.js';
import { credentialFor, type Settings } from './settings.js';
import { blobServiceClient, tableClient } from './storage.js';
import { tableDataAssetRegistry } from './table-data-registry.js';

export type EvaluateYaml = (yamlText: string, runTime: string) => Promise<EvaluationResult>;

export function runPlugins(evaluate: EvaluateYaml): RunPlugins {
  return {
    evaluate,
    nextFireTimes: monitorFireTimes,
    runEvent: monitorRunEvent,
    alertEmails: monitorAlertEmails,
  };
}

/** The Table the `model-monitor data --storage` commands write registered assets to. */
export const DATA_ASSETS_TABLE = 'dataassets';

export interface StorageEvaluatorOptions {
  /** Prefix of the data-asset table (tests isolate their tables with it). */
  readonly tablePrefix?: string;
  /** `name:version` → path, winning over the registry (as the CLI's `--asset`). */
  readonly assetOverrides?: Readonly<Record<string, string>>;
  readonly maxLineBytes?: number;
}

/**
 * Evaluates a stored monitor YAML against the app's storage: collector data from ingestion's curated partitions
 * (`CURATED_CONTAINER`) over the raw collector output (`COLLECTOR_CONTAINER`), assets from the `dataassets`
 * registry Table, blob and datastore references in the same account. A YAML that does not validate throws
 * (the catalog validated it on create; this is an older or hand-edited entity).
 */
export function storageEvaluator(settings: Settings, opts: StorageEvaluatorOptions = {}): EvaluateYaml {
  const blobService = blobServiceClient(settings.storage);
  const options: EvaluatorOptions = {
    registry: tableDataAssetRegistry(
      tableClient(settings.storage, `${opts.tablePrefix ?? ''}${DATA_ASSETS_TABLE}`),
    ),
    blobService,
    collectorRoots: blobCollectorRoots(blobService, {
      curatedContainer: settings.curatedContainer,
      collectorContainer: settings.collectorContainer,
    }),
    ...(settings.storage.kind === 'identity'
      ? { credential: credentialFor(settings.storage.credential, settings.storage.clientId) }
      : {}),
    ...(opts.assetOverrides ? { overrides: opts.assetOverrides } : {}),
    ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }),
  };
  return async (yamlText, runTime) => {
    const r = await evaluateYaml(yamlText, runTime, options);
    if (!r.ok)
      throw new MonitorSpecError(
        r.problems.map((p) => ({
          path: p.path,
          message: p.message,
          ...(p.line === undefined ? {} : { line: p.line }),
        })),
      );
    return r.result;
  };
}
