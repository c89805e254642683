/**
 * Presents a local folder that holds one collection (`yyyy/MM/dd/HH/*.jsonl`) as if it sat under
 * `{endpoint}/{deployment}/{collection}/` in the container, so the collector layout check still applies.
 */
import type { BlobStore } from '../core/ports.js';

export function prefixedBlobStore(inner: BlobStore, container: string, prefix: string): BlobStore {
  const p = prefix.replace(/\/+$/, '') + '/';
  const strip = (c: string, name: string): string | undefined =>
    c !== container ? name : name.startsWith(p) ? name.slice(p.length) : undefined;
  return {
    async read(c, name) {
      const inner_ = strip(c, name);
      return inner_ === undefined ? undefined : inner.read(c, inner_);
    },
    async write(c, name, content, type) {
      const inner_ = strip(c, name);
      if (inner_ === undefined) throw new Error(`blob '${name}' is outside '${p}'`);
      await inner.write(c, inner_, content, type);
    },
    async remove(c, name) {
      const inner_ = strip(c, name);
      if (inner_ !== undefined) await inner.remove(c, inner_);
    },
    async *list(c, prefix_) {
      if (c !== container) {
        yield* inner.list(c, prefix_);
        return;
      }
      for await (const name of inner.list(c, '')) {
        const full = p + name;
        if (full.startsWith(prefix_)) yield full;
      }
    },
  };
}
