/**
 * A stand-in for `@azure/functions-core` (what the Functions host provides) that records registrations.
 * `@azure/functions` require()s it once, at the first registration, so install it before any function module
 * is imported and keep it for the whole test file.
 */
import Module from 'node:module';

export interface Registration {
  metadata: { name: string; bindings: Record<string, Record<string, unknown>> };
  callback: unknown;
}

export function installFunctionsCoreStandIn(): { registrations: Registration[]; restore: () => void } {
  const registrations: Registration[] = [];
  const standIn = {
    setProgrammingModel: () => undefined,
    registerFunction: (metadata: Registration['metadata'], callback: unknown) => {
      registrations.push({ metadata, callback });
      return { dispose: () => undefined };
    },
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
  };
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === '@azure/functions-core') return standIn;
    return original.call(this, request, ...rest);
  };
  return {
    registrations,
    restore: () => {
      mod._load = original;
    },
  };
}
