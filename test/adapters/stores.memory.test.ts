import {
  memoryCatalog,
  memoryClaims,
  memoryMetrics,
  memoryOutbox,
  memoryResults,
  memoryRuns,
} from '../../src/adapters/memory/stores.js';
import { storeContract } from './stores.contract.js';

storeContract('memory', () => ({
  catalog: memoryCatalog(),
  claims: memoryClaims(),
  runs: memoryRuns(),
  metrics: memoryMetrics(),
  results: memoryResults(),
  outbox: memoryOutbox(),
}));
