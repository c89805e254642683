/**
 * Loads the app's own function registrations, as the Functions host does at start-up: every module in the
 * functions folder is imported (each registers itself through `@azure/functions`), and the stand-in for
 * `@azure/functions-core` records the metadata and the handler of each registration.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installFunctionsCoreStandIn } from './functions-core.js';

export type Binding = Readonly<Record<string, unknown>> & {
  readonly type: string;
  readonly direction: string;
};

export interface FunctionRegistration {
  readonly name: string;
  /** The trigger binding (the one `direction: in` binding whose type ends in `Trigger`). */
  readonly trigger: Binding;
  readonly bindings: Readonly<Record<string, Binding>>;
  readonly handler: (input: unknown, context: unknown) => unknown;
}

/**
 * Imports every function module of `dir` (`*.js`, or `*.ts` when running from source with tsx) in name order.
 * App settings are read by the modules at import: set `process.env` first.
 */
export async function loadFunctionApp(dir: string): Promise<FunctionRegistration[]> {
  const { registrations, restore } = installFunctionsCoreStandIn();
  try {
    const files = readdirSync(dir)
      .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    if (files.length === 0) throw new Error(`no function modules in ${dir}`);
    for (const f of files) await import(pathToFileURL(path.join(dir, f)).href);
  } finally {
    restore();
  }
  return registrations.map((r) => {
    const bindings = r.metadata.bindings as Record<string, Binding>;
    const trigger = Object.values(bindings).find((b) => b.direction === 'in' && b.type.endsWith('Trigger'));
    if (!trigger) throw new Error(`function ${r.metadata.name} has no trigger binding`);
    if (typeof r.callback !== 'function') throw new Error(`function ${r.metadata.name} has no handler`);
    return {
      name: r.metadata.name,
      trigger,
      bindings,
      handler: r.callback as FunctionRegistration['handler'],
    };
  });
}
