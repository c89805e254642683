/**
 * `model-monitor schedule create|list|show|delete|enable|disable|run`: the counterpart of `az ml schedule ...`
 * against the configured storage. `create -f` creates or replaces (as `az ml schedule create` does) and keeps
 * the run history; `run` claims, evaluates, stores, publishes and mails exactly like a scheduled run.
 * The dependencies are loaded lazily so `--help` needs no settings; `register` wires the real plug-ins against
 * the storage in the settings (environment over `local.settings.json`), exactly as the Function App does.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildApp, type AppOptions } from '../../adapters/app.js';
import { loadCliEnv, type Env } from '../../adapters/settings.js';
import type { RunStore } from '../../core/ports.js';
import { saveMonitor, type MonitorOps } from '../../core/runs/monitors.js';
import { normaliseTime, queuedRun } from '../../core/runs/records.js';
import { runClaimed, type ScheduledDeps } from '../../core/runs/scheduled.js';
import type { RegisterCommand } from './index.js';

export interface ScheduleCliDeps {
  readonly ops: MonitorOps & { readonly runs: RunStore };
  readonly deps: ScheduledDeps;
}

export interface ScheduleCliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processIo: ScheduleCliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  setExitCode: (c) => {
    process.exitCode = c;
  },
};

export function scheduleCommand(
  load: () => Promise<ScheduleCliDeps>,
  io: ScheduleCliIo = processIo,
): RegisterCommand {
  return (program: Command) => {
    const schedule = program
      .command('schedule')
      .description('Create, inspect and run scheduled monitors (az ml schedule)');

    schedule
      .command('create')
      .description('Create or replace a monitor from its YAML; invalid YAML stores nothing')
      .requiredOption('-f, --file <path>', 'monitor YAML (Azure ML CLI v2 schedule with create_monitor)')
      .action(async (opts: { file: string }) => {
        const { ops } = await load();
        const w = await saveMonitor(ops, await readFile(opts.file, 'utf8'), 'upsert');
        if (w.ok) {
          io.out(`${w.created ? 'Created' : 'Updated'} monitor ${w.monitor.name}`);
          return;
        }
        if (w.reason === 'invalid') {
          io.err(`${opts.file}: invalid monitor YAML`);
          for (const i of w.issues)
            io.err(
              `  ${i.path === '' ? '(root)' : i.path}${i.line === undefined ? '' : ` (line ${i.line})`}: ${i.message}`,
            );
        } else io.err(w.message);
        io.setExitCode(1);
      });

    schedule
      .command('list')
      .description('List monitors')
      .action(async () => {
        const { ops } = await load();
        for (const m of await ops.catalog.list()) {
          const last = m.lastRun ? `${m.lastRun.status} ${m.lastRun.time} ${m.lastRun.runId}` : '-';
          io.out(
            `${m.name}\t${m.enabled ? 'enabled' : 'disabled'}\tlast: ${last}\tnext: ${m.nextFireTime ?? '-'}`,
          );
        }
      });

    schedule
      .command('show <name>')
      .description('Show a monitor with its recent runs (JSON)')
      .action(async (name: string) => {
        const { ops } = await load();
        const m = await ops.catalog.get(name);
        if (!m) {
          io.err(`Monitor "${name}" does not exist.`);
          io.setExitCode(1);
          return;
        }
        io.out(JSON.stringify({ ...m, runs: await ops.runs.list(name, 20) }, null, 2));
      });

    schedule
      .command('delete <name>')
      .description('Delete a monitor (its runs and results are kept)')
      .action(async (name: string) => {
        const { ops } = await load();
        if (await ops.catalog.delete(name)) io.out(`Deleted monitor ${name}`);
        else {
          io.err(`Monitor "${name}" does not exist.`);
          io.setExitCode(1);
        }
      });

    for (const [verb, enabled] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      schedule
        .command(`${verb} <name>`)
        .description(`${verb === 'enable' ? 'Enable' : 'Disable'} a monitor's schedule`)
        .action(async (name: string) => {
          const { ops } = await load();
          const r = await ops.catalog.setEnabled(name, enabled, ops.now());
          if (r.ok) io.out(`${verb === 'enable' ? 'Enabled' : 'Disabled'} monitor ${name}`);
          else {
            io.err(`Monitor "${name}" does not exist.`);
            io.setExitCode(1);
          }
        });
    }

    schedule
      .command('run <name>')
      .description(
        'Run a monitor now (or for --at) exactly like a scheduled run; prints the run id and status',
      )
      .option('--at <iso>', 'scheduled time of the run (default: now)')
      .action(async (name: string, opts: { at?: string }) => {
        const { ops, deps } = await load();
        if (!(await ops.catalog.get(name))) {
          io.err(`Monitor "${name}" does not exist.`);
          io.setExitCode(1);
          return;
        }
        const now = deps.now();
        const at = normaliseTime(opts.at ?? now);
        const claim = await deps.claims.claim(name, at, now);
        if (claim.claimed)
          await deps.runs.put(queuedRun(name, at, now, ['Started by `model-monitor schedule run`.']));
        else io.err(`Run ${claim.runId} was already claimed; completing it if needed.`);
        const run = await runClaimed(deps, { monitor: name, scheduledTime: at, runId: claim.runId });
        io.out(`${run.runId}\t${run.status}`);
        if (run.errors.length > 0) for (const e of run.errors) io.err(`  error: ${e}`);
      });
  };
}

/** The real dependencies: settings from `env` over `local.settings.json`, then the Function App's wiring. */
export function storageScheduleLoader(
  env: Env,
  localSettingsPath = 'local.settings.json',
  opts: AppOptions = {},
): () => Promise<ScheduleCliDeps> {
  let loaded: Promise<ScheduleCliDeps> | undefined;
  return () =>
    (loaded ??= loadCliEnv(env, localSettingsPath).then((merged) => {
      const app = buildApp(merged, opts);
      const { deps, stores } = app.runtime;
      return {
        ops: { catalog: stores.catalog, runs: stores.runs, validate: app.validate, now: deps.now },
        deps,
      };
    }));
}

export const register: RegisterCommand = scheduleCommand(storageScheduleLoader(process.env));
