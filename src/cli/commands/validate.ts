/** `model-monitor validate <monitor.yaml>`: exit 0 when valid (warnings on stderr), 2 when not (problems on stderr). */
import type { Command } from 'commander';
import { loadMonitorSpec } from './spec-file.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a monitor schedule YAML (the file given to az ml schedule create -f)')
    .argument('<monitor.yaml>', 'monitor schedule YAML')
    .action(async (file: string) => {
      const spec = await loadMonitorSpec(file);
      if (spec === undefined) {
        process.exitCode = 2;
        return;
      }
      const signals = spec.signals
        .map((s) => `${s.name} (${s.type}${s.skipped ? ', skipped' : ''})`)
        .join(', ');
      process.stdout.write(
        `${file}: valid monitor '${spec.name}'${spec.outOfBox ? ' (out-of-box)' : ''}: ${signals}\n`,
      );
      process.exitCode = 0;
    });
}
