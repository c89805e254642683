import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  memoryCatalog,
  memoryClaims,
  memoryMetrics,
  memoryOutbox,
  memoryResults,
  memoryRuns,
} from '../../src/adapters/memory/stores.js';
import { scheduleCommand } from '../../src/cli/commands/schedule.js';
import type { MonitorValidation } from '../../src/core/runs/monitors.js';
import type { ScheduledDeps } from '../../src/core/runs/scheduled.js';
import { evaluateFrom, everyMinutes, transitionEvent } from '../helpers/run-plugins.js';

function validate(text: string): MonitorValidation {
  const o = parse(text) as { name?: unknown; create_monitor?: unknown } | null;
  if (typeof o?.name !== 'string') return { ok: false, issues: [{ path: 'name', message: 'Required' }] };
  if (typeof o.create_monitor !== 'object')
    return { ok: false, issues: [{ path: 'create_monitor', message: 'Required' }] };
  return { ok: true, name: o.name };
}

function setup() {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const deps: ScheduledDeps = {
    catalog: memoryCatalog(),
    claims: memoryClaims(),
    runs: memoryRuns(),
    metrics: memoryMetrics(),
    results: memoryResults(),
    outbox: memoryOutbox(),
    now: () => '2026-11-26T04:07:00.000Z',
    evaluate: (yaml, runTime) => Promise.resolve(evaluateFrom(yaml, runTime, 'credit')),
    nextFireTimes: everyMinutes,
    runEvent: transitionEvent,
    alertEmails: () => [],
    enqueue: () => Promise.resolve(),
    events: 'transitions',
    dashboardBaseUrl: 'http://d',
  };
  const register = scheduleCommand(
    () => Promise.resolve({ ops: { catalog: deps.catalog, runs: deps.runs, validate, now: deps.now }, deps }),
    { out: (l) => out.push(l), err: (l) => err.push(l), setExitCode: (c) => (exitCode = c) },
  );
  const cli = async (...args: string[]): Promise<number> => {
    exitCode = 0;
    const program = new Command('model-monitor').exitOverride();
    register(program);
    await program.parseAsync(['node', 'model-monitor', ...args]);
    return exitCode;
  };
  return { cli, out, err, deps };
}

describe('model-monitor schedule', () => {
  it('create (invalid stores nothing), list, show, run --at, disable/enable, delete', async () => {
    const { cli, out, err, deps } = setup();
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-cli-'));
    const good = path.join(dir, 'monitor.yaml');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(good, 'name: credit\ncreate_monitor:\n  every: 5\n  drift: yes\n');
    writeFileSync(bad, 'name: broken\n');

    expect(await cli('schedule', 'create', '-f', bad)).toBe(1);
    expect(err).toEqual([`${bad}: invalid monitor YAML`, '  create_monitor: Required']);
    expect(await deps.catalog.list()).toEqual([]);

    expect(await cli('schedule', 'create', '-f', good)).toBe(0);
    expect(await cli('schedule', 'create', '-f', good)).toBe(0);
    expect(out).toEqual(['Created monitor credit', 'Updated monitor credit']);

    out.length = 0;
    expect(await cli('schedule', 'run', 'credit', '--at', '2026-11-26T04:05:00Z')).toBe(0);
    expect(out).toEqual(['credit-20261126T040500000Z\tFailed']);
    expect((await deps.metrics.query({ monitor: 'credit' })).map((p) => p.value)).toEqual([0.4]);
    // Running the same time again claims nothing new and evaluates nothing new.
    out.length = 0;
    err.length = 0;
    expect(await cli('schedule', 'run', 'credit', '--at', '2026-11-26T04:05:00.000Z')).toBe(0);
    expect(err).toEqual(['Run credit-20261126T040500000Z was already claimed; completing it if needed.']);
    expect(out).toEqual(['credit-20261126T040500000Z\tFailed']);
    expect(await deps.runs.list('credit')).toHaveLength(1);

    out.length = 0;
    await cli('schedule', 'disable', 'credit');
    await cli('schedule', 'list');
    expect(out).toEqual([
      'Disabled monitor credit',
      'credit\tdisabled\tlast: Failed 2026-11-26T04:05:00.000Z credit-20261126T040500000Z\tnext: -',
    ]);
    out.length = 0;
    await cli('schedule', 'enable', 'credit');
    await cli('schedule', 'show', 'credit');
    const shown = JSON.parse(out[1]!) as { enabled: boolean; runs: { runId: string; status: string }[] };
    expect(shown.enabled).toBe(true);
    expect(shown.runs.map((r) => [r.runId, r.status])).toEqual([['credit-20261126T040500000Z', 'Failed']]);

    expect(await cli('schedule', 'delete', 'credit')).toBe(0);
    expect(await cli('schedule', 'delete', 'credit')).toBe(1);
    expect(await cli('schedule', 'show', 'credit')).toBe(1);
    expect(await cli('schedule', 'run', 'credit')).toBe(1);
  });
});
