// Text analysis shared by indexing and querying: normalisation, tokenisation, stop words, stemming.
// Indexing and querying must analyse text identically, so everything here is pure and deterministic.
import { stemmer } from 'stemmer';

/** Bump when the analysis below changes in a way that changes index terms (the index file records it). */
export const ANALYZER_VERSION = 2;

// Classic English function words. Kept short on purpose: words such as "not", "new", "first" or
// "off" (off-policy, trade-off) carry meaning in paper titles and are left alone.
const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each either et al etc few for from
  further had has have having he her here hers herself him himself his i if in into is it its itself
  just me more most my myself nor of on once only or other our ours ourselves out over own same
  she should so some such than that the their theirs them themselves then there these they this those
  through thus to too under until up upon very via was we were what when where which while who whom
  whose why will with within would you your yours yourself eg ie vs cf`.split(/\s+/),
);

// Words that only frame a question ("which papers propose ...", "how does X work") and say nothing
// about its subject. Removed from queries only: abstracts use "propose"/"paper" in every other line.
const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `what which how why when where who whom whose does do did is are was were can could would should
  paper papers propose proposes proposed proposing article articles publication publications work works
  study studies research find show shows list tell explain describe anything something someone
  me please give any there some`.split(/\s+/),
);

// Porter conflates word families that mean different things in ML papers, and splits ones that
// mean the same thing. These pre-stem rules win over the stemmer; first match applies.
const STEM_OVERRIDES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^generaliz/, 'generaliz'], // generalization must not meet generation
  [/^generat/, 'generat'], // generate, generative, generation, generator
  [/^general$/, 'general'],
  [/^continual/, 'continual'], // continual learning is not "continuous"
  [/^spiking$/, 'spiking'], // spiking neural networks are not gradient spikes
  [/^sycophan/, 'sycophan'], // sycophancy ~ sycophantic
  [/^(stable|stably|stableness)$/, 'stabil'], // stable ~ stability ~ stabilize
  [/^(unstable|unstably|instability|instabilities)$/, 'instabil'],
];

/**
 * British spellings to American, so "stabilise" and "stabilize" share a stem. Limited to the
 * verb endings ML writing uses (normalise, stabilise, optimise, regularise, tokenise, analyse...):
 * a blanket -ise rule would split "supervised" from "supervision".
 */
function americanize(word: string): string {
  if (word.length < 6) return word;
  return word
    .replace(/isations?$/, (m) => m.replace('is', 'iz'))
    .replace(/(al|il|ar|im|er|or|gn|om|en|it|as|es)is(e|es|ed|ing|er|ers)$/, '$1iz$2')
    .replace(/lys(e|es|ed|ing|er|ers)$/, 'lyz$1');
}

const stemCache = new Map<string, string>();

/** Stem one lowercase word (no punctuation): overrides first, then Porter. */
export function stemWord(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const w = americanize(word);
  let stem: string | undefined;
  for (const [re, replacement] of STEM_OVERRIDES) {
    if (re.test(w)) {
      stem = replacement;
      break;
    }
  }
  // Porter is meant for words; leave tokens with digits ("gpt4", "3b") untouched.
  stem ??= /\d/.test(w) ? w : stemmer(w);
  if (stemCache.size < 50_000) stemCache.set(word, stem);
  return stem;
}

// Greek letters in ML names are symbols (μP, β-VAE, α-entmax, ε-greedy): they become their spelled
// names, so "μP", "muP" and "mu-p" meet. A longer Greek run is a Greek word and stays Greek.
const GREEK_NAMES: Readonly<Record<string, string>> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota',
  κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', ο: 'omicron', π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma',
  τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
};
const GREEK_SYMBOL_RE = /(?<![α-ω])[α-ω]{1,2}(?![α-ω])/g;

// Latin letters NFKD does not decompose: without this "Schrødinger" would lose its ø.
const LATIN_EXTRA: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th', ð: 'd' };
const LATIN_EXTRA_RE = /[ßøæœłđıþð]/g;

/**
 * Lowercase, strip diacritics (NFKD, so "µ" and "μ", "ﬁ" and "fi" agree), spell Greek symbols.
 * Hangul and other scripts whose letters NFKD splits into parts are put back together (NFC).
 */
export function normalizeText(text: string): string {
  const lower = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(lower)) return lower; // ASCII: the common case, nothing else to do
  return lower
    .normalize('NFC')
    .replace(LATIN_EXTRA_RE, (c) => LATIN_EXTRA[c] ?? c)
    .replace(GREEK_SYMBOL_RE, (run) => [...run].map((c) => GREEK_NAMES[c] ?? c).join(''));
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

export function isQuestionWord(word: string): boolean {
  return QUESTION_WORDS.has(word);
}

/**
 * One surface token. A compound like "gpt-4", "peri-ln" or "qwen2.5-7b" keeps its joined form
 * (`compound`) and is also split into parts, so "supervised" finds "self-supervised".
 */
export interface Token {
  /** Stemmed compound ("self-supervis"), only for hyphen/dot-joined tokens. */
  compound?: string;
  /** Stemmed content parts, stop words and single characters removed. */
  parts: string[];
}

// Letters/digits, joined by hyphens, or by dots when a digit follows ("3.5", "gpt-4.1") so that
// "e.g." or a missing space after a full stop ("layers.We") do not glue words together.
// Then two kinds of non-Latin text: runs of CJK characters (no spaces between words there, so they
// are indexed as overlapping character bigrams, the usual approach for CJK search), and words of
// any other script (Cyrillic, Greek words, Arabic...), kept whole and unstemmed.
const CJK = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}ー`;
const LATIN_TOKEN = String.raw`[a-z0-9]+(?:(?:-|\.(?=[0-9]))[a-z0-9]+)*`;
const TOKEN_RE = new RegExp(String.raw`${LATIN_TOKEN}|[${CJK}]+|(?:[^\P{L}\p{sc=Latin}${CJK}]\p{M}*)+`, 'gu');
const LATIN_START = /[a-z0-9]/;
const CJK_RE = new RegExp(`^[${CJK}]`, 'u');

/** Overlapping character bigrams of a CJK run ("语言模型" -> 语言, 言模, 模型); one character stays itself. */
function cjkTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** Words from a non-Latin match: CJK bigrams, or the whole word (single letters dropped like Latin ones). */
function otherScriptTokens(raw: string, out: Token[]): void {
  if (CJK_RE.test(raw)) {
    for (const term of cjkTerms(raw)) out.push({ parts: [term] });
  } else if ([...raw].length > 1) out.push({ parts: [raw] });
}

export interface TokenizeOptions {
  /** Also drop question/framing words (queries only). */
  query?: boolean;
}

// Runs for every word of every abstract at index time: plain loops, no per-word closures.
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const out: Token[] = [];
  const query = options.query === true;
  for (const match of normalizeText(text).matchAll(TOKEN_RE)) {
    const raw = match[0];
    if (!LATIN_START.test(raw[0] as string)) {
      otherScriptTokens(raw, out);
      continue;
    }
    if (!raw.includes('-') && !raw.includes('.')) {
      if (raw.length > 1 && !STOP_WORDS.has(raw) && !(query && QUESTION_WORDS.has(raw))) out.push({ parts: [stemWord(raw)] });
      continue;
    }
    const pieces = raw.split(/[-.]/);
    const parts: string[] = [];
    const stems: string[] = [];
    for (const piece of pieces) {
      const stem = stemWord(piece);
      stems.push(stem);
      if (piece.length > 1 && !STOP_WORDS.has(piece) && !(query && QUESTION_WORDS.has(piece))) parts.push(stem);
    }
    // A single letter is part of a name, not a word ("mu-p", "k-means", "t-SNE", "top-k"): such compounds
    // are written joined too ("muP", "kmeans", "tSNE"), so their term is the joined form.
    const joined = pieces.some((p) => p.length === 1 && p >= 'a' && p <= 'z');
    out.push({ compound: stems.join(joined ? '' : '-'), parts });
  }
  return out;
}

/** Stemmed content words in order (compounds split), the sequence used for phrases and proximity. */
export function stemSequence(text: string, options: TokenizeOptions = {}): string[] {
  return tokenize(text, options).flatMap((t) => t.parts);
}

/**
 * The shortest text that a search treats exactly like `query`: the words search ignores (stop and
 * question words) are dropped and the rest kept in order, so both give identical results. Search
 * pages carry this form in their 100-character custom_id, which lets people type longer questions.
 */
export function compactQuery(query: string): string {
  const kept: string[] = [];
  for (const match of normalizeText(query).matchAll(TOKEN_RE)) {
    if (tokenize(match[0], { query: true }).length > 0) kept.push(match[0]);
  }
  // A query that ends mid-word prefix-matches its last word; one ending in punctuation or a space does not.
  return /[a-z0-9]$/i.test(query) ? kept.join(' ') : `${kept.join(' ')}.`;
}
