/** FileSource over one blob container (`@azure/storage-blob`). Paths are blob names; folders are '/' prefixes. */
import type { ContainerClient } from '@azure/storage-blob';
import {
  FileNotFoundError,
  asFolder,
  joinPath,
  type FileEntry,
  type FileSource,
} from '../core/data/file-source.js';

export function blobFileSource(container: ContainerClient): FileSource {
  const description = `blob container ${container.url}`;
  return {
    description,
    async list(prefix, options) {
      const limit = options?.limit ?? Number.POSITIVE_INFINITY;
      const p = joinPath(prefix);
      const out: FileEntry[] = [];
      // A prefix without '/' may name a blob or a folder: list by the bare prefix and keep exact or folder matches.
      const folder = asFolder(p);
      try {
        for await (const page of container
          .listBlobsFlat({ prefix: p })
          .byPage({ maxPageSize: Math.min(5000, Math.max(limit, 2)) })) {
          for (const b of page.segment.blobItems) {
            if (p === '' || b.name === p || b.name.startsWith(folder))
              out.push({ path: b.name, size: b.properties.contentLength ?? 0 });
            if (out.length >= limit) return out;
          }
        }
      } catch (err) {
        // A container not created yet (e.g. curated data before the first ingestion) holds no files.
        if ((err as { statusCode?: number }).statusCode === 404) return out;
        throw err;
      }
      return out;
    },
    async read(path) {
      const blob = container.getBlobClient(joinPath(path));
      try {
        return new Uint8Array(await blob.downloadToBuffer());
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404)
          throw new FileNotFoundError(path, description);
        throw err;
      }
    },
  };
}
