/** Reads and parses a monitor YAML for the CLI, printing warnings and problems to stderr. */
import { readFile } from 'node:fs/promises';
import { formatIssue, parseMonitorYaml } from '../../core/spec/index.js';
import type { MonitorSpec } from '../../core/spec/index.js';

/** The spec, or undefined after printing why not (the caller exits with 2). */
export async function loadMonitorSpec(file: string): Promise<MonitorSpec | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(
      `model-monitor: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return undefined;
  }
  const result = parseMonitorYaml(text);
  for (const w of result.warnings) process.stderr.write(`${file}: warning: ${formatIssue(w)}\n`);
  if (!result.ok) {
    for (const p of result.problems) process.stderr.write(`${file}: error: ${formatIssue(p)}\n`);
    return undefined;
  }
  return result.spec;
}
