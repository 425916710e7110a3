// Titles and abstracts arrive with LaTeX residue from arXiv (inline math, \textit, escaped %,
// TeX quotes). Discord shows plain text, so we undo the markup while leaving ordinary prose,
// and capture artefacts we cannot reconstruct (e.g. "1000times" from a stripped \times), alone.

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

/** $K$ -> K, $\textit{Can}$ -> Can, $\alpha$ -> alpha (the captures already spell Greek that way). */
function unwrapInlineMath(text: string): string {
  // LaTeX math never starts or ends with a space; prices like "$5 and $10" do, so they survive.
  return text.replace(/(?<!\\)\$(?!\s)([^$\n]{1,80}?)(?<![\s\\])\$/g, (_match, body: string) =>
    stripFormatting(body)
      .replace(/\\([a-zA-Z]+)/g, '$1')
      .replace(/[{}]/g, ''),
  );
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

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain-text version of a LaTeX-flavoured title or abstract. */
export function cleanText(raw: string): string {
  let text = raw;
  // The capture turned "scratch\u2013even" into "scratchx2013even": an unambiguous dash.
  text = text.replace(/(?<=[a-z])x2013(?=[a-z])/g, '\u2013').replace(/(?<=[a-z])x2014(?=[a-z])/g, '\u2014');
  text = unwrapInlineMath(text);
  text = stripFormatting(text);
  text = applyAccents(text);
  text = text.replace(/\\([%&#_$])/g, '$1');
  text = texQuotes(text);
  // TeX's non-breaking space "(1)~token"; a spaced "z ~ 0.0" and URL paths are left as they are.
  text = text.replace(/(?<=[\w).,;:])~(?=[\w(])/g, ' ');
  text = text.replace(/\*\*([^*\n]+)\*\*/g, '$1');
  text = dropUnbalancedBraces(text);
  return collapseWhitespace(text);
}
