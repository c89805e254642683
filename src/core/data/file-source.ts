/**
 * The port every data reader goes through: list the files under a prefix and read one file's bytes. Paths use
 * '/' separators whatever the backing store (local disk, a blob container, memory), so readers stay pure.
 */

export interface FileEntry {
  /** Full path in the source's namespace (e.g. an absolute POSIX path, or a blob name). */
  readonly path: string;
  readonly size: number;
}

export interface FileSource {
  /** A short description for error messages, e.g. `local files` or `blob container https://.../c`. */
  readonly description: string;
  /**
   * Every file (recursively, sorted by path) that is `prefix` itself or lies under the folder `prefix`
   * (a trailing '/' is optional). Nothing found → an empty list, not an error. `limit` stops early (e.g. 1 to
   * ask "is there anything here?" without listing a large collector folder).
   */
  list(prefix: string, options?: { readonly limit?: number }): Promise<readonly FileEntry[]>;
  /** The bytes of one file. A missing file throws `FileNotFoundError`. */
  read(path: string): Promise<Uint8Array>;
}

/** Infrastructure-level "that file is not there": the caller named a file that does not exist. */
export class FileNotFoundError extends Error {
  constructor(
    readonly path: string,
    readonly source: string,
  ) {
    super(`File not found: ${path} (${source})`);
    this.name = 'FileNotFoundError';
  }
}

/** `a/b/` + `c` → `a/b/c`, collapsing duplicate slashes and `./` segments (but keeping a leading '/'). */
export function joinPath(...parts: readonly string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  const leading = joined.startsWith('/') ? '/' : '';
  const segments: string[] = [];
  for (const s of joined.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else segments.push(s);
  }
  return leading + segments.join('/');
}

/** The folder form of a path: ends with exactly one '/' (the empty path stays empty: the whole source). */
export function asFolder(path: string): string {
  const p = joinPath(path);
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function extensionOf(path: string): string {
  const name = baseName(path).toLowerCase();
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i + 1);
}

/** A FileSource over a map of path → bytes (or text): for unit tests and for data already in memory. */
export function memoryFileSource(
  files: Readonly<Record<string, Uint8Array | string>>,
  description = 'memory',
): FileSource {
  const encoder = new TextEncoder();
  const entries = new Map<string, Uint8Array>(
    Object.entries(files).map(([p, v]) => [joinPath(p), typeof v === 'string' ? encoder.encode(v) : v]),
  );
  return {
    description,
    list(prefix, options) {
      const p = prefix === '' ? '' : joinPath(prefix);
      const out: FileEntry[] = [];
      for (const [path, bytes] of entries) {
        if (p === '' || path === p || path.startsWith(asFolder(p))) out.push({ path, size: bytes.length });
      }
      out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return Promise.resolve(options?.limit === undefined ? out : out.slice(0, options.limit));
    },
    read(path) {
      const bytes = entries.get(joinPath(path));
      return bytes ? Promise.resolve(bytes) : Promise.reject(new FileNotFoundError(path, description));
    },
  };
}
