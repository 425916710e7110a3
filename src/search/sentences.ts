// Sentence splitting for abstracts. A full stop ends a sentence unless it belongs to an
// abbreviation ("e.g.", "i.e.", "et al.", "vs.") or an initial; decimals ("3.5") never qualify
// because no space follows their dot. Listing captures sometimes lose the space after a full stop
// ("layers.We establish"), so a lowercase word glued to a capitalised one is a boundary too.

const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'al', 'etc', 'vs', 'cf', 'fig', 'figs', 'eq', 'eqs', 'approx', 'resp', 'no', 'dr', 'mr', 'ms', 'prof',
  'sec', 'ref', 'refs', 'viz', 'incl', 'wrt', 'ca', 'e.g', 'i.e', 'w.r.t', 'a.k.a', 'u.s',
]);

// A run of terminators (plus closing quotes/brackets) and whitespace before something that can
// start a sentence, or a full stop glued between a lowercase word and a capitalised word.
const BOUNDARY = /[.!?]+["')\]]*\s+(?=["'([]?[A-Z0-9])|(?<=[a-z]{2}|\))\.(?=[A-Z][a-z])/g;

function endsWithAbbreviation(before: string): boolean {
  const m = /(^|[^A-Za-z.])([A-Za-z][A-Za-z.]*)\.$/.exec(before);
  const word = m?.[2];
  if (!word) return false;
  // An initial ("J. Smith") stands alone; "R&D." or "Q-A." end a sentence.
  if (/^[A-Z]$/.test(word)) return m[1] === '' || /\s/.test(m[1] ?? '');
  return ABBREVIATIONS.has(word.toLowerCase());
}

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const dot = match.index + (match[0].match(/^[.!?]+/)?.[0].length ?? 0);
    if (match[0].startsWith('.') && endsWithAbbreviation(text.slice(start, dot))) continue;
    const end = match.index + match[0].length;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
