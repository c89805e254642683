/** The read API client: same origin, function key from `?code=` (kept for the session) as x-functions-key. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function functionKey(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('code');
  if (fromUrl) {
    sessionStorage.setItem('model-monitor-key', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('model-monitor-key');
}

const enc = encodeURIComponent;
export const apiPath = (...segments: string[]): string => `api/${segments.map(enc).join('/')}`;

export async function getJson<T>(
  path: string,
  query: Readonly<Record<string, string | undefined>> = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const qs = params.toString();
  const key = functionKey();
  const res = await fetch(`/${path}${qs ? `?${qs}` : ''}`, {
    headers: key ? { 'x-functions-key': key, accept: 'application/json' } : { accept: 'application/json' },
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  return body as T;
}

/** Follows continuation tokens to the end (bounded). */
export async function getAllPages<T>(
  path: string,
  listKey: string,
  query: Readonly<Record<string, string | undefined>>,
  maxPages = 50,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await getJson<Record<string, unknown>>(path, {
      ...query,
      ...(token === undefined ? {} : { continuationToken: token }),
    });
    const items = page[listKey];
    if (Array.isArray(items)) out.push(...(items as T[]));
    token = typeof page.continuationToken === 'string' ? page.continuationToken : undefined;
    if (token === undefined) break;
  }
  return out;
}
