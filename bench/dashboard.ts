/**
 * `npm run bench:dashboard`: page load times of the dashboard in headless Chromium over an in-memory store
 * seeded with 50 monitors × 365 daily runs, 100 drift features per run (data quality on 10 features, model
 * performance, a custom signal). Run records and metric rows exist for every run; result files (signal
 * documents, histograms) for the newest 30 runs per monitor, which is what the pages read (memory bound).
 * Each page is loaded REPEAT times in a fresh tab; the figure is the in-page time from navigation start to the
 * page's data rendered (the wall time around it, with tab creation and DevTools round trips, is shown too).
 */
import { buildDashboardHtml } from '../scripts/build-web.js';
import { memoryCatalog, memoryMetrics, memoryResults, memoryRuns } from '../src/adapters/memory/stores.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { startDashboardServer } from '../test/helpers/dashboard-server.js';
import { SIGNALS, seedDashboard } from '../test/helpers/dashboard-seed.js';

const MONITORS = Number(process.env.BENCH_MONITORS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 365);
const FEATURES = Number(process.env.BENCH_FEATURES ?? 100);
const REPEAT = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const stores = {
    catalog: memoryCatalog(),
    runs: memoryRuns(),
    metrics: memoryMetrics(),
    results: memoryResults(),
  };
  let t = performance.now();
  const seeded = await seedDashboard(stores, {
    monitors: MONITORS,
    runs: RUNS,
    features: FEATURES,
    filesForLastRuns: 30,
    qualityFeatures: 10,
  });
  const points = (await stores.metrics.query({ monitor: seeded[0]!.name })).length;
  process.stdout.write(
    `seeded ${MONITORS} monitors × ${RUNS} runs × ${FEATURES} features (${points} metric rows per monitor, ${points * MONITORS} in all) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );
  const server = await startDashboardServer(
    { ...stores, now: () => new Date().toISOString() },
    await buildDashboardHtml(),
  );
  const browser = await launchChromium();
  const m = seeded[0]!.name;
  const pages: [string, string][] = [
    ['Monitors list', '#/'],
    ['Monitor overview', `#/monitors/${m}`],
    ['Drift signal (100 features, trendlines)', `#/monitors/${m}/signals/${SIGNALS.drift}`],
    ['Feature (histogram + 365-run series)', `#/monitors/${m}/signals/${SIGNALS.drift}/features/AGE`],
    ['Data quality', `#/monitors/${m}/signals/${SIGNALS.quality}`],
    ['Model performance (365 runs)', `#/monitors/${m}/signals/${SIGNALS.performance}`],
  ];
  try {
    process.stdout.write(
      `\n| page | median ms (in page) | min | max | median ms (wall, incl. tab + CDP) | median DOMContentLoaded ms | API requests | API ms (sum, last load) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n`,
    );
    for (const [label, hash] of pages) {
      const times: number[] = [];
      const wall: number[] = [];
      const dcl: number[] = [];
      let apiCount = 0;
      let apiMs = 0;
      for (let i = 0; i < REPEAT; i++) {
        const page = await browser.context.newPage();
        const before = server.requests.length;
        t = performance.now();
        await page.goto(`${server.url}/${hash}`);
        await page.waitForSelector(`#app[data-rendered="${hash}"]`, { timeout: 120_000 });
        wall.push(performance.now() - t);
        // In-page clock: ms from navigation start to the page's data rendered (excludes tab/CDP overhead).
        times.push(Number(await page.locator('#app').getAttribute('data-render-ms')));
        const nav = Number(
          await page.evaluate(
            'performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? Number.NaN',
          ),
        );
        dcl.push(nav);
        const api = server.requests.slice(before).filter((r) => r.path.startsWith('/api/'));
        apiCount = api.length;
        apiMs = api.reduce((a, r) => a + r.ms, 0);
        if (await page.locator('[role="alert"]').count())
          throw new Error(`${label}: the page shows an error`);
        await page.close();
      }
      process.stdout.write(
        `| ${label} | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ${median(wall).toFixed(0)} | ${median(dcl).toFixed(0)} | ${apiCount} | ${apiMs.toFixed(0)} |\n`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
