/**
 * Writes a generated demo to a local folder, in the layouts `model-monitor evaluate` reads:
 * `<dir>/collector/credit-default/main/<collection>/yyyy/MM/dd/HH/<id>.jsonl` (pass `--collector-root
 * <dir>/collector`) and the two MLTable folders `<dir>/credit-reference`, `<dir>/credit-ground-truth` (pass
 * `--asset credit-reference:1=<dir>/credit-reference --asset credit-ground-truth:1=<dir>/credit-ground-truth`).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreditDemo, DemoFolder } from './credit-default.js';

/** The demo monitor YAML (`scripts/demo/credit-default-monitor.yaml`). */
export const DEMO_MONITOR_YAML_PATH = fileURLToPath(
  new URL('./credit-default-monitor.yaml', import.meta.url),
);

/** The demo monitor YAML's text, as `az ml schedule create -f` / `POST /api/monitors` take it. */
export function readDemoMonitorYaml(): string {
  return readFileSync(DEMO_MONITOR_YAML_PATH, 'utf8');
}

export interface DemoPaths {
  readonly collectorRoot: string;
  readonly reference: string;
  readonly groundTruth: string;
  /** `name:version` → folder, as `--asset` / `evaluateYaml`'s `overrides` take them. */
  readonly assets: Readonly<Record<string, string>>;
}

async function writeFolder(dir: string, folder: DemoFolder): Promise<string> {
  const root = path.join(dir, folder.name);
  for (const f of folder.files) {
    const p = path.join(root, ...f.path.split('/'));
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, f.text);
  }
  return root;
}

export async function writeDemoFiles(demo: CreditDemo, dir: string): Promise<DemoPaths> {
  const collectorRoot = path.join(dir, 'collector');
  for (const b of demo.collector) {
    const p = path.join(collectorRoot, ...b.name.split('/'));
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, b.text);
  }
  const reference = await writeFolder(dir, demo.reference);
  const groundTruth = await writeFolder(dir, demo.groundTruth);
  return {
    collectorRoot,
    reference,
    groundTruth,
    assets: { [`${demo.reference.name}:1`]: reference, [`${demo.groundTruth.name}:1`]: groundTruth },
  };
}
