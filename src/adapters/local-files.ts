/**
 * FileSource over the local file system. Paths are absolute POSIX paths (relative ones are taken from `baseDir`,
 * default the working directory), so the pure readers can join them with '/'.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileNotFoundError, joinPath, type FileEntry, type FileSource } from '../core/data/file-source.js';

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function localFileSource(baseDir: string = process.cwd()): FileSource {
  const abs = (p: string): string =>
    joinPath(path.posix.isAbsolute(p) ? p : joinPath(baseDir.split(path.sep).join('/'), p));
  const description = 'local files';
  return {
    description,
    async list(prefix, options) {
      const limit = options?.limit ?? Number.POSITIVE_INFINITY;
      const root = abs(prefix);
      const out: FileEntry[] = [];
      let stat;
      try {
        stat = await fs.stat(root);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
      if (stat.isFile()) return [{ path: root, size: stat.size }];
      const walk = async (dir: string): Promise<void> => {
        let names;
        try {
          names = await fs.readdir(dir, { withFileTypes: true });
        } catch (err) {
          if (isMissing(err)) return;
          throw err;
        }
        names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const d of names) {
          if (out.length >= limit) return;
          const p = joinPath(dir, d.name);
          // Symbolic links are followed (a collector root may link to folders elsewhere).
          const st = d.isSymbolicLink() ? await fs.stat(p).catch(() => undefined) : d;
          if (st?.isDirectory()) await walk(p);
          else if (st?.isFile()) out.push({ path: p, size: (await fs.stat(p)).size });
        }
      };
      await walk(root);
      return out;
    },
    async read(p) {
      try {
        return new Uint8Array(await fs.readFile(abs(p)));
      } catch (err) {
        if (isMissing(err) || (err as { code?: string }).code === 'EISDIR')
          throw new FileNotFoundError(abs(p), description);
        throw err;
      }
    },
  };
}
