/**
 * A small evaluator for the ARM template expressions our templates use in the parts tests evaluate (filters,
 * names, app-setting values): `[func(args).prop[index]]` with string/number literals. Functions that need Azure
 * (`reference`, `listKeys`, `resourceGroup`, ...) evaluate to a placeholder string naming the call, so tests can
 * still see *what* a value is built from (e.g. that no app setting calls `listKeys` on the storage account).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Template {
  parameters: Record<string, { type: string; defaultValue?: Json; allowedValues?: Json[] }>;
  variables: Record<string, Json>;
  resources: ResourceDef[];
  outputs: Record<string, { type: string; value: Json }>;
}

export interface ResourceDef {
  type: string;
  apiVersion: string;
  name: string;
  condition?: Json;
  properties?: Record<string, Json>;
  [k: string]: Json | undefined;
}

export function loadJson(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8')) as unknown;
}

type Token =
  { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'punct'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i]!;
        i++;
      }
      out.push({ t: 'str', v: s });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else {
      throw new Error(`unexpected ${c} in ${src}`);
    }
  }
  return out;
}

type Node =
  | { k: 'lit'; v: Json }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'prop'; of: Node; name: string }
  | { k: 'index'; of: Node; index: Node };

function parse(tokens: Token[]): Node {
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const expect = (v: string): void => {
    const t = tokens[p++];
    if (t?.t !== 'punct' || t.v !== v) throw new Error(`expected ${v}`);
  };
  const primary = (): Node => {
    const t = tokens[p++];
    if (!t) throw new Error('unexpected end');
    let node: Node;
    if (t.t === 'str' || t.t === 'num') node = { k: 'lit', v: t.v };
    else if (t.t === 'id') {
      expect('(');
      const args: Node[] = [];
      if (!(peek()?.t === 'punct' && peek()?.v === ')')) {
        for (;;) {
          args.push(primary());
          const n = peek();
          if (n?.t === 'punct' && n.v === ',') {
            p++;
            continue;
          }
          break;
        }
      }
      expect(')');
      node = { k: 'call', name: t.v.toLowerCase(), args };
    } else throw new Error(`unexpected token ${JSON.stringify(t)}`);
    for (;;) {
      const n = peek();
      if (n?.t === 'punct' && n.v === '.') {
        p++;
        const id = tokens[p++];
        if (id?.t !== 'id') throw new Error('expected property');
        node = { k: 'prop', of: node, name: id.v };
      } else if (n?.t === 'punct' && n.v === '[') {
        p++;
        const index = primary();
        expect(']');
        node = { k: 'index', of: node, index };
      } else break;
    }
    return node;
  };
  const node = primary();
  if (p !== tokens.length) throw new Error('trailing tokens');
  return node;
}

/** Evaluates ARM expressions in a template with the given parameter values (defaults fill the rest). */
export class ArmContext {
  private readonly varCache = new Map<string, Json>();
  constructor(
    private readonly template: Template,
    private readonly params: Record<string, Json> = {},
  ) {}

  parameter(name: string): Json {
    if (Object.hasOwn(this.params, name)) return this.params[name]!;
    const def = this.template.parameters[name];
    if (!def) throw new Error(`unknown parameter ${name}`);
    if (def.defaultValue === undefined) throw new Error(`parameter ${name} has no value`);
    return this.value(def.defaultValue);
  }

  variable(name: string): Json {
    if (!this.varCache.has(name)) {
      if (!Object.hasOwn(this.template.variables, name)) throw new Error(`unknown variable ${name}`);
      this.varCache.set(name, this.value(this.template.variables[name]!));
    }
    return this.varCache.get(name)!;
  }

  /** Deeply evaluates a template value: strings `[...]` are expressions, `[[` escapes a literal `[`. */
  value(v: Json): Json {
    if (typeof v === 'string') {
      if (v.startsWith('[[')) return v.slice(1);
      if (v.startsWith('[') && v.endsWith(']')) return this.expr(v.slice(1, -1));
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v !== null && typeof v === 'object') {
      const o: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) o[this.value(k) as string] = this.value(x);
      return o;
    }
    return v;
  }

  expr(src: string): Json {
    return this.evalNode(parse(tokenize(src)));
  }

  private evalNode(n: Node): Json {
    switch (n.k) {
      case 'lit':
        return n.v;
      case 'prop': {
        const o = this.evalNode(n.of);
        if (typeof o === 'string') return `${o}.${n.name}`; // placeholder from an Azure-only function
        if (o === null || typeof o !== 'object' || Array.isArray(o))
          throw new Error(`.${n.name} of non-object`);
        return o[n.name] ?? null;
      }
      case 'index': {
        const o = this.evalNode(n.of);
        const i = this.evalNode(n.index);
        if (Array.isArray(o) && typeof i === 'number') return o[i] ?? null;
        if (o !== null && typeof o === 'object' && !Array.isArray(o) && typeof i === 'string')
          return o[i] ?? null;
        if (typeof o === 'string') return `${o}[${JSON.stringify(i)}]`;
        throw new Error('bad index');
      }
      case 'call':
        return this.call(n);
    }
  }

  private call(n: Extract<Node, { k: 'call' }>): Json {
    // `if` evaluates only the branch it takes, as ARM does.
    if (n.name === 'if') {
      return this.evalNode(n.args[0]!) === true ? this.evalNode(n.args[1]!) : this.evalNode(n.args[2]!);
    }
    const a = n.args.map((x) => this.evalNode(x));
    switch (n.name) {
      case 'parameters':
        return this.parameter(a[0] as string);
      case 'variables':
        return this.variable(a[0] as string);
      case 'empty': {
        const x = a[0];
        if (x === null || x === '') return true;
        if (Array.isArray(x)) return x.length === 0;
        if (typeof x === 'object') return Object.keys(x).length === 0;
        return false;
      }
      case 'equals':
        return JSON.stringify(a[0]) === JSON.stringify(a[1]);
      case 'not':
        return a[0] !== true;
      case 'concat':
        return a.every(Array.isArray)
          ? a.flat()
          : a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('');
      case 'createarray':
        return a;
      case 'union':
        return Object.assign({}, ...(a as Record<string, Json>[])) as Json;
      case 'format':
        return (a[0] as string).replace(/\{(\d+)\}/g, (_m, d: string) => {
          const x = a[Number(d) + 1];
          return typeof x === 'string' ? x : JSON.stringify(x);
        });
      case 'tolower':
        return (a[0] as string).toLowerCase();
      case 'take':
        return (a[0] as string).slice(0, a[1] as number);
      case 'length':
        return (a[0] as Json[]).length;
      default:
        // Azure-only: a placeholder naming the call and its (evaluated) arguments.
        return `${n.name}(${a.map((x) => JSON.stringify(x)).join(',')})`;
    }
  }
}
