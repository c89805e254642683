/** BlobStore on Azure Blob Storage (Azurite locally). Missing blobs are `undefined`; other failures throw. */
import { Readable } from 'node:stream';
import { BlobServiceClient, RestError } from '@azure/storage-blob';
import type { BlobStore } from '../core/ports.js';

/** Segmented content up to this size is joined and sent in one request; above, it is streamed in blocks. */
const STREAM_ABOVE_BYTES = 8 * 1024 * 1024;
const BLOCK_BYTES = 8 * 1024 * 1024;
const BLOCK_CONCURRENCY = 2;

function isNotFound(err: unknown): boolean {
  return err instanceof RestError && err.statusCode === 404;
}

export function azureBlobStore(service: BlobServiceClient): BlobStore {
  const ensured = new Set<string>();
  async function ensureContainer(container: string): Promise<void> {
    if (ensured.has(container)) return;
    await service.getContainerClient(container).createIfNotExists();
    ensured.add(container);
  }
  return {
    async read(container, name) {
      const blob = service.getContainerClient(container).getBlockBlobClient(name);
      try {
        // One GET: the content and the ETag of exactly that content.
        const res = await blob.download();
        const chunks: Buffer[] = [];
        for await (const chunk of res.readableStreamBody ?? []) chunks.push(chunk as Buffer);
        const buffer = Buffer.concat(chunks);
        return {
          bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
          etag: res.etag ?? '',
        };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async write(container, name, content, contentType) {
      await ensureContainer(container);
      const blob = service.getContainerClient(container).getBlockBlobClient(name);
      const options = { blobHTTPHeaders: { blobContentType: contentType } };
      if (content instanceof Uint8Array) {
        await blob.uploadData(content, options);
        return;
      }
      const size = content.reduce((n, s) => n + s.byteLength, 0);
      if (size <= STREAM_ABOVE_BYTES) {
        await blob.uploadData(Buffer.concat(content), options);
        return;
      }
      // Large segmented content (an Arrow partition referring to its table's memory): streamed in blocks through
      // the SDK's few reused block buffers, never joined into one copy of the whole blob.
      const chunks = content.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength));
      await blob.uploadStream(Readable.from(chunks), BLOCK_BYTES, BLOCK_CONCURRENCY, options);
    },
    async remove(container, name) {
      await service.getContainerClient(container).getBlockBlobClient(name).deleteIfExists();
    },
    async *list(container, prefix) {
      try {
        for await (const item of service.getContainerClient(container).listBlobsFlat({ prefix }))
          yield item.name;
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    },
  };
}
