import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { defaultDataDeps, registerData, type DataCommandDeps } from '../../src/cli/commands/data.js';
import { AZUREML_DATA_DIR, REPO_ROOT } from '../helpers/paths.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mm-data-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(cwd: string, args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  let code = 0;
  const deps: DataCommandDeps = {
    ...defaultDataDeps,
    cwd: () => cwd,
    now: () => new Date('2026-03-08T10:15:00Z'),
    out: (t) => (out += t),
    err: (t) => (err += t),
    setExitCode: (c) => (code = c),
  };
  const program = new Command('model-monitor').exitOverride();
  program.configureOutput({ writeErr: (t) => (err += t), writeOut: (t) => (out += t) });
  registerData(program, deps);
  try {
    await program.parseAsync(['node', 'model-monitor', ...args]);
  } catch (e) {
    code = 2;
    err += String(e);
  }
  return { out, err, code };
}

describe('model-monitor data', () => {
  it('creates assets in ./model-monitor-data.json, inferring the type from the path, and lists/shows them', async () => {
    const cwd = tmp();
    const iris = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline');
    const c1 = await run(cwd, ['data', 'create', '--name', 'iris-ref', '--version', '1', '--path', iris]);
    expect(c1.code).toBe(0);
    expect(JSON.parse(c1.out)).toEqual({
      name: 'iris-ref',
      version: '1',
      type: 'mltable',
      path: iris,
      createdAt: '2026-03-08T10:15:00.000Z',
    });
    const csv = path.relative(cwd, path.join(iris, 'iris_baseline.csv'));
    const c2 = await run(cwd, [
      'data',
      'create',
      '--name',
      'iris-ref',
      '--version',
      '10',
      '--path',
      csv,
      '--description',
      'csv only',
    ]);
    expect(JSON.parse(c2.out)).toMatchObject({
      type: 'uri_file',
      path: path.join(iris, 'iris_baseline.csv'),
      description: 'csv only',
    });
    const c3 = await run(cwd, [
      'data',
      'create',
      '--name',
      'iris-ref',
      '--version',
      '9',
      '--path',
      'https://acct.blob.core.windows.net/c/iris/',
      '--type',
      'mltable',
    ]);
    expect(c3.code).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(cwd, 'model-monitor-data.json'), 'utf8')) as {
      assets: { version: string }[];
    };
    expect(stored.assets.map((a) => a.version)).toEqual(['1', '9', '10']);

    const list = await run(cwd, ['data', 'list']);
    expect(
      list.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 3).join(' ')),
    ).toEqual(['iris-ref 1 mltable', 'iris-ref 9 mltable', 'iris-ref 10 uri_file']);
    const json = await run(cwd, ['data', 'list', '--format', 'json', '--name', 'iris-ref']);
    expect((JSON.parse(json.out) as unknown[]).length).toBe(3);
    for (const ref of ['iris-ref', 'iris-ref@latest', 'azureml:iris-ref:10']) {
      const show = await run(cwd, ['data', 'show', ref]);
      expect(JSON.parse(show.out)).toMatchObject({ version: '10' });
    }
    expect(JSON.parse((await run(cwd, ['data', 'show', 'iris-ref:9'])).out)).toMatchObject({
      path: 'https://acct.blob.core.windows.net/c/iris/',
    });
  });

  it('refuses bad input with exit 2, duplicates and unknown assets with exit 1', async () => {
    const cwd = tmp();
    const iris = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline');
    expect(
      (await run(cwd, ['data', 'create', '--name', 'a', '--version', '1', '--path', './missing'])).err,
    ).toContain('no such file or folder');
    expect(
      (
        await run(cwd, [
          'data',
          'create',
          '--name',
          'a',
          '--version',
          '1',
          '--path',
          iris,
          '--type',
          'uri_file',
        ])
      ).code,
    ).toBe(2);
    expect(
      (await run(cwd, ['data', 'create', '--name', 'a', '--version', '1', '--path', iris, '--type', 'table']))
        .code,
    ).toBe(2);
    expect((await run(cwd, ['data', 'create', '--name', '-a', '--version', '1', '--path', iris])).code).toBe(
      2,
    );
    expect((await run(cwd, ['data', 'create', '--name', 'a', '--version', '1'])).code).toBe(2);
    expect((await run(cwd, ['data', 'create', '--name', 'a', '--version', '1', '--path', iris])).code).toBe(
      0,
    );
    const dup = await run(cwd, ['data', 'create', '--name', 'a', '--version', '1', '--path', iris]);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('already exists');
    const show = await run(cwd, ['data', 'show', 'a:2']);
    expect(show.code).toBe(1);
    expect(show.err).toBe('model-monitor data: no data asset a:2 (versions: 1)\n');
  });

  it('uses the Azure Table registry with --storage', async () => {
    const cwd = tmp();
    const conn = inject('storageConnectionString');
    const iris = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline');
    const name = `cli-table-${Date.now()}`;
    expect(
      (
        await run(cwd, [
          'data',
          '--storage',
          conn,
          'create',
          '--name',
          name,
          '--version',
          '3',
          '--path',
          iris,
        ])
      ).code,
    ).toBe(0);
    const show = await run(cwd, ['data', '--storage', conn, 'show', name]);
    expect(JSON.parse(show.out)).toMatchObject({ name, version: '3', type: 'mltable' });
    expect((await run(cwd, ['data', 'list'])).out).toBe('');
  });

  it('works through the real entry point', async () => {
    const cwd = tmp();
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const main = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
    const iris = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline');
    const exec = promisify(execFile);
    await exec(tsx, [main, 'data', 'create', '--name', 'x', '--version', '1', '--path', iris], { cwd });
    const { stdout } = await exec(tsx, [main, 'data', 'list'], { cwd });
    expect(stdout).toBe(`x\t1\tmltable\t${iris}\n`);
    const failed = await exec(tsx, [main, 'data', 'show', 'y'], { cwd }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed).toMatchObject({ code: 1 });
  });
});
