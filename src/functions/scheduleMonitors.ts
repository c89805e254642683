/**
 * Timer: claims due monitor runs and enqueues them, then flushes the event outbox. Registration waits for the
 * lead's wiring (it needs the real evaluate/schedule/event plugins): call `registerScheduleMonitors`.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { tick } from '../core/runs/scheduled.js';
import type { Runtime } from '../adapters/runtime.js';
import type { Settings } from '../adapters/settings.js';

export function registerScheduleMonitors(settings: Settings, runtime: Runtime): void {
  app.timer('scheduleMonitors', {
    schedule: settings.tickSchedule,
    handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
      const report = await tick(runtime.deps);
      context.log(
        `scheduleMonitors: enqueued ${report.enqueued.length}, already claimed ${report.alreadyClaimed.length}, ` +
          `re-enqueued ${report.requeued.length}, events published ${report.outbox?.published.length ?? 0}, ` +
          `event failures ${report.outbox?.failed.length ?? 0}`,
      );
      for (const e of report.errors) context.error(`scheduleMonitors: monitor ${e.monitor}: ${e.error}`);
    },
  });
}
