import { describe, expect, it } from 'vitest';
import {
  lookupKey,
  matchesAdvancedFilter,
  matchesSubscriptionFilter,
  parseSubscriptionFilter,
  type AdvancedFilter,
  type JsonValue,
} from '../../../src/core/events/filters.js';

const event: JsonValue = {
  id: 'e1',
  subject: 'experiments/x/runs/Run-1',
  eventType: 'Microsoft.MachineLearningServices.RunStatusChanged',
  data: {
    counter: 5,
    ratio: 0.25,
    enabled: true,
    name: 'Azure Data Factory',
    nothing: null,
    runTags: { azureml_modelmonitor_threshold_breached: 'The signal ... HAS FAILED due to X' },
    tags: ['urgent', 'Customer', 3],
    numbers: [1, 10, 'x'],
    flags: [false, true],
    nested: { deeper: { leaf: 'Leaf' } },
  },
};

type Case = readonly [name: string, filter: AdvancedFilter, expected: boolean, arrays?: boolean];

const cases: readonly Case[] = [
  // numbers
  ['NumberIn hit', { operatorType: 'NumberIn', key: 'data.counter', values: [1, 5] }, true],
  ['NumberIn miss', { operatorType: 'NumberIn', key: 'data.counter', values: [1, 2] }, false],
  ['NumberNotIn none equal', { operatorType: 'NumberNotIn', key: 'data.counter', values: [41, 0] }, true],
  ['NumberNotIn one equal', { operatorType: 'NumberNotIn', key: 'data.counter', values: [41, 5] }, false],
  ['NumberLessThan true', { operatorType: 'NumberLessThan', key: 'data.counter', value: 6 }, true],
  ['NumberLessThan equal is false', { operatorType: 'NumberLessThan', key: 'data.counter', value: 5 }, false],
  ['NumberGreaterThan', { operatorType: 'NumberGreaterThan', key: 'data.ratio', value: 0.2 }, true],
  ['NumberGreaterThan equal', { operatorType: 'NumberGreaterThan', key: 'data.ratio', value: 0.25 }, false],
  ['NumberLessThanOrEquals', { operatorType: 'NumberLessThanOrEquals', key: 'data.counter', value: 5 }, true],
  [
    'NumberGreaterThanOrEquals',
    { operatorType: 'NumberGreaterThanOrEquals', key: 'data.counter', value: 5 },
    true,
  ],
  [
    'NumberGreaterThanOrEquals miss',
    { operatorType: 'NumberGreaterThanOrEquals', key: 'data.counter', value: 6 },
    false,
  ],
  [
    'NumberInRange inclusive',
    {
      operatorType: 'NumberInRange',
      key: 'data.counter',
      values: [
        [0, 1],
        [5, 9],
      ],
    },
    true,
  ],
  ['NumberInRange outside', { operatorType: 'NumberInRange', key: 'data.counter', values: [[6, 9]] }, false],
  [
    'NumberNotInRange outside',
    { operatorType: 'NumberNotInRange', key: 'data.counter', values: [[6, 9]] },
    true,
  ],
  [
    'NumberNotInRange inside',
    { operatorType: 'NumberNotInRange', key: 'data.counter', values: [[0, 9]] },
    false,
  ],
  ['number operator on a string value', { operatorType: 'NumberIn', key: 'data.name', values: [5] }, false],
  // booleans
  ['BoolEquals true', { operatorType: 'BoolEquals', key: 'data.enabled', value: true }, true],
  ['BoolEquals false', { operatorType: 'BoolEquals', key: 'data.enabled', value: false }, false],
  ['BoolEquals on a string', { operatorType: 'BoolEquals', key: 'data.name', value: true }, false],
  // strings, case-insensitive values
  [
    'StringContains any value',
    { operatorType: 'StringContains', key: 'data.name', values: ['microsoft', 'DATA'] },
    true,
  ],
  ['StringContains none', { operatorType: 'StringContains', key: 'data.name', values: ['microsoft'] }, false],
  [
    'StringNotContains none',
    { operatorType: 'StringNotContains', key: 'data.name', values: ['contoso', 'fabrikam'] },
    true,
  ],
  [
    'StringNotContains one',
    { operatorType: 'StringNotContains', key: 'data.name', values: ['contoso', 'factory'] },
    false,
  ],
  [
    'StringBeginsWith',
    { operatorType: 'StringBeginsWith', key: 'data.name', values: ['event', 'azure'] },
    true,
  ],
  ['StringBeginsWith miss', { operatorType: 'StringBeginsWith', key: 'data.name', values: ['data'] }, false],
  ['StringNotBeginsWith', { operatorType: 'StringNotBeginsWith', key: 'data.name', values: ['data'] }, true],
  [
    'StringNotBeginsWith hit',
    { operatorType: 'StringNotBeginsWith', key: 'data.name', values: ['AZ'] },
    false,
  ],
  ['StringEndsWith', { operatorType: 'StringEndsWith', key: 'data.name', values: ['png', 'FACTORY'] }, true],
  ['StringNotEndsWith', { operatorType: 'StringNotEndsWith', key: 'data.name', values: ['png'] }, true],
  [
    'StringNotEndsWith hit',
    { operatorType: 'StringNotEndsWith', key: 'data.name', values: ['factory'] },
    false,
  ],
  [
    'StringIn exact, any case',
    { operatorType: 'StringIn', key: 'data.name', values: ['x', 'azure data factory'] },
    true,
  ],
  ['StringIn substring is not in', { operatorType: 'StringIn', key: 'data.name', values: ['azure'] }, false],
  ['StringNotIn', { operatorType: 'StringNotIn', key: 'data.name', values: ['aws', 'bridge'] }, true],
  [
    'StringNotIn hit',
    { operatorType: 'StringNotIn', key: 'data.name', values: ['AZURE DATA FACTORY'] },
    false,
  ],
  [
    'string operator on a number uses its JSON text',
    { operatorType: 'StringBeginsWith', key: 'data.counter', values: ['5'] },
    true,
  ],
  // keys, case-insensitive at every level
  [
    'key case-insensitive (Data.RunTags)',
    {
      operatorType: 'StringContains',
      key: 'Data.RunTags.AZUREML_MODELMONITOR_THRESHOLD_BREACHED',
      values: ['has failed'],
    },
    true,
  ],
  ['nested key', { operatorType: 'StringIn', key: 'DATA.Nested.Deeper.LEAF', values: ['leaf'] }, true],
  [
    'top-level key Subject',
    { operatorType: 'StringContains', key: 'Subject', values: ['/RUNS/run-1'] },
    true,
  ],
  [
    'top-level key EventType',
    {
      operatorType: 'StringIn',
      key: 'EventType',
      values: ['microsoft.machinelearningservices.runstatuschanged'],
    },
    true,
  ],
  // missing keys (docs: not matched except NumberNotIn / StringNotIn)
  ['missing: NumberIn', { operatorType: 'NumberIn', key: 'data.absent', values: [1] }, false],
  ['missing: NumberNotIn matches', { operatorType: 'NumberNotIn', key: 'data.absent', values: [1] }, true],
  ['missing: NumberLessThan', { operatorType: 'NumberLessThan', key: 'data.absent', value: 1 }, false],
  [
    'missing: NumberNotInRange',
    { operatorType: 'NumberNotInRange', key: 'data.absent', values: [[0, 1]] },
    false,
  ],
  ['missing: BoolEquals', { operatorType: 'BoolEquals', key: 'data.absent', value: false }, false],
  ['missing: StringContains', { operatorType: 'StringContains', key: 'data.absent', values: ['a'] }, false],
  [
    'missing: StringNotContains',
    { operatorType: 'StringNotContains', key: 'data.absent', values: ['a'] },
    false,
  ],
  [
    'missing: StringNotBeginsWith',
    { operatorType: 'StringNotBeginsWith', key: 'data.absent', values: ['a'] },
    false,
  ],
  [
    'missing: StringNotEndsWith',
    { operatorType: 'StringNotEndsWith', key: 'data.absent', values: ['a'] },
    false,
  ],
  ['missing: StringNotIn matches', { operatorType: 'StringNotIn', key: 'data.absent', values: ['a'] }, true],
  ['missing parent object', { operatorType: 'StringIn', key: 'data.nope.deeper', values: ['a'] }, false],
  ['missing: IsNullOrUndefined', { operatorType: 'IsNullOrUndefined', key: 'data.absent' }, true],
  ['missing: IsNotNull', { operatorType: 'IsNotNull', key: 'data.absent' }, false],
  ['null: IsNullOrUndefined', { operatorType: 'IsNullOrUndefined', key: 'data.nothing' }, true],
  ['null: IsNotNull', { operatorType: 'IsNotNull', key: 'data.nothing' }, false],
  ['value: IsNullOrUndefined', { operatorType: 'IsNullOrUndefined', key: 'data.counter' }, false],
  ['value: IsNotNull', { operatorType: 'IsNotNull', key: 'data.counter' }, true],
  // arrays: fail without enableAdvancedFilteringOnArrays; element-wise with it, other types ignored
  [
    'array without flag fails',
    { operatorType: 'StringIn', key: 'data.tags', values: ['urgent'] },
    false,
    false,
  ],
  [
    'array without flag fails for Not too',
    { operatorType: 'StringNotIn', key: 'data.tags', values: ['zzz'] },
    false,
    false,
  ],
  [
    'array StringIn any element',
    { operatorType: 'StringIn', key: 'data.tags', values: ['customer'] },
    true,
    true,
  ],
  [
    'array StringNotIn all elements',
    { operatorType: 'StringNotIn', key: 'data.tags', values: ['zzz'] },
    true,
    true,
  ],
  [
    'array StringNotContains one element hits',
    { operatorType: 'StringNotContains', key: 'data.tags', values: ['urg'] },
    false,
    true,
  ],
  [
    'array NumberGreaterThan any',
    { operatorType: 'NumberGreaterThan', key: 'data.numbers', value: 5 },
    true,
    true,
  ],
  [
    'array NumberGreaterThan ignores strings',
    { operatorType: 'NumberGreaterThan', key: 'data.numbers', value: 50 },
    false,
    true,
  ],
  ['array NumberNotIn', { operatorType: 'NumberNotIn', key: 'data.numbers', values: [10] }, false, true],
  ['array BoolEquals', { operatorType: 'BoolEquals', key: 'data.flags', value: true }, true, true],
  ['array IsNotNull', { operatorType: 'IsNotNull', key: 'data.tags' }, true, false],
];

describe('advanced filter operators', () => {
  for (const [name, filter, expected, arrays] of cases) {
    it(name, () => {
      expect(matchesAdvancedFilter(filter, event, arrays ?? false)).toBe(expected);
    });
  }
});

describe('subscription filter', () => {
  const base = { includedEventTypes: ['Microsoft.MachineLearningServices.RunStatusChanged'] };

  it('ANDs advanced filters and ORs values', () => {
    const both = (second: string): boolean =>
      matchesSubscriptionFilter(
        {
          ...base,
          advancedFilters: [
            { operatorType: 'StringContains', key: 'data.name', values: ['nope', 'azure'] },
            { operatorType: 'StringContains', key: 'data.name', values: [second] },
          ],
        },
        event,
      );
    expect(both('factory')).toBe(true);
    expect(both('contoso')).toBe(false);
  });

  it('includedEventTypes: case-insensitive, "All" and empty accept everything', () => {
    expect(
      matchesSubscriptionFilter(
        { includedEventTypes: ['microsoft.machinelearningservices.runstatuschanged'] },
        event,
      ),
    ).toBe(true);
    expect(matchesSubscriptionFilter({ includedEventTypes: ['Microsoft.Storage.BlobCreated'] }, event)).toBe(
      false,
    );
    expect(matchesSubscriptionFilter({ includedEventTypes: ['All'] }, event)).toBe(true);
    expect(matchesSubscriptionFilter({ includedEventTypes: [] }, event)).toBe(true);
    expect(matchesSubscriptionFilter({}, event)).toBe(true);
  });

  it('subjectBeginsWith / subjectEndsWith, case-insensitive unless isSubjectCaseSensitive', () => {
    expect(matchesSubscriptionFilter({ subjectBeginsWith: 'EXPERIMENTS/x/' }, event)).toBe(true);
    expect(matchesSubscriptionFilter({ subjectEndsWith: '/run-1' }, event)).toBe(true);
    expect(
      matchesSubscriptionFilter({ subjectEndsWith: '/run-1', isSubjectCaseSensitive: true }, event),
    ).toBe(false);
    expect(
      matchesSubscriptionFilter({ subjectEndsWith: '/Run-1', isSubjectCaseSensitive: true }, event),
    ).toBe(true);
    expect(matchesSubscriptionFilter({ subjectBeginsWith: 'experiments/y/' }, event)).toBe(false);
    expect(matchesSubscriptionFilter({ subjectBeginsWith: 'a' }, { data: {} })).toBe(false);
  });

  it('evaluates CloudEvents 1.0 events (type, eventid alias)', () => {
    const ce: JsonValue = {
      specversion: '1.0',
      id: 'c1',
      type: 'T.x',
      source: '/s',
      subject: 'a/b',
      data: { k: 1 },
    };
    expect(matchesSubscriptionFilter({ includedEventTypes: ['t.X'] }, ce)).toBe(true);
    expect(lookupKey(ce, 'EventId')).toEqual({ found: true, value: 'c1' });
    expect(lookupKey(ce, 'EventType')).toEqual({ found: true, value: 'T.x' });
  });

  it('enableAdvancedFilteringOnArrays comes from the filter object', () => {
    const f = {
      advancedFilters: [{ operatorType: 'StringIn' as const, key: 'data.tags', values: ['urgent'] }],
    };
    expect(matchesSubscriptionFilter(f, event)).toBe(false);
    expect(matchesSubscriptionFilter({ ...f, enableAdvancedFilteringOnArrays: true }, event)).toBe(true);
  });
});

describe('parseSubscriptionFilter', () => {
  it('accepts an ARM filter object', () => {
    const r = parseSubscriptionFilter({
      includedEventTypes: ['A'],
      subjectBeginsWith: '',
      enableAdvancedFilteringOnArrays: true,
      advancedFilters: [
        { operatorType: 'NumberInRange', key: 'data.x', values: [[1, 2]] },
        { operatorType: 'IsNotNull', key: 'data.y' },
        { operatorType: 'BoolEquals', key: 'data.z', value: false },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('reports unknown operators and wrong value types with paths', () => {
    const r = parseSubscriptionFilter({
      advancedFilters: [
        { operatorType: 'StringLike', key: 'data.x', values: ['a'] },
        { operatorType: 'NumberLessThan', key: 'data.x', value: '5' },
        { operatorType: 'StringIn', key: '', values: [1] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([
      'advancedFilters[0].operatorType',
      'advancedFilters[1].value',
      'advancedFilters[2].key',
      'advancedFilters[2].values',
    ]);
  });
});
