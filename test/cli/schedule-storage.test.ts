/**
 * `model-monitor schedule ...` with the real wiring (`storageScheduleLoader`: settings from `local.settings.json`
 * overlaid by the environment, the app's stores on Azurite, the real spec, schedule and evaluator).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { scheduleCommand, storageScheduleLoader } from '../../src/cli/commands/schedule.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

const tag = `cli${Date.now().toString(36)}`;
const dir = mkdtempSync(path.join(tmpdir(), 'mm-schedule-cli-'));
const yamlFile = path.join(dir, 'monitor.yaml');
const badFile = path.join(dir, 'bad.yaml');
const settingsFile = path.join(dir, 'local.settings.json');
const out: string[] = [];
const err: string[] = [];
let exitCode = 0;
let cli: (...args: string[]) => Promise<number>;

beforeAll(() => {
  const yaml = readFileSync(path.join(FIXTURES_DIR, 'monitors', 'iris-drift.yaml'), 'utf8');
  writeFileSync(yamlFile, yaml);
  writeFileSync(badFile, yaml.replace('frequency: day', 'frequency: fortnight'));
  // Storage and containers come from local.settings.json; the environment adds (and would override) the rest.
  writeFileSync(
    settingsFile,
    JSON.stringify({
      IsEncrypted: false,
      Values: {
        AzureWebJobsStorage: inject('storageConnectionString'),
        COLLECTOR_CONTAINER: `${tag}-collector`,
        CURATED_CONTAINER: `${tag}-curated`,
        RESULTS_CONTAINER: 'Not_A_Valid_Container', // the environment's value wins
      },
    }),
  );
  const register = scheduleCommand(
    storageScheduleLoader({ RESULTS_CONTAINER: `${tag}-results` }, settingsFile, {
      tablePrefix: tag,
      queueName: `${tag}-runs`,
      now: () => '2023-02-02T00:00:10.000Z',
    }),
    {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      setExitCode: (c) => (exitCode = c),
    },
  );
  cli = async (...args) => {
    exitCode = 0;
    out.length = 0;
    err.length = 0;
    const program = new Command('model-monitor').exitOverride();
    register(program);
    await program.parseAsync(['node', 'model-monitor', ...args]);
    return exitCode;
  };
});

describe('model-monitor schedule against Azurite with the real plug-ins', () => {
  it('create with invalid YAML stores nothing and prints the problems with lines', async () => {
    expect(await cli('schedule', 'create', '-f', badFile)).toBe(1);
    expect(err[0]).toBe(`${badFile}: invalid monitor YAML`);
    const line = readFileSync(badFile, 'utf8').split('\n').indexOf('  frequency: fortnight') + 1;
    expect(err).toContain(
      `  trigger.frequency (line ${line}): unknown value the string 'fortnight'; expected one of minute, hour, day, week, month`,
    );
    expect(await cli('schedule', 'list')).toBe(0);
    expect(out).toEqual([]);
  });

  it('create, list, show, disable, enable', async () => {
    expect(await cli('schedule', 'create', '-f', yamlFile)).toBe(0);
    expect(out).toEqual(['Created monitor iris_drift']);
    expect(await cli('schedule', 'create', '-f', yamlFile)).toBe(0);
    expect(out).toEqual(['Updated monitor iris_drift']);
    await cli('schedule', 'list');
    expect(out).toEqual(['iris_drift\tenabled\tlast: -\tnext: -']);
    expect(await cli('schedule', 'disable', 'iris_drift')).toBe(0);
    await cli('schedule', 'show', 'iris_drift');
    expect(JSON.parse(out.join('\n'))).toMatchObject({ name: 'iris_drift', enabled: false, runs: [] });
    expect(await cli('schedule', 'enable', 'iris_drift')).toBe(0);
  });

  it('run --at evaluates against the configured storage and prints the run id and status', async () => {
    // Nothing is registered in this test's storage: both signals fail to resolve their data, a real evaluation.
    expect(await cli('schedule', 'run', 'iris_drift', '--at', '2023-02-02T00:00:00Z')).toBe(0);
    expect(out).toEqual(['iris_drift-20230202T000000000Z\tFailed']);
    expect(err.join('\n')).toMatch(/error: drift: .*cannot resolve azureml:iris-production:1/);
    expect(err.join('\n')).toMatch(/error: quality: .*cannot resolve azureml:iris-production:1/);
    await cli('schedule', 'list');
    expect(out).toEqual([
      'iris_drift\tenabled\tlast: Failed 2023-02-02T00:00:00.000Z iris_drift-20230202T000000000Z\tnext: -',
    ]);
    // The same time again names the same run instead of creating another.
    await cli('schedule', 'run', 'iris_drift', '--at', '2023-02-02T00:00:00Z');
    expect(out).toEqual(['iris_drift-20230202T000000000Z\tFailed']);
    expect(err[0]).toBe('Run iris_drift-20230202T000000000Z was already claimed; completing it if needed.');
  });

  it('delete', async () => {
    expect(await cli('schedule', 'delete', 'iris_drift')).toBe(0);
    expect(await cli('schedule', 'show', 'iris_drift')).toBe(1);
    expect(err).toEqual(['Monitor "iris_drift" does not exist.']);
  });
});
