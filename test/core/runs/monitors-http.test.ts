import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { memoryCatalog, memoryRuns } from '../../../src/adapters/memory/stores.js';
import { handleMonitorsApi } from '../../../src/core/runs/monitors-http.js';
import type { MonitorValidation } from '../../../src/core/runs/monitors.js';
import { queuedRun } from '../../../src/core/runs/records.js';

/** Test validator (the real one is the spec module): a YAML mapping with a string `name` and `create_monitor`. */
function validate(text: string): MonitorValidation {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '', message: (err as Error).message }] };
  }
  const o = doc as { name?: unknown; create_monitor?: unknown } | null;
  const issues = [];
  if (typeof o?.name !== 'string') issues.push({ path: 'name', message: 'Required' });
  if (typeof o?.create_monitor !== 'object') issues.push({ path: 'create_monitor', message: 'Required' });
  return issues.length > 0 || typeof o?.name !== 'string'
    ? { ok: false, issues }
    : { ok: true, name: o.name };
}

const yaml = (name: string, extra = ''): string =>
  `name: ${name}\ntrigger: {type: recurrence}\ncreate_monitor:\n  x: 1${extra}\n`;

describe('monitors HTTP API', () => {
  it('create, conflict, invalid YAML stores nothing, get with runs, replace keeps history, enable/disable, delete', async () => {
    let t = 0;
    const ops = {
      catalog: memoryCatalog(),
      runs: memoryRuns(),
      validate,
      now: () => new Date(Date.UTC(2026, 10, 26, 4, t++)).toISOString(),
    };
    const created = await handleMonitorsApi(ops, { method: 'POST', body: yaml('credit') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'credit', enabled: true, yaml: yaml('credit') });
    expect((await handleMonitorsApi(ops, { method: 'POST', body: yaml('credit') })).status).toBe(409);

    const bad = await handleMonitorsApi(ops, { method: 'POST', body: 'name: other\n' });
    expect(bad).toEqual({
      status: 400,
      body: { error: 'Invalid monitor YAML', issues: [{ path: 'create_monitor', message: 'Required' }] },
    });
    expect((await handleMonitorsApi(ops, { method: 'POST', body: 'name: [unclosed' })).status).toBe(400);
    expect((await ops.catalog.list()).map((m) => m.name)).toEqual(['credit']);

    // JSON body is YAML too.
    expect(
      (
        await handleMonitorsApi(ops, {
          method: 'POST',
          body: JSON.stringify({ name: 'iris', create_monitor: {} }),
        })
      ).status,
    ).toBe(201);

    await ops.runs.put(queuedRun('credit', '2026-11-26T04:05:00Z', '2026-11-26T04:05:00Z'));
    await ops.catalog.setRunState('credit', {
      lastRun: { runId: 'credit-20261126T040500000Z', status: 'Failed', time: '2026-11-26T04:05:00.000Z' },
    });
    const replaced = await handleMonitorsApi(ops, {
      method: 'PUT',
      name: 'credit',
      body: yaml('credit', '\n  y: 2'),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      lastRun: { runId: 'credit-20261126T040500000Z' },
      yaml: yaml('credit', '\n  y: 2'),
    });
    expect(
      (await handleMonitorsApi(ops, { method: 'PUT', name: 'other', body: yaml('credit') })).status,
    ).toBe(400);
    expect((await handleMonitorsApi(ops, { method: 'PUT', name: 'new', body: yaml('new') })).status).toBe(
      201,
    );

    const one = await handleMonitorsApi(ops, { method: 'GET', name: 'credit', body: '' });
    expect((one.body as { runs: { runId: string }[] }).runs.map((r) => r.runId)).toEqual([
      'credit-20261126T040500000Z',
    ]);
    expect(
      ((await handleMonitorsApi(ops, { method: 'GET', body: '' })).body as { name: string }[]).map(
        (m) => m.name,
      ),
    ).toEqual(['credit', 'iris', 'new']);

    expect(
      (await handleMonitorsApi(ops, { method: 'POST', name: 'credit', action: 'disable', body: '' })).body,
    ).toMatchObject({ enabled: false });
    expect(
      (await handleMonitorsApi(ops, { method: 'POST', name: 'credit', action: 'enable', body: '' })).body,
    ).toMatchObject({ enabled: true });
    expect(
      (await handleMonitorsApi(ops, { method: 'POST', name: 'nope', action: 'enable', body: '' })).status,
    ).toBe(404);

    expect(await handleMonitorsApi(ops, { method: 'DELETE', name: 'credit', body: '' })).toEqual({
      status: 204,
    });
    expect((await handleMonitorsApi(ops, { method: 'DELETE', name: 'credit', body: '' })).status).toBe(404);
    expect((await handleMonitorsApi(ops, { method: 'GET', name: 'credit', body: '' })).status).toBe(404);
    // run history survives the deletion
    expect(await ops.runs.list('credit')).toHaveLength(1);
  });
});
