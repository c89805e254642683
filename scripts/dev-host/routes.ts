/**
 * Route templates of HTTP triggers, matched the way the Functions host (ASP.NET routing) does for the forms
 * this app and typical apps use: literal segments (case-insensitive), `{name}`, `{name?}` (optional, last
 * segments only), `{name:alpha|int|...}` constraints and a `{*rest}` catch-all. When several routes match, the
 * most specific wins: literal segments before parameters, constrained parameters before free ones, catch-all
 * last.
 */

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly optional: boolean;
      readonly constraint?: string;
    }
  | { readonly kind: 'catchAll'; readonly name: string };

export interface CompiledRoute {
  readonly template: string;
  readonly segments: readonly Segment[];
  /** Higher is more specific. */
  readonly rank: number;
}

const CONSTRAINTS: Readonly<Record<string, (v: string) => boolean>> = {
  alpha: (v) => /^[A-Za-z]+$/.test(v),
  int: (v) => /^-?\d+$/.test(v),
  long: (v) => /^-?\d+$/.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  guid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  double: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  float: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
};

export function compileRoute(template: string): CompiledRoute {
  const segments: Segment[] = template
    .split('/')
    .filter((s) => s !== '')
    .map((s): Segment => {
      const m = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(\?)?(?::([A-Za-z]+))?\}$/.exec(s);
      if (!m) {
        if (s.includes('{') || s.includes('}'))
          throw new Error(`route "${template}": unsupported segment "${s}"`);
        return { kind: 'literal', text: s.toLowerCase() };
      }
      const [, star, name = '', optional, constraint] = m;
      if (star) return { kind: 'catchAll', name };
      if (constraint !== undefined && !(constraint in CONSTRAINTS))
        throw new Error(`route "${template}": unsupported constraint "${constraint}"`);
      return {
        kind: 'param',
        name,
        optional: optional === '?',
        ...(constraint === undefined ? {} : { constraint }),
      };
    });
  let rank = 0;
  for (const s of segments) {
    rank *= 4;
    rank += s.kind === 'literal' ? 3 : s.kind === 'param' ? (s.constraint ? 2 : 1) : 0;
  }
  return { template, segments, rank };
}

/** Path parameters when `path` (without the route prefix, no leading slash) matches, else undefined. */
export function matchRoute(route: CompiledRoute, path: string): Record<string, string> | undefined {
  const parts = path.split('/').filter((s) => s !== '');
  const params: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    if (seg.kind === 'catchAll') {
      const rest = parts.slice(i).map(decodeURIComponent).join('/');
      if (rest !== '') params[seg.name] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined) {
      if (seg.kind === 'param' && seg.optional) continue;
      return undefined;
    }
    const value = decodeURIComponent(part);
    if (seg.kind === 'literal') {
      if (value.toLowerCase() !== seg.text) return undefined;
    } else {
      if (seg.constraint !== undefined && !(CONSTRAINTS[seg.constraint]?.(value) ?? false)) return undefined;
      params[seg.name] = value;
    }
    i++;
  }
  return i === parts.length ? params : undefined;
}

/** The most specific of the routes that match, with its parameters. */
export function pickRoute<T extends { readonly route: CompiledRoute }>(
  candidates: readonly T[],
  path: string,
): { readonly entry: T; readonly params: Record<string, string> } | undefined {
  let best: { entry: T; params: Record<string, string> } | undefined;
  for (const entry of candidates) {
    const params = matchRoute(entry.route, path);
    if (params !== undefined && (best === undefined || entry.route.rank > best.entry.route.rank))
      best = { entry, params };
  }
  return best;
}
