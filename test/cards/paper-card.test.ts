import {
  ButtonStyle,
  ComponentType,
  type APIButtonComponent,
  type APIButtonComponentWithSKUId,
  type APIButtonComponentWithURL,
  type APIEmbed,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { ABSTRACT_MAX, authorsText, paperCard, TLDR_MAX } from '../../src/cards/paper-card.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { isEphemeral, type ReplyPayload } from '../../src/reply.js';
import { fixtureCorpus, makePaper, realCorpus } from '../support/context.js';

type LabelledButton = Exclude<APIButtonComponent, APIButtonComponentWithSKUId>;
const buttons = (p: ReplyPayload): LabelledButton[] =>
  (p.components ?? []).flatMap((r) => r.components).filter((c): c is LabelledButton => c.type === ComponentType.Button && c.style !== ButtonStyle.Premium);
const linkButtons = (p: ReplyPayload) => buttons(p).filter((b): b is APIButtonComponentWithURL => b.style === ButtonStyle.Link);
const embed = (p: ReplyPayload): APIEmbed => p.embeds![0]!;
const field = (p: ReplyPayload, name: string) => embed(p).fields?.find((f) => f.name === name)?.value;

const topics = fixtureCorpus([makePaper({ id: 'seed', topics: ['optimizers'] })]);

describe('paper cards for the whole corpus', () => {
  const { corpus } = realCorpus();

  it('the corpus is not empty (otherwise the checks below prove nothing)', () => {
    expect(corpus.papers.length).toBeGreaterThan(50);
  });

  it('every paper, private, shared and public, fits every Discord limit and pings no one', () => {
    for (const paper of corpus.papers) {
      for (const opts of [{ ephemeral: true }, { sharedBy: { id: '42', name: 'Ada' } }, {}]) {
        const card = paperCard(paper, corpus, opts);
        expect(payloadLimitViolations(card), paper.id).toEqual([]);
        expect(card.allowed_mentions).toEqual({ parse: [] });
      }
    }
  });

  it('every paper links to its own page and has a Code or an honest Search GitHub button', () => {
    for (const paper of corpus.papers) {
      const labels = linkButtons(paperCard(paper, corpus)).map((b) => b.label);
      expect(labels.some((l) => l === 'Paper (arXiv)' || l === 'Find on arXiv'), paper.id).toBe(true);
      expect(labels.some((l) => l?.startsWith('Code (')), paper.id).toBe(paper.codeLinks.length > 0);
      expect(labels.includes('Search GitHub'), paper.id).toBe(paper.codeLinks.length === 0);
    }
  });

  it('abstracts are trimmed to a readable length, at a sentence end where possible', () => {
    for (const paper of corpus.papers) expect(embed(paperCard(paper, corpus)).description!.length).toBeLessThanOrEqual(ABSTRACT_MAX);
    const long = corpus.papers.find((p) => p.abstract.length > ABSTRACT_MAX * 1.2);
    expect(long).toBeDefined();
    expect(embed(paperCard(long!, corpus)).description).toMatch(/[.!?] …$/);
  });
});

describe('code links', () => {
  it('a paper without code gets a labelled GitHub search for its title, never a made-up repository', () => {
    const card = paperCard(makePaper({ id: 'no-code', title: 'Sharpness Aware Minimization' }), topics);
    const links = linkButtons(card);
    expect(links.some((b) => b.label?.startsWith('Code'))).toBe(false);
    const search = links.find((b) => b.label === 'Search GitHub');
    expect(search?.url).toBe('https://github.com/search?q=Sharpness%20Aware%20Minimization&type=repositories');
    expect(field(card, 'Code')).toBe('None listed');
  });

  it.each([
    ['github', 'https://github.com/owner/repo', 'Code (GitHub)', 'github.com/owner/repo'],
    ['hf-space', 'https://huggingface.co/spaces/owner/demo', 'Code (HF Space)', 'huggingface.co/spaces/owner/demo'],
    ['other', 'https://gitlab.com/group/project', 'Code (gitlab.com)', 'gitlab.com/group/project'],
    ['other', 'https://huggingface.co/owner/model', 'Code (HF model)', 'huggingface.co/owner/model'],
  ] as const)('a %s link gets a button saying where the code is', (kind, url, label, text) => {
    const card = paperCard(makePaper({ id: 'coded', codeLinks: [{ kind, url }] }), topics);
    const code = linkButtons(card).find((b) => b.label === label);
    expect(code?.url).toBe(url);
    expect(linkButtons(card).map((b) => b.label)).not.toContain('Search GitHub');
    expect(field(card, 'Code')).toContain(`[${text}](${url})`);
  });

  it('GitHub stars show beside the repository, and the GitHub link wins the button over others', () => {
    const paper = makePaper({
      id: 'starred',
      githubStars: 1234,
      codeLinks: [
        { kind: 'other', url: 'https://example.org/project' },
        { kind: 'github', url: 'https://github.com/a/b' },
      ],
    });
    const card = paperCard(paper, topics);
    expect(field(card, 'Code')).toContain('[github.com/a/b](https://github.com/a/b) ★ 1.2k');
    expect(linkButtons(card)[0]).toMatchObject({ label: 'Code (GitHub)', url: 'https://github.com/a/b' });
  });
});

describe('paper links', () => {
  it('links the title to the arXiv abstract when the id is known, with Hugging Face for HF-listed papers', () => {
    const card = paperCard(makePaper({ id: '2310.06825', arxivId: '2310.06825', upvotes: 12 }), topics);
    expect(embed(card).url).toBe('https://arxiv.org/abs/2310.06825');
    expect(linkButtons(card).map((b) => [b.label, b.url])).toContainEqual(['Hugging Face', 'https://huggingface.co/papers/2310.06825']);
  });

  it('a paper HF listed (listing day, no upvotes yet) links to its HF page; a project page gets a button and a field', () => {
    const card = paperCard(makePaper({ id: '2601.00001', arxivId: '2601.00001', listedAt: '2026-01-02', projectPage: 'https://lab.github.io/proj' }), topics);
    expect(linkButtons(card).map((b) => [b.label, b.url])).toEqual([
      ['Search GitHub', expect.stringContaining('https://github.com/search?q=') as unknown as string],
      ['Paper (arXiv)', 'https://arxiv.org/abs/2601.00001'],
      ['Hugging Face', 'https://huggingface.co/papers/2601.00001'],
      ['Project page', 'https://lab.github.io/proj'],
    ]);
    expect(field(card, 'Project page')).toBe('[lab.github.io/proj](https://lab.github.io/proj)');
  });

  it('falls back to an arXiv title search, never a guessed URL', () => {
    const card = paperCard(makePaper({ id: 'x', title: 'Grokking (Revisited)' }), topics);
    expect(embed(card).url).toBe('https://arxiv.org/search/?query=Grokking%20%28Revisited%29&searchtype=title');
    expect(linkButtons(card).map((b) => b.label)).toEqual(['Search GitHub', 'Find on arXiv']);
  });
});

describe('fields', () => {
  it('shows topic names, organisation, date and upvotes, and the id in the footer', () => {
    const card = paperCard(makePaper({ id: 'f', organization: 'NewMind AI', publishedAt: '2023-10-09', upvotes: 7 }), topics);
    expect(field(card, 'Topics')).toBe('Optimizers');
    expect(field(card, 'Organisation')).toBe('NewMind AI');
    expect(field(card, 'Published')).toBe('9 Oct 2023');
    expect(field(card, 'Upvotes')).toBe('▲ 7 on Hugging Face');
    expect(embed(card).footer?.text).toContain('Paper id: f');
  });

  it("shows HF's AI summary as a TL;DR, labelled as Hugging Face's, first and trimmed to a few sentences", () => {
    const summary = 'SPAM resets momentum after gradient spikes to stabilise LLM training. '.repeat(12).trim();
    const card = paperCard(makePaper({ id: 't', aiSummary: summary }), topics);
    const first = embed(card).fields?.[0];
    expect(first?.name).toBe("TL;DR · Hugging Face's AI summary");
    expect(first?.value.length).toBeLessThanOrEqual(TLDR_MAX);
    expect(first?.value).toMatch(/^SPAM resets momentum .*\. …$/);
    expect(embed(paperCard(makePaper({ id: 'u' }), topics)).fields?.map((f) => f.name)).not.toContain("TL;DR · Hugging Face's AI summary");
  });

  it('authors: a few names and how many more, or just the count when that is all we know', () => {
    expect(authorsText(makePaper({ id: 'a', authors: ['A', 'B', 'C', 'D', 'E', 'F'] }))).toBe('A, B, C, D and 2 more');
    expect(authorsText(makePaper({ id: 'b', authors: ['A', 'B'] }))).toBe('A, B');
    expect(authorsText(makePaper({ id: 'c', authorCount: 9 }))).toBe('9 authors');
    expect(authorsText(makePaper({ id: 'd' }))).toBeUndefined();
  });
});

describe('untrusted text', () => {
  it('escapes markdown in titles and abstracts so the card renders as written', () => {
    const card = paperCard(makePaper({ id: 'md', title: 'L_2 *and* `code` || spoiler', abstract: '> not a quote\n**bold**' }), topics);
    expect(embed(card).title).toBe('L\\_2 \\*and\\* \\`code\\` \\|\\| spoiler');
    expect(embed(card).description).toBe('\\> not a quote\n\\*\\*bold\\*\\*');
  });

  it('a title or organisation that tries to mention everyone or a role cannot ping or render as a mention', () => {
    const card = paperCard(makePaper({ id: 'ping', title: '@everyone <@&123> look', organization: '@here <@456>' }), topics);
    const text = JSON.stringify(card.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@&123>|<@456>/);
    expect(card.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('sharing', () => {
  const paper = makePaper({ id: 'share-me' });

  it('a private card has a Share button carrying the paper id', () => {
    const card = paperCard(paper, topics, { ephemeral: true });
    expect(isEphemeral(card)).toBe(true);
    const share = buttons(card).find((b) => b.label === 'Share');
    expect(share && 'custom_id' in share ? decodeCustomId(share.custom_id) : null).toEqual({ action: 'share', paperId: 'share-me' });
  });

  it('the shared copy is public, names who shared it without pinging them, and has no Share button', () => {
    const card = paperCard(paper, topics, { sharedBy: { id: '123456789012345678', name: '@everyone *Ada*' } });
    expect(isEphemeral(card)).toBe(false);
    expect(card.content).toMatch(/^Shared by <@123456789012345678> \(/);
    expect(card.content).not.toContain('@everyone');
    expect(card.content).toContain('\\*Ada\\*');
    expect(card.allowed_mentions).toEqual({ parse: [] });
    expect(buttons(card).map((b) => b.label)).not.toContain('Share');
  });

  it('a public card from a command needs no Share button either', () => {
    expect(buttons(paperCard(paper, topics)).map((b) => b.label)).not.toContain('Share');
  });
});
