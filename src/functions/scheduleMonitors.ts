/**
 * Timer: claims due monitor runs and enqueues them, then flushes the event outbox. The schedule is the
 * `MONITOR_TICK_SCHEDULE` app setting (default every 5 minutes). Settings are read once, at start-up.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions, { type InvocationContext, type Timer } from '@azure/functions';
import { appContext, tickScheduleBinding } from '../adapters/app.js';
import type { Runtime } from '../adapters/runtime.js';
import { tick, type TickReport } from '../core/runs/scheduled.js';

export function scheduleMonitorsHandler(
  runtime: Runtime,
): (timer: Timer, context: InvocationContext) => Promise<TickReport> {
  return async (_timer, context) => {
    const report = await tick(runtime.deps);
    context.log(
      `scheduleMonitors: enqueued ${report.enqueued.length}, already claimed ${report.alreadyClaimed.length}, ` +
        `re-enqueued ${report.requeued.length}, events published ${report.outbox?.published.length ?? 0}, ` +
        `event failures ${report.outbox?.failed.length ?? 0}`,
    );
    for (const e of report.errors) context.error(`scheduleMonitors: monitor ${e.monitor}: ${e.error}`);
    return report;
  };
}

const handler = scheduleMonitorsHandler(appContext().runtime);

azureFunctions.app.timer('scheduleMonitors', {
  schedule: tickScheduleBinding(process.env),
  // Return nothing to the host (a non-HTTP trigger's return value is passed back to it).
  handler: async (timer, context) => {
    await handler(timer, context);
  },
});
