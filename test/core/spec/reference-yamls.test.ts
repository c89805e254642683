/**
 * Every file in the reference YAML folder: monitor schedules validate (older dialects with warnings), other
 * documents are rejected as "not a monitor schedule". Expectations are derived from each file's content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseMonitorYaml } from '../../../src/core/spec/index.js';
import { AZUREML_YAMLS_DIR } from '../../helpers/paths.js';

const files = readdirSync(AZUREML_YAMLS_DIR).sort();

/** Keys that only older dialects use (AZUREML-MONITORING-FACTS §2). */
const OLD_DIALECT =
  /^\s*-?\s*(target_dataset|baseline_dataset|input_datasets?|dataset_context|lookback_period|applicable_feature_type|trailing_window_size|trailing_window_offset|data_window_size|data_window_offset|model_type)\s*:|^\s*compute:\s*azureml:/m;

function isMonitorSchedule(text: string): boolean {
  const doc: unknown = parse(text);
  return typeof doc === 'object' && doc !== null && 'create_monitor' in doc;
}

function hasGenerativeSignal(text: string): boolean {
  const doc = parse(text) as {
    create_monitor?: { monitoring_signals?: unknown; monitoring_target?: { ml_task?: string } };
  };
  if (/^\s*type:\s*generation_/m.test(text)) return true;
  const cm = doc.create_monitor;
  return cm?.monitoring_signals === undefined && /question/i.test(cm?.monitoring_target?.ml_task ?? '');
}

describe('reference monitor YAMLs', () => {
  it('has the 30 reference files', () => {
    expect(files.length).toBe(30);
  });

  for (const file of files) {
    const text = readFileSync(path.join(AZUREML_YAMLS_DIR, file), 'utf8');
    const lines = text.split(/\r?\n/);
    const monitor = isMonitorSchedule(text);
    const dialect = monitor && OLD_DIALECT.test(text);
    const label = !monitor ? 'not a monitor schedule' : dialect ? 'valid with dialect warnings' : 'valid';

    it(`${file}: ${label}`, () => {
      const result = parseMonitorYaml(text);
      if (!monitor) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.notMonitorSchedule).toBe(true);
        expect(result.problems).toHaveLength(1);
        expect(result.problems[0]?.message).toMatch(/^not a monitor schedule: this looks like /);
        return;
      }
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (!result.ok) return;
      const dialectWarnings = result.warnings.filter((w) => w.kind === 'dialect');
      expect(dialectWarnings.length > 0).toBe(dialect);
      for (const w of dialectWarnings) expect(w.message).toMatch(/older form; replaced by /);
      const unsupported = result.warnings.filter((w) => w.kind === 'unsupported-signal');
      expect(unsupported.length > 0).toBe(hasGenerativeSignal(text));
      // Every warning points at the line holding the key its path names.
      for (const w of result.warnings) {
        const key =
          w.path
            .split('.')
            .at(-1)
            ?.replace(/\[\d+\]$/, '') ?? '';
        expect(w.line, w.path).toBeDefined();
        expect(lines[(w.line ?? 0) - 1], `${w.path} line ${String(w.line)}`).toContain(key);
      }
      // Generative signals are kept, marked skipped with a reason; others are evaluable.
      for (const s of result.spec.signals) {
        expect(s.skipped !== undefined).toBe(s.type.startsWith('generation_'));
      }
      const yamlSignals = (
        parse(text) as { create_monitor: { monitoring_signals?: Record<string, unknown> } }
      ).create_monitor.monitoring_signals;
      if (yamlSignals !== undefined)
        expect(result.spec.signals.map((s) => s.name)).toEqual(Object.keys(yamlSignals));
    });
  }
});
