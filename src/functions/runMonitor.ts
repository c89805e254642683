/**
 * Queue trigger: evaluates one claimed run and records it. Throws on infrastructure failure so the host retries;
 * after `maxDequeueCount` the message goes to `<queue>-poison` and the run is already recorded Failed.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions, { type InvocationContext } from '@azure/functions';
import { appContext } from '../adapters/app.js';
import { decodeRunMessage, RUN_QUEUE, type Runtime } from '../adapters/runtime.js';
import type { RunRecord } from '../core/runs/records.js';
import { runClaimed } from '../core/runs/scheduled.js';

/** host.json `extensions.queues.maxDequeueCount`. */
export const MAX_DEQUEUE_COUNT = 5;

export function runMonitorHandler(
  runtime: Runtime,
): (entry: unknown, context: InvocationContext) => Promise<RunRecord> {
  return async (entry, context) => {
    const message = decodeRunMessage(entry);
    const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
    const run = await runClaimed(runtime.deps, message, {
      dequeueCount: Number.isFinite(dequeueCount) && dequeueCount >= 1 ? dequeueCount : 1,
      maxDequeueCount: MAX_DEQUEUE_COUNT,
    });
    context.log(`runMonitor: ${run.runId} ${run.status} in ${run.durationMs ?? 0} ms`);
    return run;
  };
}

const handler = runMonitorHandler(appContext().runtime);

azureFunctions.app.storageQueue('runMonitor', {
  queueName: RUN_QUEUE,
  connection: 'AzureWebJobsStorage',
  // Return nothing to the host (a non-HTTP trigger's return value is passed back to it).
  handler: async (entry, context) => {
    await handler(entry, context);
  },
});
