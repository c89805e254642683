/**
 * Builds a `--collector-root` layout (`<endpoint>/<deployment>/<collection>/yyyy/MM/dd/HH/`) in a temp folder
 * from the reference collector folders, by symlinking their hour folders to chosen hours. Nothing is copied
 * into the repository.
 */
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AZUREML_DATA_DIR } from './paths.js';

/** `<collection path>` → { `yyyy/MM/dd/HH` in the layout: `<reference folder>/yyyy/MM/dd/HH` }. */
export type CollectorLayout = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function buildCollectorRoot(layout: CollectorLayout): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mm-collector-'));
  for (const [collection, hours] of Object.entries(layout)) {
    for (const [hour, source] of Object.entries(hours)) {
      const target = path.join(root, collection, hour);
      mkdirSync(path.dirname(target), { recursive: true });
      symlinkSync(path.join(AZUREML_DATA_DIR, source), target, 'dir');
    }
  }
  return root;
}

/**
 * The iris deployment `iris-ep/blue`: model inputs without drift in the reference window (2023-01-31; the daily trigger's window is P1D) and with
 * or without drift in the production window (2023-02-01); model outputs the same in both.
 */
export function irisCollectorRoot(drift: boolean): string {
  const inputs = drift ? 'uri_folder_iris_model_inputs_with_drift' : 'uri_folder_iris_model_inputs_no_drift';
  return buildCollectorRoot({
    'iris-ep/blue/model_inputs': {
      '2023/01/31/01': 'uri_folder_iris_model_inputs_no_drift/2023/01/01/01',
      '2023/02/01/01': `${inputs}/2023/02/01/01`,
    },
    'iris-ep/blue/model_outputs': {
      '2023/01/31/01': 'uri_folder_iris_model_outputs_no_drift/2023/01/01/01',
      '2023/02/01/01': 'uri_folder_iris_model_outputs_no_drift/2023/01/01/01',
    },
  });
}
