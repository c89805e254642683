/**
 * A small local HTTP server for the browser tests and the benchmark: `/` serves the built dashboard page and
 * `/api/...` calls the same read-API handler the Functions use, over whatever stores it is given.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleReadApi, routeOf, unknownRoute, type ReadDeps } from '../../src/core/dashboard/read-api.js';
import { PAGE_HEADERS } from '../../src/adapters/web-assets.js';

export interface DashboardServer {
  readonly url: string;
  readonly requests: { path: string; status: number; ms: number }[];
  close(): Promise<void>;
}

export async function startDashboardServer(deps: ReadDeps, html: string): Promise<DashboardServer> {
  const requests: DashboardServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const done = (status: number, headers: Record<string, string>, body: string): void => {
      res.writeHead(status, headers).end(body);
      requests.push({ path: url.pathname, status, ms: performance.now() - started });
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      done(200, PAGE_HEADERS, html);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      done(404, { 'content-type': 'text/plain' }, 'Not found');
      return;
    }
    const segments = url.pathname.slice('/api/'.length).split('/').map(decodeURIComponent);
    const route = routeOf(segments);
    const query = Object.fromEntries(url.searchParams.entries());
    const respond = route ? handleReadApi(deps, route, query) : Promise.resolve(unknownRoute(url.pathname));
    respond.then(
      (r) => {
        done(r.status, { 'content-type': 'application/json' }, JSON.stringify(r.body));
      },
      () => {
        done(500, { 'content-type': 'application/json' }, JSON.stringify({ error: 'Internal error' }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}
