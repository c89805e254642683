/**
 * Model data collector blob paths: `{endpoint}/{deployment}/{collection}/yyyy/MM/dd/HH/<file>.jsonl`, optionally
 * under the Azure ML datastore root `modelDataCollector/`. The curated partition mirrors the same path.
 */

export interface CollectorBlobPath {
  readonly endpoint: string;
  readonly deployment: string;
  readonly collection: string;
  /** Hour folder as written by the collector (UTC): `yyyy/MM/dd/HH`. */
  readonly hour: {
    readonly year: string;
    readonly month: string;
    readonly day: string;
    readonly hour: string;
  };
  /** The file name without `.jsonl`: the partition id. */
  readonly id: string;
}

export type CollectorPathResult =
  { readonly ok: true; readonly path: CollectorBlobPath } | { readonly ok: false; readonly message: string };

const DATASTORE_ROOT = 'modelDataCollector';
const EXPECTED =
  '{endpoint}/{deployment}/{collection}/yyyy/MM/dd/HH/<name>.jsonl (optionally under modelDataCollector/)';

function inRange(text: string, digits: number, min: number, max: number): boolean {
  if (text.length !== digits || !/^\d+$/.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

export function parseCollectorBlobPath(blobName: string): CollectorPathResult {
  let parts = blobName.split('/');
  if (parts[0] === DATASTORE_ROOT) parts = parts.slice(1);
  const bad = (why: string): CollectorPathResult => ({
    ok: false,
    message: `blob '${blobName}' is not a data collector file: ${why}; expected ${EXPECTED}`,
  });
  if (parts.length !== 8) return bad(`it has ${parts.length} path segments after the optional root, not 8`);
  const [endpoint, deployment, collection, year, month, day, hour, file] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (endpoint === '' || deployment === '' || collection === '') return bad('an empty path segment');
  if (!inRange(year, 4, 1970, 9999)) return bad(`'${year}' is not a yyyy year`);
  if (!inRange(month, 2, 1, 12)) return bad(`'${month}' is not a MM month`);
  if (!inRange(day, 2, 1, 31)) return bad(`'${day}' is not a dd day`);
  if (!inRange(hour, 2, 0, 23)) return bad(`'${hour}' is not an HH hour`);
  if (!file.endsWith('.jsonl') || file.length === '.jsonl'.length)
    return bad(`'${file}' is not a .jsonl file`);
  return {
    ok: true,
    path: {
      endpoint,
      deployment,
      collection,
      hour: { year, month, day, hour },
      id: file.slice(0, -'.jsonl'.length),
    },
  };
}

/** `{endpoint}/{deployment}/{collection}/yyyy/MM/dd/HH/<id>.arrow` in the curated container. */
export function curatedPartitionName(p: CollectorBlobPath): string {
  const h = p.hour;
  return `${p.endpoint}/${p.deployment}/${p.collection}/${h.year}/${h.month}/${h.day}/${h.hour}/${p.id}.arrow`;
}

/** Quarantine records of a source blob live in the curated container under `quarantine/<source blob name>`. */
export function quarantineBlobName(sourceBlobName: string): string {
  return `quarantine/${sourceBlobName}`;
}
