#!/usr/bin/env node
/**
 * The `model-monitor` command: the counterpart of `az ml ...` for this project. Each sub-command lives in
 * `src/cli/commands/<name>.ts` and exports `register(program)`; this file only wires them together.
 */
import { Command } from 'commander';
import { commands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('model-monitor')
    .description(
      'Azure ML model monitoring, self-hosted: validate, schedule and evaluate monitors; ingest data',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // commander throws on --help/--version and usage errors once exitOverride is on.
    const code = (err as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code?.startsWith('commander.')) return 2;
    process.stderr.write(`model-monitor: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`model-monitor: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
