/**
 * `npm start`'s demo in a shortened form (4 days, 20 rows an hour): the local stack with its own Azurite, the
 * app's functions dispatched by the dev host, the local Event Grid receiver and SMTP catcher; then the credit-
 * default seeding. Asserts the outcome a newcomer sees: runs for the past days (no breach before the drift,
 * breaches after it), the breach event received with the documented tag, the alert mail caught with its
 * dashboard link, and the dashboard (API and page in Chromium) listing the monitor.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCreditDemo, type DemoReport } from '../../../scripts/dev-host/demo.js';
import { startLocalStack, type LocalStack } from '../../../scripts/dev-host/local-stack.js';
import { BREACH_PHRASE, BREACH_TAG, RUN_STATUS_CHANGED } from '../../../src/core/events/run-events.js';
import { chromiumAvailable, launchChromium } from '../../helpers/chromium.js';
import { REPO_ROOT } from '../../helpers/paths.js';

let stack: LocalStack;
let report: DemoReport;
const NOW = new Date('2026-03-05T12:00:00Z');

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    workDir: mkdtempSync(path.join(tmpdir(), 'mm-devhost-')),
    // No storage configured: the stack starts its own Azurite, as on a fresh machine.
    env: {},
    localSettingsPath: path.join(REPO_ROOT, 'no-local-settings.json'),
    pollMs: 100,
    log: () => undefined,
  });
  report = await seedCreditDemo(stack, { days: 4, rowsPerHour: 20, now: NOW });
  await stack.host.idle();
}, 180_000);

afterAll(async () => {
  await stack.stop();
});

describe('npm start demo (shortened)', () => {
  it('started Azurite, the receivers and the host', () => {
    expect(stack.storage).toBe('azurite');
    expect(stack.settings.EVENTGRID_TOPIC_ENDPOINT).toBe(stack.events?.endpoint);
    expect(stack.settings.SMTP_URL).toBe(stack.mail?.url);
  });

  it('ingested every collector blob through the blob trigger', () => {
    expect(report.ingestFailures).toEqual([]);
    expect(report.collectorBlobs).toBeGreaterThan(0);
  });

  it('ran the past days: no breach before the drift, breaches after it', async () => {
    expect(report.runs.map((r) => r.scheduledTime)).toEqual([
      '2026-03-03T03:15:00.000Z',
      '2026-03-04T03:15:00.000Z',
      '2026-03-05T03:15:00.000Z',
    ]);
    expect(report.runs.map((r) => r.status)).toEqual(['Completed', 'Failed', 'Failed']);
    const breached = (i: number): string[] =>
      Object.entries(report.runs[i]!.signals)
        .filter(([, s]) => s.breached)
        .map(([n]) => n)
        .sort();
    expect(breached(0)).toEqual([]);
    expect(breached(2)).toEqual(
      [
        'advanced_data_drift',
        'advanced_data_quality',
        'advanced_prediction_drift',
        'model_performance',
      ].sort(),
    );
    const api = (await (await fetch(`${stack.url}/api/monitors/${report.monitor}/runs`)).json()) as {
      runs: { runId: string }[];
    };
    const ids = api.runs.map((r) => r.runId).sort();
    expect(ids).toEqual(report.runs.map((r) => r.runId).sort());
  });

  it('delivered the breach event to the local Event Grid receiver, with the breach tag the retraining filter matches', () => {
    const events = stack.events?.events ?? [];
    expect(events.map((e) => e.data.runId)).toEqual([report.runs[1]!.runId]);
    const e = events[0]!;
    expect(e.eventType).toBe(RUN_STATUS_CHANGED);
    expect(e.data.runTags?.[BREACH_TAG]).toContain(BREACH_PHRASE);
  });

  it('caught the alert mail of each breached run, with the dashboard link', () => {
    const mails = stack.mail?.mails ?? [];
    expect(mails.length).toBe(2);
    for (const m of mails) {
      expect(m.to).toEqual(['abc@example.com', 'def@example.com']);
      expect(m.subject).toContain(report.monitor);
      expect(m.text).toContain(`${stack.url}/#/monitors/${report.monitor}`);
    }
  });

  it('lists the monitor on the dashboard (API and page)', async () => {
    const monitors = (await (await fetch(`${stack.url}/api/monitors`)).json()) as { name: string }[];
    expect(monitors.map((m) => m.name)).toEqual([report.monitor]);
    if (!chromiumAvailable()) return;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${stack.url}/`);
      await page.getByText(report.monitor).first().waitFor({ timeout: 20_000 });
      expect(await page.content()).toContain(report.monitor);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('seeding again into the same storage reuses the runs: no new runs, events or mails', async () => {
    const events = stack.events?.events.length;
    const mails = stack.mail?.mails.length;
    const again = await seedCreditDemo(stack, { days: 4, rowsPerHour: 20, now: NOW });
    await stack.host.idle();
    expect(again.runs.map((r) => r.runId)).toEqual(report.runs.map((r) => r.runId));
    expect(again.ingestFailures).toEqual([]);
    const api = (await (await fetch(`${stack.url}/api/monitors/${report.monitor}/runs`)).json()) as {
      runs: unknown[];
    };
    expect(api.runs.length).toBe(3);
    expect(stack.events?.events.length).toBe(events);
    expect(stack.mail?.mails.length).toBe(mails);
  }, 120_000);
});
