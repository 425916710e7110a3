import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/corpus/text.js';
import { mulberry32 } from '../../src/prng.js';
import { collapseSpaces } from '../../src/safe-text.js';

describe('cleanText: LaTeX residue becomes plain text', () => {
  it.each([
    ['inline math around a letter', 'Breaking the Top-$K$ Barrier', 'Breaking the Top-K Barrier'],
    ['math wrapping a formatting command', 'SAEs $\\textit{Can}$ Improve Unlearning', 'SAEs Can Improve Unlearning'],
    ['\\textit, \\textbf and \\emph', '\\textit{a} \\textbf{b} \\emph{c}', 'a b c'],
    ['nested commands', '\\textbf{\\emph{deep}} text', 'deep text'],
    ['old-style {\\em x} and {\\bf x}', 'the lens of {\\em dynamical stability} and {\\bf LeJEPA}', 'the lens of dynamical stability and LeJEPA'],
    ['TeX double quotes', "divergence and ``massive activations.''", 'divergence and "massive activations."'],
    ['doubled apostrophes used as quotes', "converges to its ''Edge of Stability'' (EoS)", 'converges to its "Edge of Stability" (EoS)'],
    ['a TeX single quote pair', "the recently proposed `SamAdams' framework", "the recently proposed 'SamAdams' framework"],
    ['escaped percent', 'LeJEPA reaches 79\\% with a ViT-H/14', 'LeJEPA reaches 79% with a ViT-H/14'],
    ['accents', 'the na\\"ive direction and Fr\\\'echet distance', 'the naïve direction and Fréchet distance'],
    ['non-breaking tilde', '(1)~token-level importance sampling', '(1) token-level importance sampling'],
    ['markdown bold', 'We propose **AdaGC**, an adaptive', 'We propose AdaGC, an adaptive'],
    ['a brace left over from stripped LaTeX', 'NLPO (Natural Language Policy Optimization)} that learns', 'NLPO (Natural Language Policy Optimization) that learns'],
    ['a capture-mangled en dash', 'trained from scratchx2013even for a large dataset', 'trained from scratch\u2013even for a large dataset'],
    ['runs of whitespace and line breaks', '  Layer\n  normalization\t placement  ', 'Layer normalization placement'],
  ])('%s', (_name, raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });

  it('leaves ordinary prose, numbers and URLs alone', () => {
    const prose = "AIME'24, AMC'23 and z ~ 0.0; see https://example.org/~user/code (v2) for 1.5B models.";
    expect(cleanText(prose)).toBe(prose);
  });

  it('does not treat dollar amounts as math', () => {
    expect(cleanText('It costs $5 and $10 per run.')).toBe('It costs $5 and $10 per run.');
  });

  it('keeps balanced braces that are content, such as sets', () => {
    expect(cleanText('labels in {0, 1}')).toBe('labels in {0, 1}');
  });

  it('drops the backslash of a math command it has no symbol for', () => {
    expect(cleanText('a $\\softmax$ output and $\\log n$ steps')).toBe('a softmax output and log n steps');
  });
});

describe('cleanText: links, citations and math in imported abstracts', () => {
  it.each([
    ['\\url keeps the URL', 'Code: \\url{https://github.com/a/b}.', 'Code: https://github.com/a/b.'],
    ['\\href keeps the link text', 'See \\href{https://github.com/a/b}{our repository} for details.', 'See our repository for details.'],
    ['\\href text may itself be formatted', 'at \\href{https://x.org/p}{\\texttt{x.org/p}}', 'at x.org/p'],
    ['\\cite with the tie before it', 'as prior work showed~\\cite{smith2020}.', 'as prior work showed.'],
    ['\\citep and \\citet with the space before them', 'Adam \\citep{kingma2015} and \\citet[p.~3]{b} agree', 'Adam and agree'],
    ['\\ref and \\eqref', 'see Table~\\ref{tab:main} and Eq. \\eqref{eq:loss}, which', 'see Table and Eq., which'],
    ['a norm of a gradient', 'we bound $\\|\\nabla f\\|$ by $G$', 'we bound ‖∇f‖ by G'],
    ['Greek letters', 'a rate of $\\alpha$ and $\\Theta(\\log n)$ steps', 'a rate of α and Θ(log n) steps'],
    ['operators keep the spacing as written', '$\\eta \\leq 0.1$, $\\epsilon \\approx 0$, $n \\to \\infty$, $a \\cdot b \\geq c$, $\\pm 1$', 'η ≤ 0.1, ε ≈ 0, n → ∞, a · b ≥ c, ± 1'],
    ['\\times, \\rightarrow and \\ell', 'a $4\\times$ speed-up, $p \\rightarrow q$ under $\\ell_1$', 'a 4× speed-up, p → q under ℓ_1'],
    ['a set in escaped braces with a superscript', 'strings in $\\{0,1\\}^n$', 'strings in {0,1}^n'],
    ['subscripts stay as text, grouped when needed', '$x_i$ and $x_{t+1}$ and $O(n^{2})$ and $10^{-3}$', 'x_i and x_(t+1) and O(n^2) and 10^-3'],
    ['sizing commands and fractions', '$\\left\\| W \\right\\|_F \\le \\frac{1}{\\sqrt{d}}$', '‖ W ‖_F ≤ 1/√d'],
    ['display math', 'we minimise $$x+y$$ subject to', 'we minimise x+y subject to'],
    ['math wrapped across a line break of the export', 'with $\\alpha\n+ \\beta$ fixed', 'with α + β fixed'],
    ['standalone symbol macros outside math', 'a 2.5\\times speed-up and \\alpha-divergence', 'a 2.5× speed-up and α-divergence'],
    ['escaped braces outside math', 'the set \\{a, b\\}', 'the set {a, b}'],
  ])('%s', (_name, raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });

  it('never turns ^ in math into an accent, while \\^{o} outside math still is one', () => {
    expect(cleanText('$\\{0,1\\}^n$ and $2^k$ and Jo\\^{o}')).toBe('{0,1}^n and 2^k and Joô');
  });

  it('leaves unknown commands outside math as they are', () => {
    expect(cleanText('the \\ours method')).toBe('the \\ours method');
  });
});

describe('collapseSpaces: one space between words, none at the ends', () => {
  it('gives what replacing every run of whitespace and trimming gives, on random mixes of whitespace and text', () => {
    const random = mulberry32(11);
    const pieces = ['a', 'word', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', 'é', '日本'];
    for (let n = 0; n < 20000; n++) {
      const text = Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(collapseSpaces(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('returns a text that is already single-spaced as it is', () => {
    expect(collapseSpaces('Tri Dao')).toBe('Tri Dao');
    expect(collapseSpaces(' Tri  Dao\n')).toBe('Tri Dao');
  });
});
