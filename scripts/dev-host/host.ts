/**
 * A local stand-in for the Azure Functions host (Core Tools cannot be installed here): it dispatches the app's
 * own registrations (`loadFunctionApp`) the way the host would —
 *   - HTTP triggers on one HTTP server, routes under host.json's `extensions.http.routePrefix`;
 *   - timer triggers on their NCRONTAB schedule (UTC), never overlapping themselves;
 *   - blob triggers by polling the container of the trigger path for new or changed blobs (Event Grid-sourced
 *     triggers in Azure are pushed; locally a poll finds the same blobs);
 *   - storage queue triggers by polling the queue: base64 JSON messages, delete on success, retry with the
 *     dequeue count on failure and move to `<queue>-poison` after host.json's `maxDequeueCount`.
 * Function keys are not checked (Core Tools does not check them locally either).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { QueueClient } from '@azure/storage-queue';
import { DEVELOPMENT_STORAGE } from '../../src/adapters/settings.js';
import { nextNcrontab, parseNcrontab } from '../../src/core/schedule/ncrontab.js';
import type { FunctionRegistration } from './load-app.js';
import { compileRoute, pickRoute } from './routes.js';

export interface HostJson {
  readonly extensions?: {
    readonly http?: { readonly routePrefix?: string };
    readonly queues?: { readonly maxDequeueCount?: number };
  };
}

export interface Invocation {
  readonly functionName: string;
  readonly trigger: 'http' | 'timer' | 'blob' | 'queue';
  /** What triggered it: `GET /api/monitors`, the blob name, the queue message id, the schedule. */
  readonly detail: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly result?: unknown;
}

export interface DevHostOptions {
  readonly registrations: readonly FunctionRegistration[];
  /** App settings: `%NAME%` references and `connection` names are resolved here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly hostJson?: HostJson;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly hostname?: string;
  /** Blob and queue poll interval (ms). */
  readonly pollMs?: number;
  /** Invocations run at once per blob trigger. */
  readonly blobConcurrency?: number;
  /** Function log lines (`context.log`) and host messages. */
  readonly log?: (line: string) => void;
  readonly onInvocation?: (invocation: Invocation) => void;
}

export interface DevHost {
  readonly url: string;
  readonly functions: readonly { readonly name: string; readonly trigger: string; readonly detail: string }[];
  /** Runs a timer function now (as the host's admin endpoint `POST /admin/functions/<name>` does). */
  readonly fireTimer: (name: string) => Promise<Invocation>;
  /** Resolves once every blob and queue trigger has polled after this call and found nothing to do. */
  readonly idle: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves `%NAME%` app-setting references, as the host does in binding expressions. */
export function resolveSetting(text: string, env: DevHostOptions['env']): string {
  return text.replace(/%([A-Za-z0-9_]+)%/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '')
      throw new Error(`app setting ${name} (referenced as %${name}%) is not set`);
    return v;
  });
}

function connectionString(connection: unknown, env: DevHostOptions['env']): string {
  const name = typeof connection === 'string' && connection !== '' ? connection : 'AzureWebJobsStorage';
  const v = env[name] ?? env[`ConnectionStrings:${name}`];
  if (v === undefined || v === '')
    throw new Error(
      `connection "${name}": the dev host needs a storage connection string in the app setting ${name} ` +
        '(identity-based connections work in Azure, not in the dev host)',
    );
  // The same shorthand the app's settings accept (Azurite on its default ports).
  return /^UseDevelopmentStorage=true;?$/i.test(v) ? DEVELOPMENT_STORAGE : v;
}

export async function startDevHost(opts: DevHostOptions): Promise<DevHost> {
  const env = opts.env;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pollMs = opts.pollMs ?? 1000;
  const routePrefix = (opts.hostJson?.extensions?.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, '');
  const maxDequeueCount = opts.hostJson?.extensions?.queues?.maxDequeueCount ?? 5;
  let stopping = false;
  const stoppers: (() => Promise<void> | void)[] = [];

  async function invoke(
    reg: FunctionRegistration,
    trigger: Invocation['trigger'],
    detail: string,
    input: unknown,
    triggerMetadata: Record<string, unknown>,
  ): Promise<Invocation> {
    const context = new azureFunctions.InvocationContext({
      invocationId: randomUUID(),
      functionName: reg.name,
      triggerMetadata,
      logHandler: (level, ...args) => {
        log(`[${reg.name}] ${level === 'information' ? '' : `${level}: `}${args.map(String).join(' ')}`);
      },
    });
    const started = performance.now();
    const done = (outcome: { ok: true; result: unknown } | { ok: false; error: string }): Invocation => ({
      functionName: reg.name,
      trigger,
      detail,
      durationMs: performance.now() - started,
      ...outcome,
    });
    let inv: Invocation;
    try {
      inv = done({ ok: true, result: await reg.handler(input, context) });
    } catch (err) {
      inv = done({ ok: false, error: errorText(err) });
      log(`[${reg.name}] failed (${detail}): ${errorText(err)}`);
    }
    opts.onInvocation?.(inv);
    return inv;
  }

  // ---- HTTP
  const httpRoutes = opts.registrations
    .filter((r) => r.trigger.type === 'httpTrigger')
    .map((reg) => {
      const route = typeof reg.trigger.route === 'string' ? reg.trigger.route : reg.name;
      const methods = Array.isArray(reg.trigger.methods)
        ? (reg.trigger.methods as string[]).map((m) => m.toUpperCase())
        : undefined;
      return { reg, route: compileRoute(route), methods };
    });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const base = `http://${req.headers.host ?? 'localhost'}`;
    const url = new URL(req.url ?? '/', base);
    let path = url.pathname.replace(/^\/+/, '');
    if (routePrefix !== '') {
      if (path !== routePrefix && !path.startsWith(`${routePrefix}/`)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      path = path.slice(routePrefix.length).replace(/^\/+/, '');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let picked;
    try {
      picked = pickRoute(
        httpRoutes.filter((r) => r.methods === undefined || r.methods.includes(method)),
        path,
      );
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request path');
      return;
    }
    if (!picked) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const request = new azureFunctions.HttpRequest({
      method,
      url: url.href,
      headers,
      query,
      params: picked.params,
      ...(chunks.length > 0 ? { body: { bytes: new Uint8Array(Buffer.concat(chunks)) } } : {}),
    });
    const inv = await invoke(picked.entry.reg, 'http', `${method} ${url.pathname}`, request, {});
    if (!inv.ok) {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('Internal server error (see the dev host log)');
      return;
    }
    const response =
      inv.result instanceof azureFunctions.HttpResponse
        ? inv.result
        : new azureFunctions.HttpResponse(inv.result ?? {});
    const body = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      out[k] = v;
    });
    res.writeHead(response.status, out).end(body);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`dev host: ${req.method ?? ''} ${req.url ?? ''}: ${errorText(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  const wanted = opts.port ?? 7071;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${wanted} is in use (another npm start or func start?); choose one with --port`)
          : err,
      );
    };
    server.once('error', fail);
    server.listen(wanted, opts.hostname ?? 'localhost', () => {
      server.off('error', fail);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  stoppers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  );

  // ---- timers
  const timerRegs = new Map<string, FunctionRegistration>();
  const running = new Map<string, Promise<Invocation>>();
  function fire(
    reg: FunctionRegistration,
    isPastDue: boolean,
    last?: Date,
    next?: Date,
  ): Promise<Invocation> {
    const current = running.get(reg.name);
    if (current) return current;
    const p = invoke(
      reg,
      'timer',
      String(reg.trigger.schedule),
      {
        isPastDue,
        schedule: { adjustForDST: true },
        scheduleStatus: {
          last: (last ?? new Date(0)).toISOString(),
          next: (next ?? new Date()).toISOString(),
          lastUpdated: new Date().toISOString(),
        },
      },
      {},
    ).finally(() => running.delete(reg.name));
    running.set(reg.name, p);
    return p;
  }
  for (const reg of opts.registrations.filter((r) => r.trigger.type === 'timerTrigger')) {
    timerRegs.set(reg.name, reg);
    const text = resolveSetting(String(reg.trigger.schedule), env);
    const parsed = parseNcrontab(text);
    const timespan = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
    if (!parsed.ok && !timespan)
      throw new Error(`timer ${reg.name}: schedule "${text}" is not NCRONTAB or hh:mm:ss (${parsed.error})`);
    const nextAfter = (t: number): number | undefined => {
      if (parsed.ok) return nextNcrontab(parsed.schedule, t);
      const [, h = '0', m = '0', s = '0'] = timespan ?? [];
      return t + ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    };
    let timeout: NodeJS.Timeout | undefined;
    let last: Date | undefined;
    const arm = (): void => {
      if (stopping) return;
      const next = nextAfter(Date.now());
      if (next === undefined) return;
      // setTimeout cannot wait longer than ~24.8 days: re-arm in steps.
      const wait = Math.min(next - Date.now(), 2 ** 31 - 1);
      timeout = setTimeout(() => {
        if (Date.now() + 5 < next) {
          arm();
          return;
        }
        const n = nextAfter(next);
        void fire(reg, false, last, n === undefined ? undefined : new Date(n)).then(() => {
          last = new Date(next);
        });
        arm();
      }, wait);
    };
    if (reg.trigger.runOnStartup === true) void fire(reg, false);
    arm();
    stoppers.push(() => {
      clearTimeout(timeout);
    });
  }

  // ---- pollers (blob and queue triggers)
  const pollers: { idleWaiters: (() => void)[] }[] = [];
  function startPoller(name: string, pollOnce: () => Promise<boolean>): void {
    const state = { idleWaiters: [] as (() => void)[] };
    pollers.push(state);
    let done = false;
    const loop = async (): Promise<void> => {
      while (!stopping) {
        let busy = false;
        try {
          busy = await pollOnce();
        } catch (err) {
          log(`dev host: ${name}: ${errorText(err)}`);
        }
        if (!busy) {
          const waiters = state.idleWaiters.splice(0);
          for (const w of waiters) w();
          await sleep(pollMs);
        }
      }
      done = true;
    };
    const p = loop();
    stoppers.push(async () => {
      await p;
      if (!done) throw new Error('poller did not stop');
    });
  }

  for (const reg of opts.registrations.filter((r) => r.trigger.type === 'blobTrigger')) {
    const triggerPath = resolveSetting(String(reg.trigger.path), env);
    const slash = triggerPath.indexOf('/');
    const containerName = slash < 0 ? triggerPath : triggerPath.slice(0, slash);
    const pattern = slash < 0 ? '{name}' : triggerPath.slice(slash + 1);
    const m = /^(.*?)\{name\}$/.exec(pattern);
    if (!m) throw new Error(`blob trigger ${reg.name}: path "${triggerPath}" must end in {name}`);
    const prefix = m[1] ?? '';
    const container: ContainerClient = BlobServiceClient.fromConnectionString(
      connectionString(reg.trigger.connection, env),
    ).getContainerClient(containerName);
    const seen = new Map<string, string>();
    const failures = new Map<string, number>();
    const concurrency = Math.max(1, opts.blobConcurrency ?? 4);
    startPoller(`blob trigger ${reg.name}`, async () => {
      if (!(await container.exists())) return false;
      const todo: { blobName: string; etag: string }[] = [];
      for await (const b of container.listBlobsFlat({ prefix })) {
        const etag = b.properties.etag;
        if (seen.get(b.name) !== etag) todo.push({ blobName: b.name, etag });
      }
      const queue = todo.slice();
      const worker = async (): Promise<void> => {
        for (let item = queue.shift(); item && !stopping; item = queue.shift()) {
          const name = item.blobName.slice(prefix.length);
          const inv = await invoke(reg, 'blob', item.blobName, undefined, {
            name,
            blobTrigger: `${containerName}/${item.blobName}`,
            uri: container.getBlobClient(item.blobName).url,
          });
          const key = `${item.blobName}@${item.etag}`;
          const failed = inv.ok ? 0 : (failures.get(key) ?? 0) + 1;
          // The host retries a failed blob invocation up to five times, then gives up on that version.
          if (inv.ok || failed >= 5) {
            seen.set(item.blobName, item.etag);
            failures.delete(key);
            if (!inv.ok) log(`[${reg.name}] gave up on ${item.blobName} after 5 attempts`);
          } else failures.set(key, failed);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
      return todo.length > 0;
    });
  }

  for (const reg of opts.registrations.filter((r) => r.trigger.type === 'queueTrigger')) {
    const queueName = resolveSetting(String(reg.trigger.queueName), env);
    const conn = connectionString(reg.trigger.connection, env);
    const queue = new QueueClient(conn, queueName);
    const poison = new QueueClient(conn, `${queueName}-poison`);
    startPoller(`queue trigger ${reg.name}`, async () => {
      await queue.createIfNotExists();
      const got = await queue.receiveMessages({ numberOfMessages: 16, visibilityTimeout: 600 });
      for (const msg of got.receivedMessageItems) {
        if (stopping) break;
        const text = Buffer.from(msg.messageText, 'base64').toString('utf8');
        let input: unknown = text;
        try {
          input = JSON.parse(text);
        } catch {
          // not JSON: the handler gets the string, as from the host
        }
        const inv = await invoke(reg, 'queue', msg.messageId, input, {
          id: msg.messageId,
          dequeueCount: msg.dequeueCount,
          insertionTime: msg.insertedOn.toISOString(),
          expirationTime: msg.expiresOn.toISOString(),
          nextVisibleTime: msg.nextVisibleOn.toISOString(),
          popReceipt: msg.popReceipt,
        });
        if (inv.ok) {
          await queue.deleteMessage(msg.messageId, msg.popReceipt);
        } else if (msg.dequeueCount >= maxDequeueCount) {
          await poison.createIfNotExists();
          await poison.sendMessage(msg.messageText);
          await queue.deleteMessage(msg.messageId, msg.popReceipt);
          log(
            `[${reg.name}] message ${msg.messageId} moved to ${queueName}-poison after ${msg.dequeueCount} attempts`,
          );
        } else {
          // host.json queues.visibilityTimeout defaults to 0: retry at once.
          await queue.updateMessage(msg.messageId, msg.popReceipt, undefined, 0);
        }
      }
      return got.receivedMessageItems.length > 0;
    });
  }

  const url = `http://localhost:${port}`;
  const describe = (r: FunctionRegistration): string => {
    switch (r.trigger.type) {
      case 'httpTrigger': {
        const methods = Array.isArray(r.trigger.methods) ? (r.trigger.methods as string[]).join(',') : 'ALL';
        const route = typeof r.trigger.route === 'string' ? r.trigger.route : r.name;
        return `[${methods}] ${url}/${routePrefix === '' ? '' : `${routePrefix}/`}${route}`;
      }
      case 'timerTrigger':
        return `timer ${resolveSetting(String(r.trigger.schedule), env)}`;
      case 'blobTrigger':
        return `blob ${resolveSetting(String(r.trigger.path), env)}`;
      case 'queueTrigger':
        return `queue ${resolveSetting(String(r.trigger.queueName), env)}`;
      default:
        return r.trigger.type;
    }
  };

  return {
    url,
    functions: opts.registrations.map((r) => ({
      name: r.name,
      trigger: r.trigger.type,
      detail: describe(r),
    })),
    fireTimer: (name) => {
      const reg = timerRegs.get(name);
      if (!reg) return Promise.reject(new Error(`no timer function "${name}"`));
      return fire(reg, false);
    },
    idle: () =>
      Promise.all(
        pollers.map(
          (p) =>
            new Promise<void>((resolve) => {
              // Two empty polls: the first may have started before the caller's last write.
              let n = 0;
              const again = (): void => {
                if (++n >= 2) resolve();
                else p.idleWaiters.push(again);
              };
              p.idleWaiters.push(again);
            }),
        ),
      ).then(() => undefined),
    stop: async () => {
      stopping = true;
      for (const s of stoppers.reverse()) await s();
      await Promise.all(running.values());
    },
  };
}
