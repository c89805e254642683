/**
 * A synthetic "credit default" model for the demo (`npm start`): a training reference, the online deployment's
 * data-collector output over several days (model_inputs and model_outputs, one JSONL blob per hour), and the
 * ground truth that arrives later, with drift from a given day on. Pure and deterministic: the same options give
 * the same bytes (seeded PRNG, no clock, no I/O).
 *
 * Columns follow the UCI "default of credit card clients" data set that the Azure ML monitoring docs use
 * (LIMIT_BAL, SEX, EDUCATION, MARRIAGE, AGE, PAY_0, PAY_2, BILL_AMT1/2, PAY_AMT1/2; target DEFAULT_NEXT_MONTH).
 * The "model" is a fixed logistic score; the true label is that score plus logistic noise, so before the drift
 * the model is right about 92% of the time, and its predicted default rate (about 15%) is close to the training
 * labels' rate (18%), so prediction drift against the training target stays quiet.
 *
 * Days are UTC calendar days, index 0 first; the monitor runs daily at 03:15 UTC and the run of day d reads the
 * collector hours d−1 03:00 … d 03:00 (25 hour folders). The drift starts at 04:00 UTC on day `driftFromDay − 1`,
 * right after the hours the run of that day reads, so the runs of days 1 … driftFromDay − 1 see no drifted row and
 * the runs from day `driftFromDay` on see drifted rows only (except the first hour of the first one). From then on:
 * - covariate drift: lower credit limits (LIMIT_BAL × 0.55), younger clients (AGE mean 35 → 27), more late
 *   payments (PAY_0/PAY_2 shift towards 1–4 months late), fewer graduates (EDUCATION shifts towards 3 = high
 *   school), higher utilization of the lower limits (bills over limit × 1.6, so BILL_AMT1/2 stay about the same);
 * - data quality: 12% of LIMIT_BAL values are null and 8% of EDUCATION values are 5 or 6 ("unknown" codes of the
 *   UCI data that the training data does not contain: out of bounds);
 * - concept drift: the true risk changes (an economic shock the model does not know: its score explains half as
 *   much, and the base risk rises), so accuracy and precision drop;
 * - the model's predictions shift with its inputs (more predicted defaults): prediction drift.
 */

export const DEMO_ENDPOINT = 'credit-default';
export const DEMO_DEPLOYMENT = 'main';
export const TARGET_COLUMN = 'DEFAULT_NEXT_MONTH';
export const PROBABILITY_COLUMN = 'probability';
export const FEATURE_COLUMNS = [
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  'PAY_0',
  'PAY_2',
  'BILL_AMT1',
  'BILL_AMT2',
  'PAY_AMT1',
  'PAY_AMT2',
] as const;
export type FeatureColumn = (typeof FEATURE_COLUMNS)[number];
/** One scored client: the model inputs (LIMIT_BAL may be null after the drift). */
export type CreditFeatures = Readonly<Record<FeatureColumn, number | null>>;

export interface CreditDemoOptions {
  /** The last day of traffic (its UTC date is used): the caller passes today. */
  readonly end: Date | string;
  /** Days of traffic, ending with `end` (default 6). */
  readonly days?: number;
  /** Scored rows per hour per collection (default 40: 960 rows a day). */
  readonly rowsPerHour?: number;
  /**
   * Index of the first day whose 03:15 run sees drifted traffic (default floor(days / 2)); traffic drifts from
   * 04:00 UTC of the day before. 0 = all traffic drifted; ≥ days = no drift.
   */
  readonly driftFromDay?: number;
  /** Rows of the training reference (default 3000). */
  readonly referenceRows?: number;
  /** PRNG seed (default 20240601). */
  readonly seed?: number;
  /** Hours starting after this instant are left out (no traffic from the future); default: all of `end`'s day. */
  readonly until?: Date | string;
}

/** A file of a folder (MLTable folder) as text. */
export interface DemoFile {
  /** Path inside the folder, '/'-separated. */
  readonly path: string;
  readonly text: string;
}

/** An MLTable folder: `MLTable` plus the CSV it points at. */
export interface DemoFolder {
  /** Suggested asset name and folder name (`credit-reference`, `credit-ground-truth`). */
  readonly name: string;
  readonly rows: number;
  readonly files: readonly DemoFile[];
}

/** One collector JSONL blob (one hour of one collection). */
export interface CollectorBlob {
  /** `credit-default/main/<collection>/yyyy/MM/dd/HH/<id>.jsonl`, relative to the collector container. */
  readonly name: string;
  readonly collection: 'model_inputs' | 'model_outputs';
  /** Start of the hour (ISO). */
  readonly hour: string;
  readonly lines: number;
  readonly rows: number;
  readonly text: string;
}

/** One scoring request (one collector line in each collection); its rows' ids are `<correlationId>_<i>`. */
export interface DemoRequest {
  readonly correlationId: string;
  readonly time: string;
  /** UTC calendar day index (0 = first day). */
  readonly day: number;
  readonly drifted: boolean;
  readonly rows: readonly {
    readonly features: CreditFeatures;
    readonly prediction: 0 | 1;
    readonly probability: number;
    readonly actual: 0 | 1;
  }[];
}

export interface CreditDemo {
  readonly endpoint: string;
  readonly deployment: string;
  /** The days of traffic, `YYYY-MM-DD`, index 0 first. */
  readonly days: readonly string[];
  readonly driftFromDay: number;
  /** ISO instant from which traffic drifts (04:00 UTC of `days[driftFromDay − 1]`); absent when nothing drifts. */
  readonly driftStart?: string;
  /**
   * The demo monitor's daily 03:15 UTC fire times whose 24-hour window lies within the traffic: 03:15 of days
   * 1 … last (the run of day d reads hours d−1 03:00 … d 03:00). Times after `until` are left out.
   */
  readonly runTimes: readonly string[];
  /** Training data with the target: register as `credit-reference:1` (mltable). */
  readonly reference: DemoFolder;
  /** correlationid + actual label of every production row: register as `credit-ground-truth:1` (mltable). */
  readonly groundTruth: DemoFolder;
  readonly collector: readonly CollectorBlob[];
  readonly requests: readonly DemoRequest[];
  /** Production rows (each is one model_inputs row and one model_outputs row). */
  readonly productionRows: number;
}

// ---- deterministic randomness ----

/** sfc32: small, fast, good enough for synthetic data, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

type Rng = () => number;

function normal(rng: Rng): number {
  // Box-Muller; 1 - u keeps the log away from 0.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pick(rng: Rng, table: readonly (readonly [number, number])[]): number {
  let u = rng();
  for (const [value, p] of table) {
    if (u < p) return value;
    u -= p;
  }
  const last = table[table.length - 1];
  return last ? last[0] : 0;
}

function uuid(rng: Rng): string {
  const hex = (n: number): string =>
    Math.floor(rng() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  const variant = (8 + Math.floor(rng() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

// ---- the population and the model ----

const EDUCATION_BEFORE = [
  [1, 0.35],
  [2, 0.47],
  [3, 0.16],
  [4, 0.02],
] as const;
const EDUCATION_AFTER = [
  [1, 0.2],
  [2, 0.37],
  [3, 0.31],
  [4, 0.04],
  [5, 0.05],
  [6, 0.03],
] as const;
const PAY_STATUS = [
  [-2, 0.09],
  [-1, 0.19],
  [0, 0.49],
  [1, 0.12],
  [2, 0.085],
  [3, 0.015],
  [4, 0.01],
] as const;
/** After the drift: more late payments (a downturn). */
const PAY_STATUS_AFTER = [
  [-2, 0.06],
  [-1, 0.12],
  [0, 0.4],
  [1, 0.18],
  [2, 0.17],
  [3, 0.04],
  [4, 0.03],
] as const;
const MEDIAN_LIMIT = 140_000;

interface Client {
  readonly features: CreditFeatures;
  /** The true risk's logit (the model sees only the features). */
  readonly trueLogit: number;
}

function drawClient(rng: Rng, drifted: boolean): Client {
  const limit = clamp(
    Math.round(Math.exp(Math.log(MEDIAN_LIMIT) + 0.7 * normal(rng)) / 1000) * 1000,
    10_000,
    800_000,
  );
  const shownLimit = drifted ? Math.max(10_000, Math.round((limit * 0.55) / 1000) * 1000) : limit;
  const sex = rng() < 0.4 ? 1 : 2;
  const education = pick(rng, drifted ? EDUCATION_AFTER : EDUCATION_BEFORE);
  const marriage = pick(rng, [
    [1, 0.45],
    [2, 0.53],
    [3, 0.02],
  ]);
  const age = clamp(Math.round(drifted ? 27 + 5 * normal(rng) : 35 + 9 * normal(rng)), 21, 75);
  const payStatus = drifted ? PAY_STATUS_AFTER : PAY_STATUS;
  const pay0 = pick(rng, payStatus);
  const pay2 = rng() < 0.6 ? Math.max(-2, pay0 - (pay0 > 0 ? 1 : 0)) : pick(rng, payStatus);
  const utilization = clamp(0.1 + 0.5 * rng() + (pay0 > 0 ? 0.3 * rng() : 0), 0, 1.2) * (drifted ? 1.6 : 1);
  const bill1 = Math.round(shownLimit * utilization);
  const bill2 = Math.round(bill1 * (0.85 + 0.2 * rng()));
  const payShare = pay0 > 0 ? 0.03 * rng() : 0.04 + 0.3 * rng();
  const payAmt1 = Math.round(bill2 * payShare);
  const payAmt2 = Math.round(bill2 * (pay2 > 0 ? 0.03 * rng() : 0.04 + 0.3 * rng()));
  const nullLimit = drifted && rng() < 0.12;
  const features: CreditFeatures = {
    LIMIT_BAL: nullLimit ? null : shownLimit,
    SEX: sex,
    EDUCATION: education,
    MARRIAGE: marriage,
    AGE: age,
    PAY_0: pay0,
    PAY_2: pay2,
    BILL_AMT1: bill1,
    BILL_AMT2: bill2,
    PAY_AMT1: payAmt1,
    PAY_AMT2: payAmt2,
  };
  // The true risk: the model's score on the unshifted limit; after the drift half of it plus a higher base risk.
  const base = modelLogit({ ...features, LIMIT_BAL: limit });
  const trueLogit = drifted ? 0.5 * base + 0.9 : base;
  return { features, trueLogit };
}

/** The deployed model: a fixed logistic score (a null LIMIT_BAL is imputed with the training median). */
export function modelLogit(f: CreditFeatures): number {
  const limit = f.LIMIT_BAL ?? MEDIAN_LIMIT;
  const pay0 = clamp(f.PAY_0 ?? 0, -1, 4);
  const pay2 = clamp(f.PAY_2 ?? 0, -1, 4);
  const bill1 = f.BILL_AMT1 ?? 0;
  const bill2 = f.BILL_AMT2 ?? 0;
  const paid = (f.PAY_AMT1 ?? 0) / Math.max(bill2, 1);
  return (
    -1.45 +
    0.95 * pay0 +
    0.35 * pay2 -
    0.5 * Math.log(limit / MEDIAN_LIMIT) +
    0.8 * (bill1 / limit - 0.4) -
    1.2 * (paid - 0.1) +
    ((f.EDUCATION ?? 0) >= 3 ? 0.2 : 0) -
    0.012 * ((f.AGE ?? 35) - 35)
  );
}

export function score(f: CreditFeatures): { prediction: 0 | 1; probability: number } {
  const p = 1 / (1 + Math.exp(-modelLogit(f)));
  return { prediction: p >= 0.5 ? 1 : 0, probability: Math.round(p * 1e6) / 1e6 };
}

/** The true label: the true logit plus standard logistic noise scaled by 0.5 (P(default) = σ(2·logit)). */
function label(rng: Rng, trueLogit: number): 0 | 1 {
  return rng() < 1 / (1 + Math.exp(-2 * trueLogit)) ? 1 : 0;
}

// ---- files ----

const csvCell = (v: number | string | null): string => (v === null ? '' : String(v));

function mltable(csvName: string): string {
  return [
    'type: mltable',
    '',
    'paths:',
    `  - file: ./${csvName}`,
    'transformations:',
    '  - read_delimited:',
    "      delimiter: ','",
    '      encoding: utf8',
    '      header: all_files_same_headers',
    '',
  ].join('\n');
}

const SOURCE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/model-monitor-demo/providers/' +
  'Microsoft.MachineLearningServices/workspaces/model-monitor-demo/onlineEndpoints/credit-default/deployments/main';

function collectorLine(
  rng: Rng,
  collection: 'model_inputs' | 'model_outputs',
  time: string,
  correlationId: string,
  data: readonly Readonly<Record<string, number | null>>[],
): string {
  const payload = JSON.stringify(data);
  const bytes = payload.length; // numbers and ASCII names only: characters = UTF-8 bytes
  return JSON.stringify({
    specversion: '1.0',
    id: uuid(rng),
    source: SOURCE,
    type: `azureml.inference.${collection}`,
    datacontenttype: 'application/json',
    time,
    data,
    contentrange: `bytes 0-${String(bytes - 1)}/${String(bytes)}`,
    correlationid: correlationId,
    xrequestid: correlationId,
    modelversion: '1',
    collectdatatype: 'pandas.core.frame.DataFrame',
    agent: 'azure-ai-mlmonitoring/1.0.0',
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function utcMidnight(d: Date | string): number {
  const t = typeof d === 'string' ? Date.parse(d) : d.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not a date: ${String(d)}`);
  return Math.floor(t / DAY_MS) * DAY_MS;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1)
    throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/** Generates the whole demo. Throws RangeError on nonsensical options. */
export function generateCreditDemo(options: CreditDemoOptions): CreditDemo {
  const days = positiveInt('days', options.days ?? 6);
  const rowsPerHour = positiveInt('rowsPerHour', options.rowsPerHour ?? 40);
  const referenceRows = positiveInt('referenceRows', options.referenceRows ?? 3000);
  const driftFromDay = options.driftFromDay ?? Math.floor(days / 2);
  if (!Number.isInteger(driftFromDay) || driftFromDay < 0)
    throw new RangeError(`driftFromDay must be an integer ≥ 0, got ${String(driftFromDay)}`);
  const seed = options.seed ?? 20240601;
  const firstDay = utcMidnight(options.end) - (days - 1) * DAY_MS;
  const untilMs =
    options.until === undefined
      ? Infinity
      : typeof options.until === 'string'
        ? Date.parse(options.until)
        : options.until.getTime();
  if (Number.isNaN(untilMs)) throw new RangeError(`until: not a date: ${String(options.until)}`);

  // Independent streams, so changing the traffic options does not change the reference and vice versa.
  const refRng = prng(seed);
  const trafficRng = prng(seed ^ 0x5bd1e995);
  const idRng = prng(seed ^ 0x27d4eb2f);

  // Training reference.
  const header = [...FEATURE_COLUMNS, TARGET_COLUMN].join(',');
  const refLines = [header];
  for (let i = 0; i < referenceRows; i++) {
    const c = drawClient(refRng, false);
    refLines.push(
      [...FEATURE_COLUMNS.map((k) => csvCell(c.features[k])), String(label(refRng, c.trueLogit))].join(','),
    );
  }
  const reference: DemoFolder = {
    name: 'credit-reference',
    rows: referenceRows,
    files: [
      { path: 'MLTable', text: mltable('credit_reference.csv') },
      { path: 'credit_reference.csv', text: `${refLines.join('\n')}\n` },
    ],
  };

  // Traffic, hour by hour. Drift starts right after the hours read by the run of day driftFromDay - 1.
  const driftStartMs = driftFromDay >= days ? Infinity : firstDay + driftFromDay * DAY_MS - 20 * HOUR_MS;
  const requests: DemoRequest[] = [];
  const collector: CollectorBlob[] = [];
  const truthLines = ['correlationid,DEFAULT_NEXT_MONTH,TIMESTAMP'];
  let productionRows = 0;
  for (let day = 0; day < days; day++) {
    for (let h = 0; h < 24; h++) {
      const hourMs = firstDay + day * DAY_MS + h * HOUR_MS;
      if (hourMs > untilMs) continue;
      const drifted = hourMs >= driftStartMs;
      const d = new Date(hourMs);
      const folder = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
      const hourRequests: DemoRequest[] = [];
      let left = rowsPerHour;
      while (left > 0) {
        const n = Math.min(left, trafficRng() < 0.7 ? 1 : 2);
        left -= n;
        const rows = [];
        for (let i = 0; i < n; i++) {
          const c = drawClient(trafficRng, drifted);
          rows.push({ features: c.features, ...score(c.features), actual: label(trafficRng, c.trueLogit) });
        }
        hourRequests.push({
          correlationId: uuid(idRng),
          time: '',
          day,
          drifted,
          rows,
        });
      }
      // Spread the requests over the hour, in time order.
      const offsets = hourRequests.map(() => Math.floor(trafficRng() * HOUR_MS)).sort((a, b) => a - b);
      const timed = hourRequests.map((r, i) => ({
        ...r,
        time: new Date(hourMs + (offsets[i] ?? 0)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      }));
      const inputs: string[] = [];
      const outputs: string[] = [];
      for (const r of timed) {
        inputs.push(
          collectorLine(
            idRng,
            'model_inputs',
            r.time,
            r.correlationId,
            r.rows.map((x) => x.features),
          ),
        );
        outputs.push(
          collectorLine(
            idRng,
            'model_outputs',
            r.time,
            r.correlationId,
            r.rows.map((x) => ({ [TARGET_COLUMN]: x.prediction, [PROBABILITY_COLUMN]: x.probability })),
          ),
        );
        r.rows.forEach((x, i) =>
          truthLines.push(`${r.correlationId}_${String(i)},${String(x.actual)},${r.time}`),
        );
        productionRows += r.rows.length;
      }
      requests.push(...timed);
      const rowsInHour = timed.reduce((s, r) => s + r.rows.length, 0);
      for (const [collection, lines] of [
        ['model_inputs', inputs],
        ['model_outputs', outputs],
      ] as const) {
        collector.push({
          name: `${DEMO_ENDPOINT}/${DEMO_DEPLOYMENT}/${collection}/${folder}/${uuid(idRng)}.jsonl`,
          collection,
          hour: d.toISOString(),
          lines: lines.length,
          rows: rowsInHour,
          text: `${lines.join('\n')}\n`,
        });
      }
    }
  }
  const groundTruth: DemoFolder = {
    name: 'credit-ground-truth',
    rows: truthLines.length - 1,
    files: [
      { path: 'MLTable', text: mltable('ground_truth.csv') },
      { path: 'ground_truth.csv', text: `${truthLines.join('\n')}\n` },
    ],
  };

  const dayNames = Array.from({ length: days }, (_, i) =>
    new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10),
  );
  const runTimes: string[] = [];
  for (let day = 1; day < days; day++) {
    const t = firstDay + day * DAY_MS + 3 * HOUR_MS + 15 * 60_000;
    if (t <= untilMs) runTimes.push(new Date(t).toISOString());
  }
  return {
    endpoint: DEMO_ENDPOINT,
    deployment: DEMO_DEPLOYMENT,
    days: dayNames,
    driftFromDay,
    ...(driftStartMs === Infinity ? {} : { driftStart: new Date(driftStartMs).toISOString() }),
    runTimes,
    reference,
    groundTruth,
    collector,
    requests,
    productionRows,
  };
}
