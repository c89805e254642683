/**
 * Where a collector `dataref` may live. The collector writes an https URL of a blob in the same storage account
 * (`https://<account>.blob.core.windows.net/<container>/<path>.json`); Azure ML's own samples use paths relative
 * to a working folder (`tests/unit/raw_mdc_data/.../mdc_dataref_1.json`). Candidates, tried in order:
 * 1. a URL: its container and blob path (the account is assumed to be ours: the collector writes to the same one);
 * 2. a relative path: that blob name in the collector container;
 * 3. a relative path: the same file name next to the source blob (collector output copied elsewhere).
 */
export interface BlobRef {
  readonly container: string;
  readonly name: string;
}

export function datarefCandidates(
  ref: string,
  sourceBlobName: string,
  collectorContainer: string,
): BlobRef[] {
  if (/^https?:\/\//i.test(ref)) {
    let url: URL;
    try {
      url = new URL(ref);
    } catch {
      return [];
    }
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    // Azurite and other emulators put the account name first in the path.
    if (segments.length >= 3 && /^(127\.0\.0\.1|localhost)$/i.test(url.hostname)) segments.shift();
    const [container, ...rest] = segments;
    return container && rest.length > 0 ? [{ container, name: rest.join('/') }] : [];
  }
  const rel = ref.replace(/^\.?\//, '');
  const out: BlobRef[] = [{ container: collectorContainer, name: rel }];
  const slash = sourceBlobName.lastIndexOf('/');
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const sibling = slash >= 0 ? `${sourceBlobName.slice(0, slash)}/${base}` : base;
  if (sibling !== rel) out.push({ container: collectorContainer, name: sibling });
  return out;
}
