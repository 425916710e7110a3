// Titles and abstracts arrive with LaTeX residue from arXiv (inline math, \textit, escaped %,
// TeX quotes). Discord shows plain text, so we undo the markup while leaving ordinary prose,
// and capture artefacts we cannot reconstruct (e.g. "1000times" from a stripped \times), alone.

import { collapseSpaces, stripControls } from '../safe-text.js';

const FORMAT_COMMANDS = 'textit|textbf|textsl|texttt|textrm|textsf|textsc|textup|emph|underline|text|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|operatorname';
const FORMAT_COMMAND = new RegExp(String.raw`\\(?:${FORMAT_COMMANDS})\s*\{([^{}]*)\}`, 'g');
// Old-style declarations: {\em x}, {\bf x}.
const FORMAT_DECLARATION = /\{\\(?:em|bf|it|sl|tt|sc|rm|sf|small|footnotesize|large)\s+([^{}]*)\}/g;

const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030c',
  u: '\u0306',
  H: '\u030b',
};

// Escaped braces are content ("$\{0,1\}^n$"), not grouping: they are parked as private-use
// characters while braces are stripped, and put back at the very end.
const LBRACE = '\uE000';
const RBRACE = '\uE001';

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

/** Symbols that stand for a thing: "\nabla f" is ∇f, the space only ended the command name. */
const LETTER_SYMBOLS: Record<string, string> = { ...GREEK, nabla: '∇', partial: '∂', ell: 'ℓ' };

/** Other symbols: spacing around them is kept as written. */
const OTHER_SYMBOLS: Record<string, string> = {
  infty: '∞', prime: '′', top: '⊤', emptyset: '∅', star: '⋆', ldots: '…', dots: '…', cdots: '⋯',
  langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', sum: '∑', prod: '∏',
  forall: '∀', exists: '∃',
};

/** Operators and relations, spacing kept as written ("x \times y" -> "x × y"). */
const OPERATOR_SYMBOLS: Record<string, string> = {
  times: '×', approx: '≈', leq: '≤', le: '≤', geq: '≥', ge: '≥', pm: '±', mp: '∓', cdot: '·', to: '→',
  rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔', mapsto: '↦',
  neq: '≠', ne: '≠', sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', ll: '≪', gg: '≫', in: '∈',
  notin: '∉', subset: '⊂', subseteq: '⊆', supset: '⊃', cup: '∪', cap: '∩', circ: '∘', otimes: '⊗',
  oplus: '⊕', odot: '⊙', setminus: '∖', mid: '|', vert: '|', lvert: '|', rvert: '|', Vert: '‖',
  lVert: '‖', rVert: '‖', div: '÷', ast: '∗',
};

const SYMBOLS: Record<string, string> = { ...LETTER_SYMBOLS, ...OTHER_SYMBOLS, ...OPERATOR_SYMBOLS };

// Commands that only size, space or decorate what follows: dropped, their argument kept.
const DECORATIONS = `left|right|bigl|bigr|bigm|big|Bigl|Bigr|Bigm|Big|biggl|biggr|bigg|Biggl|Biggr|Bigg|hat|widehat|tilde|widetilde|bar|overline|vec|dot|ddot|boldsymbol|bm|displaystyle|textstyle|mathscr|mathfrak|${FORMAT_COMMANDS}`;
const DECORATION = new RegExp(String.raw`\\(?:${DECORATIONS})(?![a-zA-Z])\s*`, 'g');

function replaceUntilStable(text: string, pattern: RegExp, replacement: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(pattern, replacement);
  } while (current !== previous);
  return current;
}

function stripFormatting(text: string): string {
  // Nested commands (\textbf{\emph{x}}) unwrap from the inside out.
  const once = replaceUntilStable(text, FORMAT_COMMAND, '$1');
  return replaceUntilStable(once, FORMAT_DECLARATION, '$1');
}

/** After ^, _ or in a fraction, "t+1" needs parentheses once its braces are gone; "n" and "10" do not. */
function group(body: string): string {
  const inner = body.trim();
  return /^(?:-?[\p{L}\p{N}.′⊤∗√]*|\([^()]*\))$/u.test(inner) ? inner : `(${inner})`;
}

/** Innermost {...} groups first, so nested groups come out whole. */
const INNER_GROUP = String.raw`\{([^{}]*)\}`;
const FRACTION = new RegExp(String.raw`\\[dt]?frac\s*${INNER_GROUP}\s*${INNER_GROUP}`);
const ROOT = new RegExp(String.raw`\\sqrt\s*(?:\[[^\]]*\])?\s*${INNER_GROUP}`);
/** Commands rendered from their arguments once those are plain text. */
const STRUCTURAL = new Set(['frac', 'dfrac', 'tfrac', 'sqrt']);
const SCRIPT = new RegExp(String.raw`([\^_])\s*${INNER_GROUP}`);

function replaceInnermost(text: string, pattern: RegExp, render: (match: RegExpExecArray) => string): string {
  let current = text;
  for (let match = pattern.exec(current); match; match = pattern.exec(current)) {
    current = current.slice(0, match.index) + render(match) + current.slice(match.index + match[0].length);
  }
  return current;
}

/**
 * One math body as plain text: $K$ -> K, $\|\nabla f\|$ -> ‖∇f‖, $\{0,1\}^n$ -> {0,1}^n,
 * $x_{t+1}$ -> x_(t+1). ^ and _ stay as text. Unknown commands lose only their backslash.
 */
function mathToText(body: string): string {
  let text = stripFormatting(body);
  text = text.replace(/\\(?:left|right)\.\s*/g, '').replace(DECORATION, '');
  text = text.replace(/\\\|/g, '‖');
  text = text.replace(/\\([a-zA-Z]+)( ?)/g, (match: string, name: string, space: string, offset: number, whole: string) => {
    const symbol = SYMBOLS[name];
    if (symbol === undefined) return STRUCTURAL.has(name) ? match : name + space;
    const swallow = LETTER_SYMBOLS[name] !== undefined && /[\p{L}\p{N}(]/u.test(whole.charAt(offset + match.length));
    return symbol + (swallow ? '' : space);
  });
  text = text.replace(/\\!/g, '').replace(/\\[,;: ]/g, ' ').replace(/\\\\/g, ' ').replace(/\\([#%&_$])/g, '$1');
  // Fractions, roots and ^/_ groups nest inside each other: render innermost first until none is left.
  let previous: string;
  do {
    previous = text;
    text = replaceInnermost(text, FRACTION, (m) => `${group(m[1] ?? '')}/${group(m[2] ?? '')}`);
    text = replaceInnermost(text, ROOT, (m) => `√${group(m[1] ?? '')}`);
    text = replaceInnermost(text, SCRIPT, (m) => `${m[1] ?? ''}${group(m[2] ?? '')}`);
  } while (text !== previous);
  return text.replace(/\\sqrt(?![a-zA-Z])\s*/g, '√').replace(/\\/g, '').replace(/[{}]/g, '');
}

/** $$x+y$$, then $K$, $\textit{Can}$, $\alpha$ -> plain text. */
function unwrapMath(text: string): string {
  const display = text.replace(/(?<!\\)\$\$([^$]{1,400}?)\$\$/g, (_match, body: string) => ` ${mathToText(body).trim()} `);
  // LaTeX math never starts or ends with a space; prices like "$5 and $10" do, so they survive.
  // A body may cross a line break (exports wrap abstracts), but not a blank line.
  return display.replace(/(?<!\\)\$(?!\s)((?:[^$\n]|\n(?!\s*\n)){1,120}?)(?<![\s\\])\$/g, (_match, body: string) => mathToText(body));
}

/** Symbol macros outside math ("a 2.5\times speed-up" -> "a 2.5× speed-up"), spacing as written. */
function replaceStandaloneSymbols(text: string): string {
  return text.replace(/\\([a-zA-Z]+)(?![a-zA-Z])/g, (match, name: string) => SYMBOLS[name] ?? match);
}

/** \url{u} -> u, \href{u}{text} -> text. Code links were already taken from the raw text. */
function unwrapLinks(text: string): string {
  return text
    .replace(/\\url\s*\{([^{}\s]*)\}/g, '$1')
    .replace(/\\href\s*\{[^{}]*\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g, '$1');
}

/** Citations and cross-references have no plain-text form: they go, with the tie or space before them. */
function dropReferences(text: string): string {
  return text.replace(/[~\s]*\\(?:cite[a-zA-Z]*|[cC]?ref|eqref|autoref|pageref|nameref)\*?(?:\s*\[[^\]]*\])*\s*\{[^{}]*\}/g, '');
}

function applyAccents(text: string): string {
  return text
    .replace(/\\(["'`^~=.])\{?([a-zA-Z])\}?/g, (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''))
    .replace(/\\([cvuH])\{([a-zA-Z])\}/g, (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''))
    .normalize('NFC');
}

function texQuotes(text: string): string {
  return text
    .replace(/``/g, '"')
    .replace(/''/g, '"')
    .replace(/`([^`'\n]{1,80})'/g, "'$1'");
}

/** Drops braces that have no partner: leftovers once a LaTeX command around them is gone. */
function dropUnbalancedBraces(text: string): string {
  if (!text.includes('{') && !text.includes('}')) return text; // most abstracts: nothing to walk
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}') {
      if (open.length > 0) open.pop();
      else drop.add(i);
    }
  }
  for (const i of open) drop.add(i);
  if (drop.size === 0) return text;
  return [...text].filter((_c, i) => !drop.has(i)).join('');
}

/** Plain-text version of a LaTeX-flavoured title or abstract. */
export function cleanText(raw: string): string {
  // Terminal escapes and control characters never survive into stored text (see src/safe-text.ts).
  let text = stripControls(raw);
  // Each step runs only when the character it rewrites is there (most abstracts have no LaTeX at all):
  // a step cannot match without it, and no step adds a character a later guard looks for. Imports
  // clean every title and abstract, and these regexes were a tenth of an import's time.
  // The capture turned "scratch\u2013even" into "scratchx2013even": an unambiguous dash.
  if (text.includes('x201')) text = text.replace(/(?<=[a-z])x2013(?=[a-z])/g, '\u2013').replace(/(?<=[a-z])x2014(?=[a-z])/g, '\u2014');
  if (text.includes('\\')) {
    text = text.replace(/\\\{/g, LBRACE).replace(/\\\}/g, RBRACE);
    text = unwrapLinks(text);
    text = dropReferences(text);
  }
  if (text.includes('$')) text = unwrapMath(text);
  if (text.includes('\\')) {
    text = stripFormatting(text);
    text = replaceStandaloneSymbols(text);
    text = applyAccents(text);
    text = text.replace(/\\([%&#_$])/g, '$1');
  }
  if (text.includes('`') || text.includes("''")) text = texQuotes(text);
  // TeX's non-breaking space "(1)~token"; a spaced "z ~ 0.0" and URL paths are left as they are.
  if (text.includes('~')) text = text.replace(/(?<=[\w).,;:])~(?=[\w(])/g, ' ');
  if (text.includes('**')) text = text.replace(/\*\*([^*\n]+)\*\*/g, '$1');
  text = dropUnbalancedBraces(text);
  text = text.replaceAll(LBRACE, '{').replaceAll(RBRACE, '}');
  return collapseSpaces(text);
}
