/** Public API of schedules and data windows. */
export { nextFireTimes, parseTriggerTime } from './next-runs.js';
export { parseCron, cronMatchesDay, type CronExpression, type CronResult } from './cron.js';
export { resolveTimeZone, localToInstant, instantToLocal, type LocalTime } from './timezone.js';
export {
  parseDuration,
  formatDuration,
  subtractDuration,
  scaleDuration,
  isDuration,
  type IsoDuration,
} from './duration.js';
export {
  signalInputWindows,
  resolveWindow,
  collectorHourFolders,
  type ResolvedWindow,
  type SignalInputWindow,
} from './windows.js';
export type * from './trigger.js';
export { FREQUENCIES, WEEK_DAYS } from './trigger.js';
