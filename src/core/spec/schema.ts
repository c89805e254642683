/**
 * The zod schema of a monitor YAML in the current dialect (after `translateDialects`). Every object is strict:
 * an unknown key is an error listing the keys that are allowed there. Field names are Azure's (snake_case).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseCron } from '../schedule/cron.js';
import { isDuration } from '../schedule/duration.js';
import { resolveTimeZone } from '../schedule/timezone.js';
import { FREQUENCIES, WEEK_DAYS } from '../schedule/trigger.js';
import {
  CLASSIFICATION_METRICS,
  DATA_CONTEXTS,
  DATA_QUALITY_METRICS,
  DRIFT_CATEGORICAL_METRICS,
  DRIFT_NUMERICAL_METRICS,
  REGRESSION_METRICS,
  REGRESSION_SHORT_METRICS,
  SIGNAL_TYPES,
} from './metrics.js';

/** A strict object whose unknown-key error lists the allowed keys; `what` is "key" or "metric". */
function strict<T extends z.core.$ZodLooseShape>(shape: T, what: 'key' | 'metric' = 'key') {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown ${what}; expected one of ${Object.keys(shape).join(', ')}`
        : undefined,
  });
}

const nonEmpty = z.string().min(1);
const duration = z
  .string()
  .refine(isDuration, { message: 'expected an ISO-8601 duration such as P7D, PT12H or P1M' });
const durationOrDefault = z.string().refine((s) => s === 'default' || isDuration(s), {
  message: "expected an ISO-8601 duration such as P7D, PT12H or P1M, or 'default'",
});
const dateTime = z.string().refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, {
  message: 'expected an ISO-8601 date or date-time such as 2024-01-31 or 2024-01-31T15:00:00Z',
});
const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
const threshold = z.number();

export const jobInputSchema = strict({
  type: z.enum(['mltable', 'uri_folder', 'uri_file']),
  path: nonEmpty,
  mode: z.string().optional(),
});

const windowShape = {
  lookback_window_size: durationOrDefault.optional(),
  lookback_window_offset: duration.optional(),
  window_start: dateTime.optional(),
  window_end: dateTime.optional(),
};

type WindowValue = { [K in keyof typeof windowShape]?: string | undefined };

function checkWindow(w: WindowValue, ctx: z.core.$RefinementCtx, production: boolean): void {
  const fixed = w.window_start !== undefined || w.window_end !== undefined;
  if (production && fixed) {
    for (const key of ['window_start', 'window_end'] as const) {
      if (w[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `not allowed on production data (its window trails the run time); expected lookback_window_size and lookback_window_offset`,
        });
      }
    }
    return;
  }
  if (fixed && (w.lookback_window_size !== undefined || w.lookback_window_offset !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['window_start'],
      message:
        'a window is either lookback_window_size/lookback_window_offset or window_start/window_end, not both',
    });
  }
  if (fixed && (w.window_start === undefined || w.window_end === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [w.window_start === undefined ? 'window_start' : 'window_end'],
      message: 'missing required field; window_start and window_end go together',
    });
  }
}

const productionWindow = strict(windowShape).superRefine((w, ctx) => {
  checkWindow(w, ctx, true);
});
const referenceWindow = strict(windowShape).superRefine((w, ctx) => {
  checkWindow(w, ctx, false);
});

const dataContext = z.enum(DATA_CONTEXTS);

const inputShape = {
  input_data: jobInputSchema,
  data_context: dataContext.optional(),
  pre_processing_component: nonEmpty.optional(),
  data_column_names: z.record(z.string(), z.string()).optional(),
};
export const productionInputSchema = strict({ ...inputShape, data_window: productionWindow.optional() });
export const referenceInputSchema = strict({
  ...inputShape,
  data_window: referenceWindow.optional(),
  target_column_name: nonEmpty.optional(),
});

const featuresSchema = z.unknown().superRefine((v, ctx) => {
  if (v === 'all_features') return;
  if (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'string' && f !== '')) return;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const n = (v as Record<string, unknown>).top_n_feature_importance;
    if (keys.length === 1 && typeof n === 'number' && Number.isInteger(n) && n > 0) return;
  }
  ctx.addIssue({
    code: 'custom',
    message:
      'expected all_features, a list of feature names, or {top_n_feature_importance: <positive integer>}',
  });
});

const featureTypeOverride = z.record(z.string(), z.enum(['numerical', 'categorical']));
const dataSegment = strict({
  feature_name: nonEmpty,
  feature_values: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
});

const metricMap = (names: readonly string[]) =>
  strict(
    Object.fromEntries(names.map((n) => [n, threshold.optional()])) as Record<
      string,
      z.ZodOptional<z.ZodNumber>
    >,
    'metric',
  );

const common = { alert_enabled: z.boolean().optional(), properties: stringMap.optional() };

const dataDrift = strict({
  type: z.literal('data_drift'),
  production_data: productionInputSchema.optional(),
  reference_data: referenceInputSchema.optional(),
  features: featuresSchema.optional(),
  feature_type_override: featureTypeOverride.optional(),
  data_segment: dataSegment.optional(),
  metric_thresholds: strict({
    numerical: metricMap(DRIFT_NUMERICAL_METRICS).optional(),
    categorical: metricMap(DRIFT_CATEGORICAL_METRICS).optional(),
  }).optional(),
  ...common,
});

const predictionDrift = strict({
  type: z.literal('prediction_drift'),
  production_data: productionInputSchema.optional(),
  reference_data: referenceInputSchema.optional(),
  metric_thresholds: strict({
    numerical: metricMap(DRIFT_NUMERICAL_METRICS).optional(),
    categorical: metricMap(DRIFT_CATEGORICAL_METRICS).optional(),
  }).optional(),
  ...common,
});

const dataQuality = strict({
  type: z.literal('data_quality'),
  production_data: productionInputSchema.optional(),
  reference_data: referenceInputSchema.optional(),
  features: featuresSchema.optional(),
  feature_type_override: featureTypeOverride.optional(),
  metric_thresholds: strict({
    numerical: metricMap(DATA_QUALITY_METRICS).optional(),
    categorical: metricMap(DATA_QUALITY_METRICS).optional(),
  }).optional(),
  ...common,
});

const featureAttributionDrift = strict({
  type: z.literal('feature_attribution_drift'),
  production_data: z.array(productionInputSchema).min(1).optional(),
  reference_data: referenceInputSchema,
  metric_thresholds: metricMap(['normalized_discounted_cumulative_gain']).optional(),
  ...common,
});

const modelPerformance = strict({
  type: z.literal('model_performance'),
  production_data: productionInputSchema.optional(),
  reference_data: referenceInputSchema,
  data_segment: dataSegment.optional(),
  metric_thresholds: strict({
    classification: metricMap(CLASSIFICATION_METRICS).optional(),
    tabular_classification: metricMap(CLASSIFICATION_METRICS).optional(),
    regression: metricMap([...REGRESSION_SHORT_METRICS, ...REGRESSION_METRICS]).optional(),
  }).optional(),
  ...common,
});

const connection = strict({
  environment_variables: stringMap.optional(),
  secret_config: stringMap.optional(),
});

const custom = strict({
  type: z.literal('custom'),
  component_id: nonEmpty,
  input_data: z.record(z.string(), referenceInputSchema).optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  connection: connection.optional(),
  workspace_connection: connection.optional(),
  metric_thresholds: z.array(strict({ metric_name: nonEmpty, threshold })).min(1),
  ...common,
});

// Generative signals are parsed loosely: they are reported and skipped, never evaluated.
const generationSafetyQuality = z.looseObject({ type: z.literal('generation_safety_quality') });
const generationTokenStatistics = z.looseObject({ type: z.literal('generation_token_statistics') });

export const signalSchema = z.discriminatedUnion(
  'type',
  [
    dataDrift,
    predictionDrift,
    dataQuality,
    featureAttributionDrift,
    modelPerformance,
    custom,
    generationSafetyQuality,
    generationTokenStatistics,
  ],
  { error: () => `unknown signal type; expected one of ${SIGNAL_TYPES.join(', ')}` },
);

const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v : v === undefined ? v : [v]), z.array(item).min(1));

const hourSchema = z.number().int().min(0).max(23);
const minuteSchema = z.number().int().min(0).max(59);
const weekDay = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(WEEK_DAYS));

const timeZone = z.string().refine((s) => resolveTimeZone(s) !== undefined, {
  message:
    'unknown time zone; expected a Windows zone name such as "Pacific Standard Time" or an IANA name such as America/Los_Angeles',
});

const triggerCommon = {
  start_time: dateTime.optional(),
  end_time: dateTime.optional(),
  time_zone: timeZone.optional(),
};

const recurrence = strict({
  type: z.literal('recurrence'),
  frequency: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(FREQUENCIES)),
  interval: z.number().int().min(1),
  schedule: strict({
    hours: listOf(hourSchema),
    minutes: listOf(minuteSchema),
    week_days: listOf(weekDay).optional(),
    month_days: listOf(z.number().int().min(1).max(31)).optional(),
  }).optional(),
  ...triggerCommon,
});

const cron = strict({
  type: z.literal('cron'),
  expression: z.string().superRefine((s, ctx) => {
    const r = parseCron(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `invalid cron expression: ${r.error}` });
  }),
  ...triggerCommon,
});

export const triggerSchema = z.discriminatedUnion('type', [recurrence, cron], {
  error: () => 'unknown trigger type; expected one of recurrence, cron',
});

const compute = z.union([
  nonEmpty,
  strict({
    instance_type: nonEmpty.optional(),
    runtime_version: z.union([z.string(), z.number()]).transform(String).optional(),
  }),
]);

export const monitorScheduleSchema = strict({
  $schema: z.string().optional(),
  name: nonEmpty,
  display_name: z.string().optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  properties: stringMap.optional(),
  trigger: triggerSchema,
  create_monitor: strict({
    compute: compute.optional(),
    monitoring_target: strict({
      ml_task: z.enum(['classification', 'regression', 'question_answering']).optional(),
      endpoint_deployment_id: nonEmpty.optional(),
      model_id: nonEmpty.optional(),
    }).optional(),
    monitoring_signals: z.record(z.string(), signalSchema).optional(),
    alert_notification: z
      .union([z.literal('azmonitoring'), strict({ emails: z.array(z.string().min(3)).min(1) })])
      .optional(),
  }),
});

export type RawMonitorSchedule = z.output<typeof monitorScheduleSchema>;
export type RawSignal = z.output<typeof signalSchema>;
export type RawProductionInput = z.output<typeof productionInputSchema>;
export type RawReferenceInput = z.output<typeof referenceInputSchema>;
