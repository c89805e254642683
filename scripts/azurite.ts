/**
 * Starts Azurite from node_modules in memory on free loopback ports. Shared by the test setup, the demo and
 * the local dev host, so that nothing depends on a storage emulator already running.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface AzuriteHandle {
  readonly connectionString: string;
  readonly ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

export function connectionStringFor(ports: { blob: number; queue: number; table: number }): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
    `BlobEndpoint=http://127.0.0.1:${ports.blob}/${ACCOUNT};` +
    `QueueEndpoint=http://127.0.0.1:${ports.queue}/${ACCOUNT};` +
    `TableEndpoint=http://127.0.0.1:${ports.table}/${ACCOUNT};`
  );
}

export async function startAzurite(options: { log?: (line: string) => void } = {}): Promise<AzuriteHandle> {
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('azurite/package.json'));
  const bin = path.join(pkgDir, 'dist', 'src', 'azurite.js');
  const child = spawn(
    process.execPath,
    [
      bin,
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent',
      '--blobHost',
      '127.0.0.1',
      '--queueHost',
      '127.0.0.1',
      '--tableHost',
      '127.0.0.1',
      '--blobPort',
      String(ports.blob),
      '--queuePort',
      String(ports.queue),
      '--tablePort',
      String(ports.table),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Azurite did not start within 30 s. Output:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      options.log?.(text);
      // All three services print a "listening" line; wait for the table service, which starts last.
      if ((output.match(/successfully listening/g) ?? []).length >= 3) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${String(code)} before it started. Output:\n${output}`));
    });
  });
  return {
    connectionString: connectionStringFor(ports),
    ports,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
