/**
 * Queue trigger: evaluates one claimed run and records it. Throws on infrastructure failure so the host retries;
 * after `maxDequeueCount` the message goes to `<queue>-poison` and the run is already recorded Failed.
 */
import { app, type InvocationContext } from '@azure/functions';
import { runClaimed } from '../core/runs/scheduled.js';
import { decodeRunMessage, RUN_QUEUE, type Runtime } from '../adapters/runtime.js';

/** host.json `extensions.queues.maxDequeueCount`. */
export const MAX_DEQUEUE_COUNT = 5;

export function registerRunMonitor(runtime: Runtime, queueName = RUN_QUEUE): void {
  app.storageQueue('runMonitor', {
    queueName,
    connection: 'AzureWebJobsStorage',
    handler: async (entry: unknown, context: InvocationContext): Promise<void> => {
      const message = decodeRunMessage(entry);
      const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
      const run = await runClaimed(runtime.deps, message, {
        dequeueCount,
        maxDequeueCount: MAX_DEQUEUE_COUNT,
      });
      context.log(`runMonitor: ${run.runId} ${run.status} in ${run.durationMs ?? 0} ms`);
    },
  });
}
