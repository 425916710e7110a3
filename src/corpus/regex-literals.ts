// Required literals of a regular expression: a set of lower-case strings such that any match of the
// (case-insensitive, non-unicode) regex contains at least one of them. Topic assignment runs ~150
// regexes over every imported abstract; a cheap `includes` on the lower-cased text proves most of
// them cannot match, so only the few that might are run. The analysis is conservative: whatever it
// does not understand (classes, escapes like \w, lookarounds, optional parts, non-ASCII letters)
// breaks a literal or yields "no requirement" (undefined), which never skips a regex that could match.

/** Lower-case literals one of which every match contains, or undefined when nothing is required. */
export type Required = readonly string[] | undefined;

interface Cursor {
  src: string;
  i: number;
}

/** What a piece of a regex tells: literals every match contains, and (when finite and small) every exact string it matches. */
interface Facts {
  req: Required;
  exact: readonly string[] | undefined;
}

/** Beyond this many exact strings a piece is treated as unknown (products grow fast). */
const MAX_EXACT = 32;

/** Escapes after a backslash that are classes, assertions or references rather than literal characters. */
const SPECIAL_ESCAPES = new Set([...'bBdDwWsSnrtfv0123456789cxukpP']);

const UNKNOWN: Facts = { req: undefined, exact: undefined };

/** The required set of `src` read as a regex, or undefined when the analysis finds none. */
export function requiredLiterals(src: string): Required {
  const cursor: Cursor = { src, i: 0 };
  try {
    const facts = alternation(cursor);
    if (cursor.i !== src.length) return undefined; // an unbalanced ')' or something unexpected: no filter
    return facts.req;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // not understood: the regex always runs
    throw error;
  }
}

function alternation(c: Cursor): Facts {
  const branches: Facts[] = [sequence(c)];
  while (c.src[c.i] === '|') {
    c.i++;
    branches.push(sequence(c));
  }
  if (branches.length === 1) return branches[0] as Facts;
  const req = branches.some((b) => b.req === undefined) ? undefined : [...new Set(branches.flatMap((b) => b.req as readonly string[]))];
  const exact = branches.some((b) => b.exact === undefined) ? undefined : [...new Set(branches.flatMap((b) => b.exact as readonly string[]))];
  return { req, exact: exact && exact.length <= MAX_EXACT ? exact : undefined };
}

/** Prefers the requirement whose shortest literal is longest (fewest false candidates). */
function better(a: Required, b: Required): Required {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const score = (r: readonly string[]) => Math.min(...r.map((s) => s.length));
  const [sa, sb] = [score(a), score(b)];
  if (sa !== sb) return sa > sb ? a : b;
  return a.length <= b.length ? a : b;
}

/** A requirement from exact strings: none when one of them is empty (it can match nothing at all). */
function fromExact(exact: readonly string[]): Required {
  return exact.length === 0 || exact.includes('') ? undefined : exact;
}

/** Reads a quantifier at the cursor; returns its minimum count, or undefined when there is none. */
function quantifier(c: Cursor): { min: number; max: number } | undefined {
  const ch = c.src[c.i];
  let q: { min: number; max: number };
  if (ch === '*') q = { min: 0, max: Infinity };
  else if (ch === '?') q = { min: 0, max: 1 };
  else if (ch === '+') q = { min: 1, max: Infinity };
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(c.src.slice(c.i));
    if (!m) return undefined;
    const min = Number(m[1]);
    q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
    c.i += m[0].length - 1;
  } else return undefined;
  c.i++;
  if (c.src[c.i] === '?') c.i++; // lazy
  return q;
}

/** The facts of an atom after its quantifier: `x?` adds the empty string, other repeats keep only what one copy requires. */
function quantified(atom: Facts, q: { min: number; max: number } | undefined): Facts {
  if (q === undefined) return atom;
  if (q.min === 0 && q.max === 1) return { req: undefined, exact: atom.exact ? [...new Set([...atom.exact, ''])] : undefined };
  if (q.min === 1 && q.max === 1) return atom;
  return { req: q.min >= 1 ? atom.req : undefined, exact: undefined };
}

/** Reads one atom (and its quantifier); undefined at the end of a sequence. */
function atom(c: Cursor): Facts | undefined {
  const ch = c.src[c.i] as string;
  if (ch === '(') {
    c.i++;
    let look = false;
    if (c.src[c.i] === '?') {
      const head = c.src.slice(c.i, c.i + 3);
      if (head.startsWith('?:')) c.i += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) {
        look = true;
        c.i += 2;
      } else if (head === '?<=' || head === '?<!') {
        look = true;
        c.i += 3;
      } else if (head.startsWith('?<')) {
        const close = c.src.indexOf('>', c.i);
        if (close < 0) throw new SyntaxError('unclosed group name');
        c.i = close + 1;
      } else throw new SyntaxError('unknown group');
    }
    const inner = alternation(c);
    if (c.src[c.i] !== ')') throw new SyntaxError('unclosed group');
    c.i++;
    const q = quantifier(c);
    // A lookaround matches no characters: it neither requires nor extends a literal.
    return look ? UNKNOWN : quantified(inner, q);
  }
  if (ch === '[') {
    c.i++;
    if (c.src[c.i] === '^') c.i++;
    if (c.src[c.i] === ']') c.i++; // a leading ']' is literal
    while (c.i < c.src.length && c.src[c.i] !== ']') c.i += c.src[c.i] === '\\' ? 2 : 1;
    if (c.i >= c.src.length) throw new SyntaxError('unclosed class');
    c.i++;
    quantifier(c);
    return UNKNOWN;
  }
  let literal: string | undefined;
  if (ch === '\\') {
    const next = c.src[c.i + 1];
    if (next === undefined) throw new SyntaxError('trailing backslash');
    c.i += 2;
    if (!SPECIAL_ESCAPES.has(next) && /[\x20-\x7e]/.test(next)) literal = next;
  } else {
    c.i++;
    if (!'.^$*+?{}'.includes(ch) && /[\x20-\x7e]/.test(ch)) literal = ch;
  }
  // Classes, assertions, anchors and non-ASCII letters (whose case folding differs) are unknown.
  if (literal === undefined) {
    quantifier(c);
    return UNKNOWN;
  }
  const q = quantifier(c);
  if (q !== undefined) return quantified({ req: [literal.toLowerCase()], exact: [literal.toLowerCase()] }, q);
  // Plain characters that follow (none of them quantified) join this one: one piece per word, not per letter.
  let text = literal;
  for (;;) {
    const next = c.src[c.i] as string | undefined;
    const after = c.src[c.i + 1];
    if (next === undefined || !/[\x20-\x7e]/.test(next) || '.^$*+?{}()[]|\\'.includes(next)) break;
    if (after !== undefined && '*+?{'.includes(after)) break;
    text += next;
    c.i++;
  }
  const lower = text.toLowerCase();
  return { req: [lower], exact: [lower] };
}

function sequence(c: Cursor): Facts {
  let best: Required;
  let all: readonly string[] | undefined = ['']; // exact strings of the whole sequence so far
  let run: readonly string[] = ['']; // exact strings of the current stretch of known pieces
  const endRun = () => {
    best = better(best, fromExact(run));
    run = [''];
  };
  while (c.i < c.src.length && c.src[c.i] !== '|' && c.src[c.i] !== ')') {
    const facts = atom(c) as Facts;
    best = better(best, facts.req);
    if (facts.exact === undefined) {
      endRun();
      all = undefined;
      continue;
    }
    const product = (xs: readonly string[]) => [...new Set(xs.flatMap((x) => (facts.exact as readonly string[]).map((y) => x + y)))];
    if (run.length * facts.exact.length > MAX_EXACT) {
      endRun();
      run = facts.exact;
    } else {
      run = product(run);
    }
    all = all && all.length * facts.exact.length <= MAX_EXACT ? product(all) : undefined;
  }
  endRun();
  return { req: best, exact: all };
}

/** A literal in the scanner's tables, with the regexes (indexes) it lets through. */
interface Entry {
  literal: string;
  owners: number[];
}

/** Hash table size per key length (a power of two): collisions only cost a `startsWith`. */
const TABLE_BITS = 12;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

/**
 * Tells which of many regexes may match a text, in one pass over it: the regexes' required literals
 * are bucketed by a hash of their first (up to) three characters, so each text position costs three
 * array lookups instead of one scan of the whole text per literal (an `includes` per literal costs
 * about as much as running the regex).
 */
export class LiteralScanner {
  /** Per key length 1, 2 and 3 (index 0, 1, 2): hash of the first characters -> literals, each with the regexes it lets through. */
  private readonly tables: ((Entry[] | undefined)[] | undefined)[] = [undefined, undefined, undefined];
  /** Literal -> the regexes (indexes into `required`) it lets through. */
  private readonly owners = new Map<string, number[]>();
  /** Verdict before any literal is seen: 1 for regexes that require nothing (always run). */
  private readonly initial: Uint8Array;

  constructor(required: readonly Required[]) {
    this.initial = new Uint8Array(required.map((r) => (r === undefined ? 1 : 0)));
    required.forEach((literals, index) => {
      for (const literal of literals ?? []) {
        const owners = this.owners.get(literal);
        if (owners) owners.push(index);
        else this.owners.set(literal, [index]);
      }
    });
    for (const [literal, owners] of this.owners) {
      if (literal.length === 0) continue;
      const length = Math.min(3, literal.length);
      const table = (this.tables[length - 1] ??= new Array<Entry[] | undefined>(TABLE_MASK + 1).fill(undefined));
      let h = 0;
      for (let k = 0; k < length; k++) h = (h * 31 + literal.charCodeAt(k)) & TABLE_MASK;
      (table[h] ??= []).push({ literal, owners });
    }
  }

  /** Per regex (same order as given): 1 when it may match `lower` (already lower-cased), 0 when it cannot. */
  scan(lower: string): Uint8Array {
    const verdict = this.initial.slice();
    const [t1, t2, t3] = this.tables;
    const n = lower.length;
    // Bucket lookups inline: most positions hit an empty bucket, and this loop runs over every character
    // of every imported abstract.
    for (let i = 0; i < n; i++) {
      let h = lower.charCodeAt(i) & TABLE_MASK;
      let list = t1?.[h];
      if (list !== undefined) this.check(list, lower, i, verdict);
      if (i + 1 >= n) continue;
      h = (h * 31 + lower.charCodeAt(i + 1)) & TABLE_MASK;
      list = t2?.[h];
      if (list !== undefined) this.check(list, lower, i, verdict);
      if (i + 2 >= n || t3 === undefined) continue;
      h = (h * 31 + lower.charCodeAt(i + 2)) & TABLE_MASK;
      list = t3[h];
      if (list !== undefined) this.check(list, lower, i, verdict);
    }
    return verdict;
  }

  private check(list: Entry[], lower: string, at: number, verdict: Uint8Array): void {
    for (const entry of list) {
      if (!lower.startsWith(entry.literal, at)) continue;
      for (const index of entry.owners) verdict[index] = 1;
    }
  }
}
