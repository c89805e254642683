/**
 * The dashboard pages in headless Chromium against a seeded in-memory store: visible content, charts with the
 * right number of series/bars, navigation monitor → signal → feature, and screenshots in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCatalog, memoryMetrics, memoryResults, memoryRuns } from '../../src/adapters/memory/stores.js';
import { buildDashboardHtml } from '../../scripts/build-web.js';
import { chromiumAvailable, CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { startDashboardServer, type DashboardServer } from '../helpers/dashboard-server.js';
import {
  BREACHED_DRIFT,
  BREACHED_QUALITY,
  SIGNALS,
  seedDashboard,
  type SeededMonitor,
} from '../helpers/dashboard-seed.js';
import { REPO_ROOT } from '../helpers/paths.js';

const SHOTS = path.join(REPO_ROOT, 'test-artifacts', 'dashboard');
const MONITORS = 3;
const RUNS = 25;
const FEATURES = 12;
const run = chromiumAvailable();
if (!run) console.warn(`dashboard browser tests skipped: ${CHROMIUM} is missing and CI is not set`);

describe.runIf(run)('dashboard pages in headless Chromium', () => {
  let server: DashboardServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;
  let seeded: SeededMonitor[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const stores = {
      catalog: memoryCatalog(),
      runs: memoryRuns(),
      metrics: memoryMetrics(),
      results: memoryResults(),
    };
    seeded = await seedDashboard(stores, { monitors: MONITORS, runs: RUNS, features: FEATURES });
    server = await startDashboardServer(
      { ...stores, now: () => '2026-08-26T00:00:00.000Z' },
      await buildDashboardHtml(),
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const go = async (hash: string): Promise<void> => {
    await page.goto(`${server!.url}/${hash}`);
    await page.waitForSelector(`#app[data-rendered="${hash}"]`);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const texts = (selector: string) => page.locator(selector).allInnerTexts();

  it('monitors page: every monitor with target, schedule in words, last run and breached signals', async () => {
    await go('#/');
    expect(await texts('table.monitors tbody tr td:first-child a')).toEqual(seeded.map((s) => s.name));
    const first = page.locator(`tr[data-monitor="${seeded[0]!.name}"]`);
    const cells = await first.locator('td').allInnerTexts();
    expect(cells[1]).toBe('credit-default / main');
    expect(cells[2]).toBe('Every day at 03:15 (Pacific Standard Time)');
    expect(cells[3]).toContain('Failed');
    // The runs are at 10:15Z; in August Los Angeles (the monitor's zone) is UTC−7: 03:15 the same day, as scheduled.
    expect(cells[3]).toContain(`${seeded[0]!.latest.scheduledTime.slice(0, 10)} 03:15`);
    expect(cells[4]).toContain(SIGNALS.drift);
    expect(cells[4]).toContain(SIGNALS.quality);
    await shot('1-monitors');
  });

  it('click a monitor: overview with signal status, notifications (value vs threshold) and run history', async () => {
    await go('#/');
    await page.click(`tr[data-monitor="${seeded[0]!.name}"] td:first-child a`);
    await page.waitForSelector('#app[data-rendered^="#/monitors/"] table.signals');
    expect(await texts('table.signals tbody tr td:first-child')).toEqual(Object.values(SIGNALS));
    const drift = page.locator(`.notification[data-signal="${SIGNALS.drift}"] table.breaches tbody tr`);
    const rows = await drift.allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0]).sort()).toEqual([...BREACHED_DRIFT].sort());
    const age = rows.find((r) => r.startsWith('AGE'))!.split('\t');
    expect(age[1]).toBe('JensenShannonDistance');
    expect(age[3]).toBe('0.1');
    const quality = await page
      .locator(`.notification[data-signal="${SIGNALS.quality}"] tbody tr`)
      .allInnerTexts();
    expect(quality).toHaveLength(1);
    expect(quality[0]).toContain(BREACHED_QUALITY.feature);
    expect(quality[0]).toContain(BREACHED_QUALITY.metric);
    // The 20 newest runs, then the rest through the paged runs API.
    expect(await page.locator('table.runs tbody tr').count()).toBe(20);
    await page.click('button.more-runs');
    await expect.poll(() => page.locator('table.runs tbody tr').count()).toBe(RUNS);
    expect(await page.locator('button.more-runs').count()).toBe(0);
    const times = await texts('table.runs tbody tr td:first-child');
    expect(new Set(times).size).toBe(RUNS);
    expect([...times].sort().reverse()).toEqual(times);
    await shot('2-overview');
  });

  it('click the drift signal: per-feature table, breached first, sortable, with trendlines', async () => {
    await go(`#/monitors/${seeded[0]!.name}`);
    await page.click(`table.signals tr[data-signal="${SIGNALS.drift}"] a`);
    await page.waitForSelector('table.features');
    const features = await texts('table.features tbody td[data-feature]');
    expect(features).toHaveLength(FEATURES);
    expect(features.slice(0, 2).sort()).toEqual([...BREACHED_DRIFT].sort());
    expect(await page.locator('table.features tbody .badge.breached').count()).toBe(BREACHED_DRIFT.length);
    expect(await page.locator('table.features svg.sparkline path.series').count()).toBe(FEATURES);
    await page.click('table.features th:first-child');
    const sorted = await texts('table.features tbody td[data-feature]');
    expect(sorted).toEqual([...features].sort((a, b) => a.localeCompare(b)));
    await shot('3-drift-signal');
  });

  it('click a feature: reference vs production bars and the metric over time', async () => {
    await go(`#/monitors/${seeded[0]!.name}/signals/${SIGNALS.drift}`);
    await page.click('table.features td[data-feature="AGE"] a');
    await page.waitForSelector('svg.line-chart');
    expect(await page.locator('h1').innerText()).toBe('AGE');
    // 10 numerical bins × (reference, production).
    expect(await page.locator('svg.bar-chart rect.bar').count()).toBe(20);
    expect(await page.locator('svg.bar-chart rect.bar[data-series="Reference"]').count()).toBe(10);
    const series = await page
      .locator('svg.line-chart path.series')
      .evaluateAll((ps: { getAttribute(n: string): string | null }[]) =>
        ps.map((p) => p.getAttribute('data-series')),
      );
    expect(series).toEqual(['JensenShannonDistance', 'threshold']);
    expect(await page.locator('svg.line-chart circle.dot').count()).toBe(RUNS);
    await shot('4-feature-numerical');
    await go(`#/monitors/${seeded[0]!.name}/signals/${SIGNALS.drift}/features/EDUCATION`);
    await page.waitForSelector('svg.bar-chart');
    expect(
      await page
        .locator('svg.bar-chart text.tick.x')
        .evaluateAll((ts: { textContent: string | null }[]) => ts.map((t) => t.textContent)),
    ).toEqual(['graduate', 'university', 'high school', 'others']);
    expect(await page.locator('svg.bar-chart rect.bar').count()).toBe(8);
    await shot('4-feature-categorical');
  });

  it('data quality: three rates per feature, production vs reference, with thresholds; breached first', async () => {
    await go(`#/monitors/${seeded[0]!.name}/signals/${SIGNALS.quality}`);
    await page.waitForSelector('table.quality');
    expect(await texts('table.quality thead th.group')).toEqual([
      'Null value rate',
      'Data type error rate',
      'Out-of-bounds rate',
    ]);
    expect(await texts('table.quality thead tr.sub th')).toEqual(
      Array.from({ length: 3 }, () => ['production', 'reference', 'threshold']).flat(),
    );
    expect(await page.locator('table.quality tbody tr').first().locator('td').count()).toBe(2 + 9);
    expect(await page.locator('table.quality tbody tr').count()).toBe(FEATURES);
    const first = await page.locator('table.quality tbody tr').first().innerText();
    expect(first.startsWith(BREACHED_QUALITY.feature)).toBe(true);
    expect(first).toContain('0.2');
    expect(await page.locator('table.quality tbody tr.row-breached').count()).toBe(1);
    await shot('5-data-quality');
  });

  it('model performance and custom signals: metric values vs thresholds over time', async () => {
    await go(`#/monitors/${seeded[0]!.name}/signals/${SIGNALS.performance}`);
    await page.waitForSelector('svg.line-chart');
    expect(await texts('figure.chart-box figcaption')).toEqual(['Accuracy', 'Precision']);
    expect(await page.locator('svg.line-chart').count()).toBe(2);
    expect(await page.locator('svg.line-chart path.series').count()).toBe(4);
    expect(await page.locator('svg.line-chart').first().locator('circle.dot').count()).toBe(RUNS);
    const latest = await texts('table.latest tbody tr');
    expect(latest[0]).toContain('breached');
    await shot('6-model-performance');
    await go(`#/monitors/${seeded[0]!.name}/signals/${SIGNALS.custom}`);
    await page.waitForSelector('svg.line-chart');
    expect(await texts('figure.chart-box figcaption')).toEqual(['std_dev']);
    expect(await page.locator('svg.line-chart path.series').count()).toBe(2);
    await shot('6-custom');
  });

  it('an unknown monitor shows the API message, not a blank page', async () => {
    await go('#/monitors/nope');
    expect(await page.locator('[role="alert"]').innerText()).toBe('Monitor "nope" does not exist.');
  });
});
