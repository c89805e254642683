/**
 * Loads the function module against a stand-in `@azure/functions-core` (what the Functions host provides) that
 * records registrations, and checks the trigger binding the host would see.
 */
import Module from 'node:module';
import { describe, expect, it } from 'vitest';

interface Registration {
  metadata: { name: string; bindings: Record<string, Record<string, unknown>> };
  callback: unknown;
}

describe('function registrations', () => {
  it('registers ingestCollectorBlob as an EventGrid blob trigger on %COLLECTOR_CONTAINER%/{name}', async () => {
    const registrations: Registration[] = [];
    const stand_in = {
      setProgrammingModel: () => undefined,
      registerFunction: (metadata: Registration['metadata'], callback: unknown) => {
        registrations.push({ metadata, callback });
        return { dispose: () => undefined };
      },
      registerHook: () => ({ dispose: () => undefined }),
      log: () => undefined,
    };
    // @azure/functions require()s '@azure/functions-core' lazily at the first registration; answer it here.
    const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = mod._load;
    mod._load = function (request: string, ...rest: unknown[]) {
      if (request === '@azure/functions-core') return stand_in;
      return original.call(this, request, ...rest);
    };
    try {
      const fn = await import('../../src/functions/ingestCollectorBlob.js');
      const reg = registrations.find((r) => r.metadata.name === 'ingestCollectorBlob');
      expect(reg, 'ingestCollectorBlob registered').toBeDefined();
      const trigger = Object.values(reg!.metadata.bindings).find(
        (b) => b.direction === 'in' && String(b.type).endsWith('Trigger'),
      );
      expect(trigger).toMatchObject({
        type: 'blobTrigger',
        direction: 'in',
        source: 'EventGrid',
        path: '%COLLECTOR_CONTAINER%/{name}',
        connection: 'AzureWebJobsStorage',
      });
      expect(typeof reg!.callback).toBe('function');
      expect(fn.ingestCollectorBlob).toBeTypeOf('function');
    } finally {
      mod._load = original;
    }
  });
});
