/**
 * The local dev host dispatching the app's own registrations (loaded from src/functions, as `npm start` does)
 * against Azurite: HTTP routes, the timer on its NCRONTAB schedule, the blob trigger finding a new collector
 * blob, and the queue trigger's retry + poison handling.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDevHost, type DevHost, type Invocation } from '../../../scripts/dev-host/host.js';
import { loadFunctionApp } from '../../../scripts/dev-host/load-app.js';
import { RUN_QUEUE } from '../../../src/adapters/runtime.js';
import { AZUREML_DATA_DIR, REPO_ROOT } from '../../helpers/paths.js';

const conn = inject('storageConnectionString');
const invocations: Invocation[] = [];
let host: DevHost;

const until = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  Object.assign(process.env, {
    AzureWebJobsStorage: conn,
    COLLECTOR_CONTAINER: 'devhostcollector',
    CURATED_CONTAINER: 'devhostcurated',
    RESULTS_CONTAINER: 'devhostresults',
    INGEST_LEDGER_TABLE: 'devhostledger',
    // Every second, so the test sees the host fire it on its own.
    MONITOR_TICK_SCHEDULE: '* * * * * *',
  });
  const registrations = await loadFunctionApp(path.join(REPO_ROOT, 'src', 'functions'));
  host = await startDevHost({
    registrations,
    env: process.env,
    hostJson: JSON.parse(readFileSync(path.join(REPO_ROOT, 'host.json'), 'utf8')) as object,
    port: 0,
    pollMs: 100,
    log: () => undefined,
    onInvocation: (i) => invocations.push(i),
  });
}, 60_000);

afterAll(async () => {
  await host.stop();
});

describe('local dev host', () => {
  it('lists every registered function with its trigger', () => {
    const byName = new Map(host.functions.map((f) => [f.name, f]));
    expect(byName.get('scheduleMonitors')?.detail).toBe('timer * * * * * *');
    expect(byName.get('ingestCollectorBlob')?.detail).toBe('blob devhostcollector/{name}');
    expect(byName.get('runMonitor')?.detail).toBe(`queue ${RUN_QUEUE}`);
    expect(byName.get('monitors')?.detail).toBe(`[POST] ${host.url}/api/monitors`);
    expect(host.functions.filter((f) => f.trigger === 'httpTrigger').length).toBe(10);
  });

  it('routes HTTP requests to the handlers (host.json routePrefix "")', async () => {
    const yaml = [
      'name: devhost_http',
      'trigger: {type: recurrence, frequency: day, interval: 1, schedule: {hours: 3, minutes: 15}}',
      'create_monitor:',
      '  monitoring_target: {endpoint_deployment_id: azureml:iris:blue}',
      '',
    ].join('\n');
    const created = await fetch(`${host.url}/api/monitors`, { method: 'POST', body: yaml });
    expect(created.status).toBe(201);
    const list = (await (await fetch(`${host.url}/api/monitors`)).json()) as { name: string }[];
    expect(list.map((m) => m.name)).toContain('devhost_http');
    const one = await fetch(`${host.url}/api/monitors/devhost_http`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { name: string }).name).toBe('devhost_http');
    const disabled = await fetch(`${host.url}/api/monitors/devhost_http/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    const missing = await fetch(`${host.url}/api/monitors/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('nope');
    const bad = await fetch(`${host.url}/api/monitors`, { method: 'POST', body: 'name: x\n' });
    expect(bad.status).toBe(400);
    const page = await fetch(`${host.url}/`);
    const built = existsSync(path.join(REPO_ROOT, 'dist', 'web', 'index.html'));
    expect(page.status).toBe(built ? 200 : 503);
    expect((await fetch(`${host.url}/nothing/here`, { method: 'PATCH' })).status).toBe(404);
  });

  it('fires the timer on its NCRONTAB schedule', async () => {
    await until('the timer', () => invocations.some((i) => i.trigger === 'timer' && i.ok));
    const inv = invocations.find((i) => i.trigger === 'timer');
    expect(inv?.functionName).toBe('scheduleMonitors');
  });

  it('dispatches the blob trigger for a new collector blob, once per version', async () => {
    const dir = path.join(
      AZUREML_DATA_DIR,
      'uri_folder_iris_model_inputs_with_drift',
      '2023',
      '01',
      '01',
      '01',
    );
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'));
    if (!file) throw new Error(`no JSONL in ${dir}`);
    const name = `iris/blue/model_inputs/2023/01/01/01/${file}`;
    const service = BlobServiceClient.fromConnectionString(conn);
    const container = service.getContainerClient('devhostcollector');
    await container.createIfNotExists();
    await container.getBlockBlobClient(name).uploadData(readFileSync(path.join(dir, file)));
    await until('the blob trigger', () => invocations.some((i) => i.trigger === 'blob' && i.detail === name));
    await host.idle();
    const blobRuns = invocations.filter((i) => i.trigger === 'blob' && i.detail === name);
    expect(blobRuns.length).toBe(1);
    expect(blobRuns[0]?.ok).toBe(true);
    expect((blobRuns[0]?.result as { status: string }).status).toBe('ingested');
    const curated: string[] = [];
    for await (const b of service.getContainerClient('devhostcurated').listBlobsFlat()) curated.push(b.name);
    expect(
      curated.some((n) => n.startsWith('iris/blue/model_inputs/2023/01/01/01/') && n.endsWith('.arrow')),
    ).toBe(true);
  });

  it('retries a failing queue message up to maxDequeueCount, then moves it to the poison queue', async () => {
    const queue = new QueueClient(conn, RUN_QUEUE);
    await queue.createIfNotExists();
    await queue.sendMessage(Buffer.from(JSON.stringify({ not: 'a run message' })).toString('base64'));
    await until(
      'the poison queue',
      () => invocations.filter((i) => i.trigger === 'queue' && !i.ok).length >= 5,
    );
    await host.idle();
    const failed = invocations.filter((i) => i.trigger === 'queue' && !i.ok);
    expect(failed.length).toBe(5);
    expect(failed[0]?.error).toMatch(/not a run message/);
    const poison = await new QueueClient(conn, `${RUN_QUEUE}-poison`).peekMessages({ numberOfMessages: 5 });
    expect(poison.peekedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString())).toEqual([
      JSON.stringify({ not: 'a run message' }),
    ]);
  });
});
