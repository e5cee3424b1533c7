/**
 * A subset of CEL (github.com/google/cel-spec, doc/langdef.md) large enough for the
 * `x-kubernetes-validations` rules of the CRDs this tool vendors: literals, `self` and macro variables,
 * field selection and `has()`, indexing, `! - * / % + < <= > >= == != in && || ?:`, the macros
 * `all`, `exists`, `exists_one`, `map`, `filter`, and the functions `size`, `startsWith`, `endsWith`,
 * `contains`, `matches`, `isCIDR`, `isIP` (Kubernetes' CEL library, k8s.io/apiserver/pkg/cel/library).
 * An expression outside the subset does not compile (`compileCel` returns an error), and the caller
 * leaves that rule unchecked: never a guess.
 *
 * Values are JSON values as the API server hands them to CEL: objects, arrays, strings, numbers,
 * booleans. A field that is absent is an error when selected (`no such key`), as in CEL, and `&&`/`||`
 * absorb an error when the other side decides (CEL's commutative logic).
 */
import { netipParseAddr } from '../net/ip';
import { netipParsePrefix, prefixIs4In6 } from '../net/prefix';

export type CelValue = null | boolean | number | string | readonly CelValue[] | CelObject;
export interface CelObject {
  readonly [key: string]: CelValue;
}

type Ast =
  | { readonly t: 'lit'; readonly v: CelValue }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'select'; readonly operand: Ast; readonly field: string; readonly test: boolean }
  | { readonly t: 'index'; readonly operand: Ast; readonly index: Ast }
  | { readonly t: 'call'; readonly fn: string; readonly target?: Ast; readonly args: readonly Ast[] }
  | { readonly t: 'macro'; readonly fn: string; readonly target: Ast; readonly vars: readonly string[]; readonly args: readonly Ast[] }
  | { readonly t: 'list'; readonly items: readonly Ast[] }
  | { readonly t: 'map'; readonly entries: readonly (readonly [Ast, Ast])[] }
  | { readonly t: 'unary'; readonly op: '!' | '-'; readonly operand: Ast }
  | { readonly t: 'binary'; readonly op: string; readonly left: Ast; readonly right: Ast }
  | { readonly t: 'cond'; readonly test: Ast; readonly then: Ast; readonly otherwise: Ast };

export class CelError extends Error {}

/** A compiled rule: evaluate it with `self` bound to a value. */
export interface CelProgram {
  readonly source: string;
  evaluate(self: CelValue): CelValue;
}

const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const FUNCTIONS = new Set(['size', 'startsWith', 'endsWith', 'contains', 'matches', 'isCIDR', 'isIP', 'int', 'string']);

// --- Lexer -----------------------------------------------------------------------------------------

type Token = { readonly k: 'num'; readonly v: number } | { readonly k: 'str'; readonly v: string } | { readonly k: 'id'; readonly v: string } | { readonly k: 'op'; readonly v: string };

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '!', '<', '>', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)[uU]?/.exec(source.slice(i))!;
      tokens.push({ k: 'num', v: Number(m[1]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ k: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let out = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          const e = source[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
          if (e === undefined || !(e in map)) throw new CelError(`unsupported escape in ${source}`);
          out += map[e];
          j += 2;
        } else out += source[j++];
      }
      if (j >= source.length) throw new CelError('unterminated string');
      tokens.push({ k: 'str', v: out });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new CelError(`unexpected character ${JSON.stringify(c)}`);
    tokens.push({ k: 'op', v: op });
    i += op.length;
  }
  return tokens;
}

// --- Parser (the grammar of cel-spec's langdef.md) -------------------------------------------------

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Ast {
    const ast = this.expr();
    if (this.at < this.tokens.length) throw new CelError('unexpected input after the expression');
    return ast;
  }

  private peek(op: string): boolean {
    const t = this.tokens[this.at];
    return t !== undefined && t.k === 'op' && t.v === op;
  }

  private take(op: string): boolean {
    if (!this.peek(op)) return false;
    this.at++;
    return true;
  }

  private expect(op: string): void {
    if (!this.take(op)) throw new CelError(`expected ${op}`);
  }

  private expr(): Ast {
    const test = this.or();
    if (!this.take('?')) return test;
    const then = this.or();
    this.expect(':');
    return { t: 'cond', test, then, otherwise: this.expr() };
  }

  private or(): Ast {
    let left = this.and();
    while (this.take('||')) left = { t: 'binary', op: '||', left, right: this.and() };
    return left;
  }

  private and(): Ast {
    let left = this.relation();
    while (this.take('&&')) left = { t: 'binary', op: '&&', left, right: this.relation() };
    return left;
  }

  private relation(): Ast {
    let left = this.addition();
    for (;;) {
      const t = this.tokens[this.at];
      const op = t && ((t.k === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) || (t.k === 'id' && t.v === 'in')) ? t.v : undefined;
      if (!op) return left;
      this.at++;
      left = { t: 'binary', op, left, right: this.addition() };
    }
  }

  private addition(): Ast {
    let left = this.multiplication();
    for (;;) {
      if (this.take('+')) left = { t: 'binary', op: '+', left, right: this.multiplication() };
      else if (this.take('-')) left = { t: 'binary', op: '-', left, right: this.multiplication() };
      else return left;
    }
  }

  private multiplication(): Ast {
    let left = this.unary();
    for (;;) {
      const op = ['*', '/', '%'].find((o) => this.peek(o));
      if (!op) return left;
      this.at++;
      left = { t: 'binary', op, left, right: this.unary() };
    }
  }

  private unary(): Ast {
    if (this.take('!')) return { t: 'unary', op: '!', operand: this.unary() };
    if (this.take('-')) return { t: 'unary', op: '-', operand: this.unary() };
    return this.member();
  }

  private ident(): string {
    const t = this.tokens[this.at];
    if (!t || t.k !== 'id') throw new CelError('expected an identifier');
    this.at++;
    return t.v;
  }

  private args(): Ast[] {
    const args: Ast[] = [];
    if (this.take(')')) return args;
    do args.push(this.expr());
    while (this.take(','));
    this.expect(')');
    return args;
  }

  private member(): Ast {
    let operand = this.primary();
    for (;;) {
      if (this.take('.')) {
        const name = this.ident();
        if (!this.take('(')) {
          operand = { t: 'select', operand, field: name, test: false };
          continue;
        }
        const args = this.args();
        if (MACROS.has(name)) operand = this.macro(name, operand, args);
        else if (FUNCTIONS.has(name)) operand = { t: 'call', fn: name, target: operand, args };
        else throw new CelError(`function ${name} is not supported`);
      } else if (this.take('[')) {
        const index = this.expr();
        this.expect(']');
        operand = { t: 'index', operand, index };
      } else return operand;
    }
  }

  private macro(fn: string, target: Ast, args: Ast[]): Ast {
    const first = args[0];
    if (!first || first.t !== 'ident') throw new CelError(`${fn} needs a variable`);
    const count = fn === 'map' ? [2, 3] : [2];
    if (!count.includes(args.length)) throw new CelError(`${fn} takes ${count.join(' or ')} arguments`);
    return { t: 'macro', fn, target, vars: [first.name], args: args.slice(1) };
  }

  private primary(): Ast {
    const t = this.tokens[this.at];
    if (!t) throw new CelError('unexpected end of the expression');
    this.at++;
    if (t.k === 'num' || t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (!this.take('(')) return { t: 'ident', name: t.v };
      if (t.v === 'has') {
        const args = this.args();
        const arg = args[0];
        if (args.length !== 1 || !arg || arg.t !== 'select') throw new CelError('has() takes one field selection');
        return { ...arg, test: true };
      }
      if (!FUNCTIONS.has(t.v)) throw new CelError(`function ${t.v} is not supported`);
      return { t: 'call', fn: t.v, args: this.args() };
    }
    if (t.v === '(') {
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (t.v === '[') {
      const items: Ast[] = [];
      if (!this.take(']')) {
        do items.push(this.expr());
        while (this.take(','));
        this.expect(']');
      }
      return { t: 'list', items };
    }
    if (t.v === '{') {
      const entries: [Ast, Ast][] = [];
      if (!this.take('}')) {
        do {
          const key = this.expr();
          this.expect(':');
          entries.push([key, this.expr()]);
        } while (this.take(','));
        this.expect('}');
      }
      return { t: 'map', entries };
    }
    throw new CelError(`unexpected ${t.v}`);
  }
}

// --- Evaluation ------------------------------------------------------------------------------------

function isList(v: CelValue): v is readonly CelValue[] {
  return Array.isArray(v);
}

function isObject(v: CelValue): v is CelObject {
  return v !== null && typeof v === 'object' && !isList(v);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new CelError(String(e));
}

function typeName(v: CelValue): string {
  if (v === null) return 'null_type';
  if (isList(v)) return 'list';
  if (isObject(v)) return 'map';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

function equal(a: CelValue, b: CelValue): boolean {
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k]!, b[k]!));
  }
  return a === b;
}

function bool(v: CelValue): boolean {
  if (typeof v !== 'boolean') throw new CelError(`no matching overload: expected bool, got ${typeName(v)}`);
  return v;
}

function list(v: CelValue): readonly CelValue[] {
  if (isList(v)) return v;
  if (isObject(v)) return Object.keys(v);
  throw new CelError(`no matching overload: expected list or map, got ${typeName(v)}`);
}

function str(v: CelValue): string {
  if (typeof v !== 'string') throw new CelError(`no matching overload: expected string, got ${typeName(v)}`);
  return v;
}

function num(v: CelValue): number {
  if (typeof v !== 'number') throw new CelError(`no matching overload: expected number, got ${typeName(v)}`);
  return v;
}

type Scope = ReadonlyMap<string, CelValue>;

function evaluate(ast: Ast, scope: Scope): CelValue {
  switch (ast.t) {
    case 'lit':
      return ast.v;
    case 'ident': {
      if (!scope.has(ast.name)) throw new CelError(`undeclared reference to '${ast.name}'`);
      return scope.get(ast.name)!;
    }
    case 'select': {
      const operand = evaluate(ast.operand, scope);
      if (!isObject(operand)) throw new CelError(`no such key: ${ast.field}`);
      const present = Object.hasOwn(operand, ast.field);
      if (ast.test) return present;
      if (!present) throw new CelError(`no such key: ${ast.field}`);
      return operand[ast.field]!;
    }
    case 'index': {
      const operand = evaluate(ast.operand, scope);
      const index = evaluate(ast.index, scope);
      if (isList(operand)) {
        const i = num(index);
        if (!Number.isInteger(i) || i < 0 || i >= operand.length) throw new CelError(`index out of range: ${i}`);
        return operand[i]!;
      }
      if (isObject(operand) && typeof index === 'string' && Object.hasOwn(operand, index)) return operand[index]!;
      throw new CelError('no such key');
    }
    case 'list':
      return ast.items.map((item) => evaluate(item, scope));
    case 'map': {
      const out: Record<string, CelValue> = Object.create(null) as Record<string, CelValue>;
      for (const [k, v] of ast.entries) out[str(evaluate(k, scope))] = evaluate(v, scope);
      return out;
    }
    case 'unary': {
      const v = evaluate(ast.operand, scope);
      return ast.op === '!' ? !bool(v) : -num(v);
    }
    case 'cond':
      return bool(evaluate(ast.test, scope)) ? evaluate(ast.then, scope) : evaluate(ast.otherwise, scope);
    case 'binary':
      return binary(ast.op, ast.left, ast.right, scope);
    case 'macro':
      return macro(ast, scope);
    case 'call':
      return call(ast.fn, ast.target ? [evaluate(ast.target, scope), ...ast.args.map((a) => evaluate(a, scope))] : ast.args.map((a) => evaluate(a, scope)));
  }
}

/** `&&` and `||` as CEL has them: an error on one side is absorbed when the other side decides. */
function logical(op: '&&' | '||', left: Ast, right: Ast, scope: Scope): boolean {
  const decides = op === '||';
  let error: Error | undefined;
  try {
    if (bool(evaluate(left, scope)) === decides) return decides;
  } catch (e) {
    error = asError(e);
  }
  const r = bool(evaluate(right, scope));
  if (r === decides) return decides;
  if (error) throw error;
  return !decides;
}

function binary(op: string, leftAst: Ast, rightAst: Ast, scope: Scope): CelValue {
  if (op === '&&' || op === '||') return logical(op, leftAst, rightAst, scope);
  const left = evaluate(leftAst, scope);
  const right = evaluate(rightAst, scope);
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'in':
      if (isList(right)) return right.some((x) => equal(x, left));
      if (isObject(right)) return Object.hasOwn(right, str(left));
      throw new CelError(`no matching overload for in`);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compare(left, right, op);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      if (isList(left) && isList(right)) return [...left, ...right];
      return num(left) + num(right);
    case '-':
      return num(left) - num(right);
    case '*':
      return num(left) * num(right);
    case '/':
    case '%': {
      const d = num(right);
      if (d === 0) throw new CelError('division by zero');
      return op === '/' ? Math.trunc(num(left) / d) : num(left) % d;
    }
  }
  throw new CelError(`unsupported operator ${op}`);
}

function compare(left: CelValue, right: CelValue, op: string): number {
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  throw new CelError(`no matching overload for ${op}`);
}

function macro(ast: Extract<Ast, { t: 'macro' }>, scope: Scope): CelValue {
  const items = list(evaluate(ast.target, scope));
  const name = ast.vars[0]!;
  const withVar = (v: CelValue): Scope => new Map([...scope, [name, v]]);
  const test = (v: CelValue) => bool(evaluate(ast.args[0]!, withVar(v)));
  switch (ast.fn) {
    case 'all': {
      let error: Error | undefined;
      for (const item of items) {
        try {
          if (!test(item)) return false;
        } catch (e) {
          error ??= asError(e);
        }
      }
      if (error) throw error;
      return true;
    }
    case 'exists': {
      let error: Error | undefined;
      for (const item of items) {
        try {
          if (test(item)) return true;
        } catch (e) {
          error ??= asError(e);
        }
      }
      if (error) throw error;
      return false;
    }
    case 'exists_one':
      return items.filter(test).length === 1;
    case 'filter':
      return items.filter(test);
    case 'map':
      return ast.args.length === 1 ? items.map((item) => evaluate(ast.args[0]!, withVar(item))) : items.filter(test).map((item) => evaluate(ast.args[1]!, withVar(item)));
  }
  throw new CelError(`unsupported macro ${ast.fn}`);
}

function call(fn: string, args: CelValue[]): CelValue {
  const [a, b] = args;
  const arity = (n: number) => {
    if (args.length !== n) throw new CelError(`no matching overload for ${fn}`);
  };
  switch (fn) {
    case 'size':
      arity(1);
      if (typeof a === 'string') return [...a].length;
      return list(a!).length;
    case 'startsWith':
      arity(2);
      return str(a!).startsWith(str(b!));
    case 'endsWith':
      arity(2);
      return str(a!).endsWith(str(b!));
    case 'contains':
      arity(2);
      return str(a!).includes(str(b!));
    case 'matches':
      arity(2);
      return new RegExp(str(b!)).test(str(a!));
    case 'isCIDR': {
      // k8s.io/apiserver/pkg/cel/library/cidr.go: netip.ParsePrefix, and no IPv4-mapped IPv6 address.
      arity(1);
      const prefix = netipParsePrefix(str(a!));
      return prefix !== undefined && !prefixIs4In6(prefix);
    }
    case 'isIP': {
      // k8s.io/apiserver/pkg/cel/library/ip.go: netip.ParseAddr, no zone, no IPv4-mapped IPv6 address.
      arity(1);
      const addr = netipParseAddr(str(a!));
      return addr !== undefined && !addr.zone && (addr.is4 || !isMapped(addr.addr));
    }
    case 'int':
      arity(1);
      if (typeof a === 'number') return Math.trunc(a);
      if (typeof a === 'string' && /^-?[0-9]+$/.test(a)) return Number(a);
      throw new CelError('no matching overload for int');
    case 'string':
      arity(1);
      if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return String(a);
      throw new CelError('no matching overload for string');
  }
  throw new CelError(`unsupported function ${fn}`);
}

function isMapped(addr: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (addr[i] !== 0) return false;
  return addr[10] === 0xff && addr[11] === 0xff;
}

/** Compiles a rule; throws CelError when it is outside the subset. */
export function compileCel(source: string): CelProgram {
  const ast = new Parser(lex(source)).parse();
  return { source, evaluate: (self) => evaluate(ast, new Map([['self', self]])) };
}

const compiled = new Map<string, CelProgram | CelError>();

/** A compiled rule, kept by its text; a CelError when the rule is outside the subset. */
export function celProgram(source: string): CelProgram | CelError {
  let program = compiled.get(source);
  if (!program) {
    try {
      program = compileCel(source);
    } catch (error) {
      program = error instanceof CelError ? error : new CelError(String(error));
    }
    compiled.set(source, program);
  }
  return program;
}
