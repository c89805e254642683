/** `model-monitor next-runs <monitor.yaml> --after <ISO-8601> [--count N]`: next fire times, one per line, UTC. */
import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import { nextFireTimes } from '../../core/schedule/next-runs.js';
import { loadMonitorSpec } from './spec-file.js';

export const DEFAULT_COUNT = 10;

function parseAfter(text: string): number {
  const dt = DateTime.fromISO(text, { zone: 'utc' });
  if (!dt.isValid)
    throw new InvalidArgumentError(`expected an ISO-8601 date-time such as 2026-03-08T10:15:00Z`);
  return dt.toMillis();
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('expected a positive integer');
  return Number(text);
}

/** `2026-03-08T10:15:00Z`: whole seconds, UTC. */
export function formatFireTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function register(program: Command): void {
  program
    .command('next-runs')
    .description('print the next fire times of a monitor schedule, one per line, in UTC')
    .argument('<monitor.yaml>', 'monitor schedule YAML')
    .requiredOption(
      '--after <ISO-8601>',
      'list fire times strictly after this instant (no offset = UTC)',
      parseAfter,
    )
    .option('--count <N>', `how many fire times (default ${DEFAULT_COUNT})`, parseCount)
    .action(async (file: string, opts: { after: number; count?: number }) => {
      const spec = await loadMonitorSpec(file);
      if (spec === undefined) {
        process.exitCode = 2;
        return;
      }
      const times = nextFireTimes(spec.trigger, opts.after, opts.count ?? DEFAULT_COUNT);
      process.stdout.write(times.map((t) => `${formatFireTime(t)}\n`).join(''));
      process.exitCode = 0;
    });
}
