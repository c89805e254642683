/** Monitor schedule triggers (Azure ML `trigger:`), as validated by the spec parser. */

export const FREQUENCIES = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const WEEK_DAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface RecurrencePattern {
  readonly hours: readonly number[];
  readonly minutes: readonly number[];
  readonly weekDays?: readonly WeekDay[];
  readonly monthDays?: readonly number[];
}

interface TriggerCommon {
  /** ISO date-time as written; without an offset it is local to `timeZone`. */
  readonly startTime?: string;
  readonly endTime?: string;
  /** IANA zone (Windows names are mapped). */
  readonly timeZone: string;
  /** The zone as written in the YAML (default `UTC`). */
  readonly timeZoneName: string;
}

export interface RecurrenceTrigger extends TriggerCommon {
  readonly type: 'recurrence';
  readonly frequency: Frequency;
  readonly interval: number;
  readonly schedule?: RecurrencePattern;
}

export interface CronTrigger extends TriggerCommon {
  readonly type: 'cron';
  readonly expression: string;
}

export type Trigger = RecurrenceTrigger | CronTrigger;
