/**
 * Blob trigger (Event Grid source, as Flex Consumption requires) on the collector container: ingest each
 * collector blob version as it lands. Decode → `ingestBlob` → log. Storage errors throw so the runtime retries.
 *
 * The use case reads the blob itself rather than using the trigger's bytes: it needs the ETag of exactly the
 * content it ingests (the ledger key), which the trigger payload does not carry.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions, { type InvocationContext } from '@azure/functions';
import { appContext } from '../adapters/app.js';
import { ingestBlob, type IngestDeps, type IngestOutcome } from '../core/ingest/ingest-blob.js';

export function ingestCollectorBlobHandler(
  deps: IngestDeps,
): (blob: unknown, context: InvocationContext) => Promise<IngestOutcome> {
  return (_blob, context) => ingestOne(deps, context);
}

async function ingestOne(deps: IngestDeps, context: InvocationContext): Promise<IngestOutcome> {
  const name = context.triggerMetadata?.name;
  if (typeof name !== 'string' || name === '')
    throw new Error('blob trigger metadata has no {name}; check the trigger path');
  const outcome = await ingestBlob(deps, name, new Date());
  switch (outcome.status) {
    case 'ingested': {
      const c = outcome.counts;
      context.log(
        `ingested ${name} (${outcome.etag}): rows in ${c.rowsIn}, written ${c.rowsWritten}, quarantined ${c.rowsQuarantined} ` +
          `(${c.linesQuarantined} lines) → ${outcome.partition}`,
      );
      if (c.linesQuarantined > 0)
        context.warn(`${c.linesQuarantined} lines of ${name} quarantined in ${outcome.quarantineBlob}`);
      break;
    }
    case 'duplicate':
      context.log(`already ingested ${name} (${outcome.etag}); nothing to do`);
      break;
    case 'skipped':
      context.log(`skipped ${name}: ${outcome.reason}`);
      break;
    case 'missing':
      context.warn(`blob ${name} no longer exists; nothing to ingest`);
      break;
    case 'rejected':
      context.error(`rejected ${name}: ${outcome.message} (recorded in ${outcome.quarantineBlob})`);
      break;
  }
  return outcome;
}

/** The handler with the app's start-up dependencies (settings read once, at import). */
export const ingestCollectorBlob = ingestCollectorBlobHandler(appContext().ingest);

azureFunctions.app.storageBlob('ingestCollectorBlob', {
  source: 'EventGrid',
  path: '%COLLECTOR_CONTAINER%/{name}',
  connection: 'AzureWebJobsStorage',
  handler: ingestCollectorBlob,
});
