import { describe, expect, inject, it } from 'vitest';
import { azureStores } from '../../src/adapters/storage.js';
import { storeContract } from './stores.contract.js';

const connectionString = inject('storageConnectionString');
const storage = { kind: 'connectionString' as const, connectionString };
const fileTag = `runs${Date.now().toString(36)}`;
let n = 0;
/** Fresh tables and container per test: unique prefix (letters/digits) and container name. */
const fresh = (): ReturnType<typeof azureStores> => {
  n++;
  return azureStores(storage, `${fileTag}-c${n}`, `${fileTag}t${n}`);
};

storeContract('Azure Table + Blob on Azurite', fresh);

describe('run claims on Azurite under real concurrency', () => {
  it('of 16 racing claimers with their own clients, exactly one wins each (monitor, time)', async () => {
    n++;
    const prefix = `${fileTag}race${n}`;
    const claimers = Array.from({ length: 16 }, () => azureStores(storage, `${fileTag}-race`, prefix).claims);
    // Create the table first so the race is about the entity, not about table creation.
    await claimers[0]!.isClaimed('warmup', '2026-01-01T00:00:00Z');
    for (const time of ['2026-11-26T04:05:00Z', '2026-11-26T04:10:00Z', '2026-11-26T04:15:00Z']) {
      const results = await Promise.all(
        claimers.map((c) => c.claim('race-monitor', time, '2026-11-26T04:00:00Z')),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    }
  });
});
