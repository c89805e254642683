/** In-memory adapters for unit tests and local runs without storage (the CLI's local-folder ledger). */
import type { BlobContent, BlobStore, IngestLedger, LedgerEntry, StoredBlob } from '../core/ports.js';

/** A copy of the content in one buffer. */
function joinContent(content: BlobContent): Uint8Array {
  if (content instanceof Uint8Array) return content.slice();
  const out = new Uint8Array(content.reduce((n, s) => n + s.byteLength, 0));
  let at = 0;
  for (const s of content) {
    out.set(s, at);
    at += s.byteLength;
  }
  return out;
}

export function memoryBlobStore(): BlobStore & { readonly blobs: Map<string, Map<string, StoredBlob>> } {
  const blobs = new Map<string, Map<string, StoredBlob>>();
  let version = 0;
  return {
    blobs,
    read(container, name) {
      return Promise.resolve(blobs.get(container)?.get(name));
    },
    write(container, name, content) {
      let c = blobs.get(container);
      if (!c) blobs.set(container, (c = new Map<string, StoredBlob>()));
      version++;
      c.set(name, { bytes: joinContent(content), etag: `"mem-${version}"` });
      return Promise.resolve();
    },
    remove(container, name) {
      blobs.get(container)?.delete(name);
      return Promise.resolve();
    },
    async *list(container, prefix) {
      const names = [...(blobs.get(container)?.keys() ?? [])].filter((n) => n.startsWith(prefix)).sort();
      for (const n of names) yield await Promise.resolve(n);
    },
  };
}

export function memoryLedger(): IngestLedger & { readonly entries: Map<string, LedgerEntry> } {
  const entries = new Map<string, LedgerEntry>();
  const key = (source: string, etag: string): string => `${source}\u0000${etag}`;
  return {
    entries,
    get(source, etag) {
      return Promise.resolve(entries.get(key(source, etag)));
    },
    put(entry) {
      entries.set(key(entry.source, entry.etag), entry);
      return Promise.resolve();
    },
  };
}
