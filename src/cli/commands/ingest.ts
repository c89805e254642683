/**
 * `model-monitor ingest <local folder | container/prefix>`: the blob trigger's use case over existing data
 * (backfill). A local folder is read in place and curated partitions go to `--out`; `container/prefix` reads the
 * configured storage account (AzureWebJobsStorage) and writes to CURATED_CONTAINER with the ledger, like the trigger.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ingestDepsFor } from '../../adapters/app.js';
import { localBlobStore } from '../../adapters/local-blob-store.js';
import { memoryLedger } from '../../adapters/memory.js';
import { prefixedBlobStore } from '../../adapters/prefixed-blob-store.js';
import { DEFAULT_MAX_LINE_BYTES, loadCliEnv, readSettings } from '../../adapters/settings.js';
import { ingestBlob, type IngestDeps, type IngestOutcome } from '../../core/ingest/ingest-blob.js';
import { outcomeLine, totals, totalsLine } from '../ingest-summary.js';

interface IngestOptions {
  out: string;
  collection?: string;
  progress?: boolean;
  maxLineBytes?: string;
  quiet?: boolean;
}

const LOCAL_COLLECTOR = 'collector';
const LOCAL_CURATED = 'curated';

/** Runs the use case over every blob under `prefix`, reporting progress to stderr. */
export async function ingestAll(
  deps: IngestDeps,
  prefix: string,
  options: { progress: boolean; onOutcome?: (o: IngestOutcome) => void; now?: () => Date },
): Promise<IngestOutcome[]> {
  const names: string[] = [];
  for await (const name of deps.blobs.list(deps.settings.collectorContainer, prefix)) names.push(name);
  const outcomes: IngestOutcome[] = [];
  let rows = 0;
  const started = Date.now();
  for (const [i, name] of names.entries()) {
    const o = await ingestBlob(deps, name, (options.now ?? (() => new Date()))());
    outcomes.push(o);
    if (o.status === 'ingested') rows += o.counts.rowsWritten;
    options.onOutcome?.(o);
    if (options.progress) {
      const secs = (Date.now() - started) / 1000;
      process.stderr.write(
        `\r[${i + 1}/${names.length}] ${rows} rows written, ${Math.round(rows / Math.max(secs, 0.001))} rows/s   `,
      );
    }
  }
  if (options.progress && names.length > 0) process.stderr.write('\n');
  return outcomes;
}

function parseMax(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_LINE_BYTES;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`--max-line-bytes must be a positive integer, got '${text}'`);
  return n;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description(
      'ingest model data collector JSONL (a local folder, or container/prefix in AzureWebJobsStorage)',
    )
    .argument('<source>', 'a local folder, or <container>/<prefix> in the configured storage account')
    .option(
      '--out <dir>',
      'output folder for curated partitions and quarantine (local folder source)',
      'curated-out',
    )
    .option(
      '--collection <endpoint/deployment/collection>',
      'treat the source folder as this collection (for folders that start at yyyy/)',
    )
    .option('--max-line-bytes <n>', 'quarantine lines longer than this (local source; default 16 MiB)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--quiet', 'print only the totals')
    .action(async (source: string, opts: IngestOptions) => {
      const progress = opts.progress === true || process.stderr.isTTY;
      const print = (o: IngestOutcome): void => {
        if (opts.quiet !== true) process.stdout.write(`${outcomeLine(o)}\n`);
      };
      let outcomes: IngestOutcome[];
      if (existsSync(source) && statSync(source).isDirectory()) {
        const out = path.resolve(opts.out);
        let blobs = localBlobStore({ [LOCAL_COLLECTOR]: path.resolve(source), [LOCAL_CURATED]: out });
        if (opts.collection) blobs = prefixedBlobStore(blobs, LOCAL_COLLECTOR, opts.collection);
        const deps: IngestDeps = {
          blobs,
          ledger: memoryLedger(),
          settings: {
            collectorContainer: LOCAL_COLLECTOR,
            curatedContainer: LOCAL_CURATED,
            maxLineBytes: parseMax(opts.maxLineBytes),
          },
        };
        outcomes = await ingestAll(deps, '', { progress, onOutcome: print });
        process.stdout.write(`curated partitions in ${out}\n`);
      } else {
        const slash = source.indexOf('/');
        const container = slash < 0 ? source : source.slice(0, slash);
        const prefix = slash < 0 ? '' : source.slice(slash + 1);
        if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container))
          throw new Error(
            `'${source}' is neither a local folder nor <container>/<prefix> (bad container name)`,
          );
        // The app's settings (environment over local.settings.json); ingestion does not need the results
        // container, so it has a default here.
        const env: Record<string, string | undefined> = {
          RESULTS_CONTAINER: 'results',
          ...(await loadCliEnv(process.env)),
        };
        env.COLLECTOR_CONTAINER = container;
        env.CURATED_CONTAINER ??= 'curated';
        if (opts.maxLineBytes !== undefined) env.INGEST_MAX_LINE_BYTES = opts.maxLineBytes;
        outcomes = await ingestAll(ingestDepsFor(readSettings(env)), prefix, { progress, onOutcome: print });
      }
      process.stdout.write(`${totalsLine(totals(outcomes))}\n`);
    });
}
