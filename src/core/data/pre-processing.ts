/**
 * `pre_processing_component`: user code that turns raw data (not written by the data collector) into the table a
 * signal reads, the counterpart of Azure ML's custom preprocessing component. Here it is a JavaScript module
 * (a path, or a name registered in `components`), loaded through an injected loader so the core stays pure.
 * Its default export (or `preprocess`, or `run`) is called with `{data_window_start, data_window_end,
 * input_data}` (ISO strings and the input location as written) and returns — or resolves to — a Table or an
 * array of row objects. Anything else, or a throw, is an issue naming the component.
 */
import { parseDataReference } from './assets.js';
import { fail, ok, type ReadResult } from './read-result.js';
import { TableBuilder, type Table } from './table.js';

export interface PreProcessingArgs {
  readonly data_window_start: string;
  readonly data_window_end: string;
  readonly input_data: string;
}

/** Loads a module by path or specifier and returns its namespace (adapters: dynamic `import()`). */
export type ModuleLoader = (specifier: string) => Promise<Readonly<Record<string, unknown>>>;

export interface PreProcessingDeps {
  readonly loader: ModuleLoader;
  /** Registered components: `name:version` or `name` → module path. */
  readonly components?: Readonly<Record<string, string>>;
}

function isTable(v: unknown): v is Table {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { rowCount?: unknown }).rowCount === 'number' &&
    Array.isArray((v as { columns?: unknown }).columns)
  );
}

/** The module path a component reference names, or an error message. */
export function componentModule(
  component: string,
  components: Readonly<Record<string, string>> = {},
): { ok: true; path: string } | { ok: false; message: string } {
  if (!component.startsWith('azureml:')) return { ok: true, path: component };
  const parsed = parseDataReference(component);
  if (!parsed.ok || parsed.ref.kind !== 'asset')
    return { ok: false, message: `'${component}' is not a component reference` };
  const { name, version } = parsed.ref;
  const candidates = version === undefined ? [name] : [`${name}:${version}`, name];
  for (const key of candidates) {
    const path = components[key];
    if (path !== undefined) return { ok: true, path };
  }
  const known = Object.keys(components);
  return {
    ok: false,
    message: `pre_processing_component ${component} is not registered (tried ${candidates.join(', ')}; registered: ${known.length > 0 ? known.join(', ') : 'none'})`,
  };
}

export async function runPreProcessing(
  component: string,
  args: PreProcessingArgs,
  deps: PreProcessingDeps,
): Promise<ReadResult> {
  const where = `pre_processing_component ${component}`;
  const resolved = componentModule(component, deps.components);
  if (!resolved.ok) return fail({ path: where, code: 'not_found', message: resolved.message });
  let mod: Readonly<Record<string, unknown>>;
  try {
    mod = await deps.loader(resolved.path);
  } catch (err) {
    return fail({
      path: where,
      code: 'not_found',
      message: `cannot load ${resolved.path}: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  const fn = [mod.default, mod.preprocess, mod.run].find((f) => typeof f === 'function') as
    ((a: PreProcessingArgs) => unknown) | undefined;
  if (!fn)
    return fail({
      path: where,
      code: 'invalid',
      message: `${resolved.path} exports no function (expected a default export, preprocess or run)`,
    });
  let value: unknown;
  try {
    value = await fn(args);
  } catch (err) {
    return fail({
      path: where,
      code: 'invalid',
      message: `the component failed: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  if (isTable(value)) return ok(value, [`${where} produced ${value.rowCount} rows`]);
  if (Array.isArray(value)) {
    const builder = new TableBuilder();
    for (const [i, row] of value.entries()) {
      if (row === null || typeof row !== 'object' || Array.isArray(row))
        return fail({
          path: where,
          code: 'invalid',
          message: `returned array element ${i} is not a row object`,
        });
      builder.addRow(row as Record<string, unknown>);
    }
    return ok(builder.finish(), [`${where} produced ${value.length} rows`]);
  }
  return fail({
    path: where,
    code: 'invalid',
    message: `expected a table or an array of row objects, got ${value === null ? 'null' : typeof value}`,
  });
}
