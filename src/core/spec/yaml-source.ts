/** YAML text parsed with positions, so every problem can name its line. */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './issues.js';

export interface YamlSource {
  readonly value: unknown;
  readonly errors: readonly { readonly message: string; readonly line: number | undefined }[];
  /** Line of the key (or item) at `path`, else of its nearest existing ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined;
  /** Whether `path` exists in the document. */
  has(path: readonly PathSegment[]): boolean;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;

  /** Walks to `path`; returns the offset of the deepest found key/item and how deep it got. */
  const locate = (path: readonly PathSegment[]): { offset: number | undefined; depth: number } => {
    let node: unknown = doc.contents;
    let offset = doc.contents?.range?.[0];
    let depth = 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k: unknown = p.key;
          const key = k !== null && typeof k === 'object' && 'value' in k ? k.value : k;
          return String(key) === String(seg);
        });
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        offset = keyNode?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
      depth++;
    }
    return { offset, depth };
  };

  return {
    value: doc.errors.length > 0 ? undefined : (doc.toJS({ maxAliasCount: 100 }) as unknown),
    errors: doc.errors.map((e) => ({
      message: e.message.split('\n')[0] ?? e.message,
      line: lineAt(e.pos[0]),
    })),
    lineOf: (path) => lineAt(locate(path).offset),
    has: (path) => locate(path).depth === path.length,
  };
}
