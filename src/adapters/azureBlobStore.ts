/** BlobStore on Azure Blob Storage (Azurite locally). Missing blobs are `undefined`; other failures throw. */
import { BlobServiceClient, RestError } from '@azure/storage-blob';
import type { BlobStore } from '../core/ports.js';

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
    async write(container, name, bytes, contentType) {
      await ensureContainer(container);
      await service
        .getContainerClient(container)
        .getBlockBlobClient(name)
        .uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } });
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
