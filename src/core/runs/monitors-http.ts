/**
 * The monitors HTTP API as a pure function of (method, name, body) → (status, JSON), so the Functions HTTP
 * trigger stays a thin decode/encode shell:
 *   POST /api/monitors            create (YAML or JSON body)      201 | 400 issues | 409
 *   PUT  /api/monitors/{name}     create or replace               200/201 | 400 | 400 name mismatch
 *   GET  /api/monitors[/{name}]   list | one (with recent runs)   200 | 404
 *   DELETE /api/monitors/{name}   delete (runs and results kept)  204 | 404
 *   POST /api/monitors/{name}/enable | /disable                   200 | 404
 */
import type { RunStore } from '../ports.js';
import { saveMonitor, type MonitorOps, type MonitorWrite } from './monitors.js';

export interface ApiRequest {
  readonly method: string;
  readonly name?: string;
  readonly action?: string;
  readonly body: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
}

function fromWrite(w: MonitorWrite): ApiResponse {
  if (w.ok) return { status: w.created ? 201 : 200, body: w.monitor };
  if (w.reason === 'invalid')
    return { status: 400, body: { error: 'Invalid monitor YAML', issues: w.issues } };
  return {
    status: w.reason === 'exists' ? 409 : w.reason === 'not-found' ? 404 : 400,
    body: { error: w.message },
  };
}

export async function handleMonitorsApi(
  ops: MonitorOps & { readonly runs: RunStore },
  req: ApiRequest,
): Promise<ApiResponse> {
  const method = req.method.toUpperCase();
  const notFound: ApiResponse = {
    status: 404,
    body: { error: `Monitor "${req.name ?? ''}" does not exist.` },
  };
  if (req.name === undefined) {
    if (method === 'GET') return { status: 200, body: await ops.catalog.list() };
    if (method === 'POST') return fromWrite(await saveMonitor(ops, req.body, 'create'));
    return { status: 405, body: { error: `${method} is not allowed on /monitors` } };
  }
  if (req.action !== undefined) {
    if (method !== 'POST' || (req.action !== 'enable' && req.action !== 'disable'))
      return { status: 404, body: { error: `Unknown action ${req.action}` } };
    const r = await ops.catalog.setEnabled(req.name, req.action === 'enable', ops.now());
    return r.ok ? { status: 200, body: r.value } : notFound;
  }
  switch (method) {
    case 'GET': {
      const m = await ops.catalog.get(req.name);
      return m ? { status: 200, body: { ...m, runs: await ops.runs.list(req.name, 20) } } : notFound;
    }
    case 'PUT':
      return fromWrite(await saveMonitor(ops, req.body, 'upsert', req.name));
    case 'DELETE':
      return (await ops.catalog.delete(req.name)) ? { status: 204 } : notFound;
    default:
      return { status: 405, body: { error: `${method} is not allowed on /monitors/{name}` } };
  }
}
