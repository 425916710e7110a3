import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/corpus/text.js';

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

  it('strips backslashes from math commands the way the captures already spell them', () => {
    expect(cleanText('a rate of $\\alpha$')).toBe('a rate of alpha');
  });
});
