import { describe, expect, it } from 'vitest';
import { matchesSubscriptionFilter, type SubscriptionFilter } from '../../../src/core/events/filters.js';
import {
  BREACH_PHRASE,
  BREACH_TAG,
  ERROR_TAG,
  RUN_STATUS_CHANGED,
  breachMessage,
  runEventId,
  shouldPublish,
  signalToken,
  toCloudEvent,
  toEventGridEvent,
  type FinishedRun,
} from '../../../src/core/events/run-events.js';
import { sha1, uuidV5 } from '../../../src/core/events/uuid.js';

const breachRun: FinishedRun = {
  monitorName: 'credit-monitor',
  runId: 'run-2026-01-05',
  experimentId: 'exp-credit',
  status: 'Failed',
  finishedAt: '2026-01-05T00:07:12.000Z',
  signals: [
    {
      signal: 'data_drift',
      breachedRows: [
        { metric_value: 0.31, metric_name: 'JensenShannonDistance', threshold_value: 0.1, group: 'AGE' },
        { metric_value: 0.2, metric_name: 'PearsonsChiSquaredTest', threshold_value: 0.05, group: "it's" },
      ],
    },
    { signal: 'data_quality', breachedRows: [] },
    {
      signal: 'model_performance',
      breachedRows: [{ metric_value: 0.61, metric_name: 'Accuracy', threshold_value: 0.8 }],
    },
  ],
  runProperties: { 'azureml.modelmonitor.scheduled_time': '2026-01-05T00:00:00Z' },
};

const cleanRun: FinishedRun = {
  ...breachRun,
  runId: 'run-2026-01-06',
  status: 'Completed',
  signals: [
    { signal: 'data_drift', breachedRows: [] },
    { signal: 'model_performance', breachedRows: [] },
  ],
};

const errorRun: FinishedRun = {
  ...breachRun,
  runId: 'run-2026-01-07',
  status: 'Failed',
  signals: [
    { signal: 'data_drift', breachedRows: [], error: 'No data found for the given time window.' },
    { signal: 'model_performance', breachedRows: [] },
  ],
};

const otherMonitorBreach: FinishedRun = {
  ...breachRun,
  monitorName: 'fraud-monitor',
  experimentId: 'exp-fraud',
  runId: 'run-f-1',
};

describe('RunStatusChanged event (Event Grid schema)', () => {
  const e = toEventGridEvent(breachRun);

  it('has the Azure ML shape', () => {
    expect(e.eventType).toBe(RUN_STATUS_CHANGED);
    expect(e.subject).toBe('experiments/exp-credit/runs/run-2026-01-05');
    expect(e.eventTime).toBe(breachRun.finishedAt);
    expect(e.dataVersion).toBe('');
    expect(Object.keys(e.data)).toEqual([
      'experimentId',
      'experimentName',
      'runId',
      'runType',
      'runTags',
      'runProperties',
      'runStatus',
    ]);
    expect(e.data.experimentName).toBe('credit-monitor');
    expect(e.data.runId).toBe('run-2026-01-05');
    expect(e.data.runStatus).toBe('Failed');
    expect(e.data.runProperties).toEqual(breachRun.runProperties);
  });

  it('tags each breached signal with the Azure message and the <monitor>_<signal> token', () => {
    const tag = e.data.runTags[BREACH_TAG] ?? '';
    expect(tag).toContain(
      "The signal 'data_drift' has failed due to one or more features violating metric thresholds.\n",
    );
    expect(tag).toContain("The signal 'model_performance' has failed due to");
    expect(tag).not.toContain("'data_quality'");
    expect(tag).toContain('credit-monitor_data_drift');
    expect(tag).toContain('credit-monitor_model_performance');
    expect(tag).not.toContain('credit-monitor_data_quality');
    expect(e.data.runTags[ERROR_TAG]).toBeUndefined();
  });

  it('prints the breached rows as Azure does: a Python list of compact JSON strings', () => {
    const msg = breachMessage('data_drift', breachRun.signals[0]!.breachedRows);
    const listLine = msg.split('\n')[2]!;
    // Parse the Python list repr back: strings quoted with ' unless they contain ' and no ".
    const items = [...listLine.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'),
    );
    expect(items.map((s) => JSON.parse(s) as unknown)).toEqual([
      { metric_value: 0.31, metric_name: 'JensenShannonDistance', threshold_value: 0.1, group: 'AGE' },
      { metric_value: 0.2, metric_name: 'PearsonsChiSquaredTest', threshold_value: 0.05, group: "it's" },
    ]);
    expect(Object.keys(JSON.parse(items[0]!) as object)).toEqual([
      'metric_value',
      'metric_name',
      'threshold_value',
      'group',
    ]);
    expect(msg.split('\n')[1]).toBe(
      'The feature names and their corresponding computed metric values violating the threshold are ',
    );
    expect(msg.endsWith(']\n')).toBe(true);
    // Without a group column there is no group key.
    const mp = breachMessage('model_performance', breachRun.signals[2]!.breachedRows);
    expect(mp).toContain(`['{"metric_value":0.61,"metric_name":"Accuracy","threshold_value":0.8}']`);
  });

  it('no breach tag on a clean run; the error tag on a failed computation', () => {
    expect(toEventGridEvent(cleanRun).data.runTags).toEqual({});
    const tags = toEventGridEvent(errorRun).data.runTags;
    expect(tags[BREACH_TAG]).toBeUndefined();
    expect(tags[ERROR_TAG]).toBe('data_drift: No data found for the given time window.');
  });

  it('id is a UUID derived from the run (same run → same id; other run → other id)', () => {
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toEventGridEvent({ ...breachRun, finishedAt: '2030-01-01T00:00:00Z' }).id).toBe(e.id);
    expect(toEventGridEvent(cleanRun).id).not.toBe(e.id);
    expect(runEventId('exp-credit', 'run-2026-01-05')).toBe(e.id);
  });
});

describe('RunStatusChanged event (CloudEvents 1.0)', () => {
  it('carries the same id, subject and data', () => {
    const ce = toCloudEvent(breachRun);
    const eg = toEventGridEvent(breachRun);
    expect(ce.specversion).toBe('1.0');
    expect(ce.type).toBe(RUN_STATUS_CHANGED);
    expect(ce.id).toBe(eg.id);
    expect(ce.subject).toBe(eg.subject);
    expect(ce.time).toBe(breachRun.finishedAt);
    expect(ce.data).toEqual(eg.data);
    expect(ce.source).toBe('/modelmonitor/monitors/credit-monitor');
    expect(toCloudEvent({ ...breachRun, source: '/subscriptions/s/x' }).source).toBe('/subscriptions/s/x');
  });
});

describe('documented subscription filters select exactly the breach events', () => {
  const phraseFilter: SubscriptionFilter = {
    includedEventTypes: [RUN_STATUS_CHANGED],
    advancedFilters: [
      {
        operatorType: 'StringContains',
        key: 'data.RunTags.azureml_modelmonitor_threshold_breached',
        values: [BREACH_PHRASE],
      },
    ],
  };
  const signalFilter = (token: string): SubscriptionFilter => ({
    ...phraseFilter,
    advancedFilters: [
      ...(phraseFilter.advancedFilters ?? []),
      {
        operatorType: 'StringContains',
        key: 'data.RunTags.azureml_modelmonitor_threshold_breached',
        values: [token],
      },
    ],
  });
  const all = [breachRun, cleanRun, errorRun, otherMonitorBreach];
  const schemas = [
    ['EventGrid', (r: FinishedRun) => toEventGridEvent(r)],
    ['CloudEvents', (r: FinishedRun) => toCloudEvent(r)],
  ] as const;

  it.each(schemas)('phrase filter (%s)', (_s, build) => {
    const selected = all.filter((r) => matchesSubscriptionFilter(phraseFilter, build(r) as never));
    expect(selected.map((r) => r.runId)).toEqual([breachRun.runId, otherMonitorBreach.runId]);
  });

  it.each(schemas)('phrase + <monitor>_<signal> filter (%s)', (_s, build) => {
    const f = signalFilter(signalToken('credit-monitor', 'data_drift'));
    const selected = all.filter((r) => matchesSubscriptionFilter(f, build(r) as never));
    expect(selected.map((r) => r.runId)).toEqual([breachRun.runId]);
    const none = signalFilter(signalToken('credit-monitor', 'data_quality'));
    expect(all.filter((r) => matchesSubscriptionFilter(none, build(r) as never))).toEqual([]);
  });

  it('the phrase matches whatever the case of the filter value', () => {
    const upper: SubscriptionFilter = {
      advancedFilters: [
        {
          operatorType: 'StringContains',
          key: 'DATA.RUNTAGS.AZUREML_MODELMONITOR_THRESHOLD_BREACHED',
          values: [BREACH_PHRASE.toUpperCase()],
        },
      ],
    };
    expect(matchesSubscriptionFilter(upper, toEventGridEvent(breachRun) as never)).toBe(true);
    expect(matchesSubscriptionFilter(upper, toEventGridEvent(errorRun) as never)).toBe(false);
  });
});

describe('shouldPublish', () => {
  const table = [
    [undefined, 'Failed', 'transitions', true],
    [undefined, 'Completed', 'transitions', false],
    ['Completed', 'Completed', 'transitions', false],
    ['Completed', 'Failed', 'transitions', true],
    ['Failed', 'Completed', 'transitions', true],
    ['Failed', 'Failed', 'transitions', false],
    [undefined, 'Completed', 'every_run', true],
    ['Completed', 'Completed', 'every_run', true],
    ['Failed', 'Failed', 'every_run', true],
  ] as const;
  it.each(table)('%s → %s (%s) = %s', (prev, cur, mode, expected) => {
    expect(shouldPublish(prev, cur, mode)).toBe(expected);
  });
});

describe('uuid v5 / sha1', () => {
  it('sha1 matches the FIPS 180 test vectors', () => {
    const hex = (s: string): string =>
      Array.from(sha1(new TextEncoder().encode(s)), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(hex('a'.repeat(1000000))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });

  it("uuid5 matches Python's documented example uuid5(NAMESPACE_DNS, 'python.org')", () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });
});
