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

/**
 * Tells which of many regexes may match a text, in one pass over it: an Aho-Corasick automaton over
 * the regexes' required literals (~1,100 for corpus/topics.json), one table lookup per character of
 * the text, however many literals there are. Hashing each position's first characters into buckets
 * (the scanner before this one) cost ~60 ns per character: most positions of an abstract hit a bucket
 * of some literal's first three letters, and each hit was a `startsWith` per literal in it. Literals
 * are printable ASCII (requiredLiterals never gives others), so every other character ends any
 * literal match in progress and maps to one class that leads back to the start.
 */
export class LiteralScanner {
  /** Verdict before any literal is seen: 1 for regexes that require nothing (always run). */
  private readonly initial: Uint8Array;
  /** Character code (< 128) -> its column in `next`; 0 for characters no literal contains. */
  private readonly column = new Uint8Array(128);
  private readonly columns: number;
  /** next[state * columns + column]: the state after reading a character (a complete automaton). */
  private readonly next: Uint32Array;
  /** Per state: the regexes (indexes) whose literal ends there, its own and those of every suffix; undefined for none. */
  private readonly ends: (readonly number[] | undefined)[];

  constructor(required: readonly Required[]) {
    this.initial = new Uint8Array(required.map((r) => (r === undefined ? 1 : 0)));
    const owners = new Map<string, number[]>();
    required.forEach((literals, index) => {
      for (const literal of literals ?? []) {
        if (literal.length === 0) continue;
        const list = owners.get(literal);
        if (list) list.push(index);
        else owners.set(literal, [index]);
      }
    });
    let columns = 1;
    for (const literal of owners.keys()) {
      for (let k = 0; k < literal.length; k++) {
        const c = literal.charCodeAt(k);
        if (c >= 128) throw new Error(`required literal "${literal}" is not ASCII`); // requiredLiterals never gives one
        if (this.column[c] === 0) this.column[c] = columns++;
      }
    }
    this.columns = columns;
    // The trie, built in the automaton's own table: next[state * columns + column] is a child, 0 for none
    // yet (no trie edge leads back to the start). At most one state per literal character, plus the start.
    let capacity = 1;
    for (const literal of owners.keys()) capacity += literal.length;
    const next = new Uint32Array(capacity * columns);
    const own: (number[] | undefined)[] = [undefined];
    let states = 1;
    for (const [literal, list] of owners) {
      let state = 0;
      for (let k = 0; k < literal.length; k++) {
        const at = state * columns + (this.column[literal.charCodeAt(k)] as number);
        if (next[at] === 0) {
          next[at] = states++;
          own.push(undefined);
        }
        state = next[at] as number;
      }
      own[state] = list;
    }
    // Breadth first: each state's fallback (longest proper suffix that is a trie state) is shallower, so
    // already complete; a missing child is the fallback's transition, and a state's ends include its fallback's.
    const fallback = new Uint32Array(states);
    const ends: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(states).fill(undefined);
    const queue = new Uint32Array(states);
    let tail = 0;
    for (let col = 1; col < columns; col++) if (next[col] !== 0) queue[tail++] = next[col] as number;
    for (let head = 0; head < tail; head++) {
      const state = queue[head] as number;
      const back = fallback[state] as number;
      const inherited = ends[back];
      const mine = own[state];
      ends[state] = mine === undefined ? inherited : inherited === undefined ? mine : [...mine, ...inherited];
      const row = state * columns;
      const backRow = back * columns;
      for (let col = 1; col < columns; col++) {
        const child = next[row + col] as number;
        if (child === 0) next[row + col] = next[backRow + col] as number;
        else {
          fallback[child] = next[backRow + col] as number;
          queue[tail++] = child;
        }
      }
    }
    this.next = next.subarray(0, states * columns);
    this.ends = ends;
  }

  /** Per regex (same order as given): 1 when it may match `lower` (already lower-cased), 0 when it cannot. */
  scan(lower: string): Uint8Array {
    const verdict = this.initial.slice();
    const { column, columns, next, ends } = this;
    let state = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      state = next[state * columns + (c < 128 ? (column[c] as number) : 0)] as number;
      const found = ends[state];
      if (found !== undefined) for (let k = 0; k < found.length; k++) verdict[found[k] as number] = 1;
    }
    return verdict;
  }
}
