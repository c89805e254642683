/**
 * Starts Azurite (blob, queue, table) in memory on free loopback ports for the whole test run and stops it after.
 * Tests get the connection string with `inject('storageConnectionString')`; nothing may be running beforehand.
 */
import type { TestProject } from 'vitest/node';
import { startAzurite, type AzuriteHandle } from '../../scripts/azurite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    storageConnectionString: string;
  }
}

let handle: AzuriteHandle | undefined;

export async function setup(project: TestProject): Promise<void> {
  handle = await startAzurite();
  project.provide('storageConnectionString', handle.connectionString);
}

export async function teardown(): Promise<void> {
  await handle?.stop();
}
