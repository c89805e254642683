/**
 * The real plug-ins of the scheduled runs: the spec's schedule and alert recipients, the RunStatusChanged
 * builder (pure, `src/core/runs/plugins.ts`) and an evaluator that reads storage (injected here, so the
 * Functions app, the CLI and the tests wire the same thing).
 */
import { monitorAlertEmails, monitorFireTimes, monitorRunEvent } from '../core/runs/plugins.js';
import type { EvaluationResult } from '../core/runs/result.js';
import type { RunPlugins } from './runtime.js';
import type { Settings } from './settings.js';

export type EvaluateYaml = (yamlText: string, runTime: string) => Promise<EvaluationResult>;

export function runPlugins(evaluate: EvaluateYaml): RunPlugins {
  return {
    evaluate,
    nextFireTimes: monitorFireTimes,
    runEvent: monitorRunEvent,
    alertEmails: monitorAlertEmails,
  };
}

/** The storage-backed evaluator (curated partitions, registered assets) for the app's settings. */
export function storageEvaluator(_settings: Settings): EvaluateYaml {
  return () => Promise.reject(new Error('storage evaluator not wired yet'));
}
