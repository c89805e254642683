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

/**
 * Segments cut into consecutive blocks of at most `blockBytes` (the last may be shorter), each a list of views
 * (Buffers over the segments' memory, no copies).
 */
export function segmentBlocks(segments: readonly Uint8Array[], blockBytes: number): Buffer[][] {
  const blocks: Buffer[][] = [];
  let block: Buffer[] = [];
  let fill = 0;
  for (const s of segments) {
    let from = 0;
    while (from < s.byteLength) {
      const n = Math.min(blockBytes - fill, s.byteLength - from);
      block.push(Buffer.from(s.buffer, s.byteOffset + from, n));
      fill += n;
      from += n;
      if (fill === blockBytes) {
        blocks.push(block);
        block = [];
        fill = 0;
      }
    }
  }
  if (fill > 0) blocks.push(block);
  return blocks;
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
      // Large segmented content (an Arrow partition referring to its table's memory): staged in blocks whose
      // bodies are views of the segments, then committed; nothing is copied or allocated per byte in this process
      // (the SDK's `uploadStream` would copy every byte through fresh block buffers).
      const blocks = segmentBlocks(content, BLOCK_BYTES);
      const ids = blocks.map((_, i) => Buffer.from(`block-${String(i).padStart(8, '0')}`).toString('base64'));
      let next = 0;
      const stage = async (): Promise<void> => {
        while (next < blocks.length) {
          const i = next++;
          const pieces = blocks[i] ?? [];
          const length = pieces.reduce((n, p) => n + p.byteLength, 0);
          // A factory, so that a retried request sends the block again from its start.
          await blob.stageBlock(ids[i] ?? '', () => Readable.from(pieces, { objectMode: false }), length);
        }
      };
      await Promise.all(Array.from({ length: BLOCK_CONCURRENCY }, stage));
      await blob.commitBlockList(ids, options);
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
