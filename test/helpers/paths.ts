/** Where the shared reference artifacts live: `../shared/reference` next to the repository (CI has it too). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference');
export const AZUREML_DATA_DIR = path.join(REFERENCE_DIR, 'azureml', 'data');
export const AZUREML_YAMLS_DIR = path.join(REFERENCE_DIR, 'azureml', 'yamls');
export const PEER_CASES_DIR = path.join(REFERENCE_DIR, 'peer-cases');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');
