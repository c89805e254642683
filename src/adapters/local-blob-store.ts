/**
 * BlobStore over local folders, for the CLI backfill: each "container" is a directory; blob names are paths
 * relative to it with '/' separators. The ETag is size + mtime, enough to tell versions apart locally.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../core/ports.js';

function isNotFound(err: unknown): boolean {
  return (err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'EISDIR';
}

export function localBlobStore(containers: Readonly<Record<string, string>>): BlobStore {
  const dirOf = (container: string): string => {
    const dir = containers[container];
    if (dir === undefined) throw new Error(`no local folder configured for container '${container}'`);
    return dir;
  };
  const fileOf = (container: string, name: string): string => {
    const root = path.resolve(dirOf(container));
    const file = path.resolve(root, ...name.split('/'));
    if (!file.startsWith(root + path.sep)) throw new Error(`blob name '${name}' escapes ${root}`);
    return file;
  };
  async function* walk(dir: string, rel: string): AsyncGenerator<string> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) yield* walk(path.join(dir, e.name), r);
      else if (e.isFile()) yield r;
    }
  }
  return {
    async read(container, name) {
      try {
        const file = fileOf(container, name);
        const [bytes, s] = await Promise.all([readFile(file), stat(file)]);
        return { bytes, etag: `"${s.size.toString(16)}-${s.mtimeMs.toString(16)}"` };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async write(container, name, content) {
      const file = fileOf(container, name);
      await mkdir(path.dirname(file), { recursive: true });
      // Segments are written one after the other (no joined copy).
      await writeFile(file, content);
    },
    async remove(container, name) {
      await rm(fileOf(container, name), { force: true });
    },
    async *list(container, prefix) {
      for await (const name of walk(dirOf(container), '')) if (name.startsWith(prefix)) yield name;
    },
  };
}
