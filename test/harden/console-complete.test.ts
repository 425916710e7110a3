// Defect 8: in the console, Tab after `topic:op` completes the topics whose slug or name starts with
// "op", rather than listing every topic whose description mentions it (which never completes).
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createSession } from '../../src/console/session.js';
import { buildRegistry } from '../../src/dispatch.js';
import { testContext } from '../support/context.js';

const ctx = testContext();
const session = createSession(ctx, buildRegistry(commands), { width: () => 80, color: false });

describe('Tab after an autocompleted option value', () => {
  it('topic:op offers only topics starting with "op", so Tab completes it', () => {
    const wanted = ctx.corpus.topics.filter((t) => t.slug.startsWith('op') || t.name.toLowerCase().startsWith('op'));
    expect(wanted.length).toBeGreaterThan(0);
    for (const line of ['/search adam topic:op', '/random topic:op', '/topic topic:op']) {
      const c = session.complete(line);
      expect(c.candidates.map((x) => x.value.trim()).sort(), line).toEqual(wanted.map((t) => `topic:${t.slug}`).sort());
    }
  });

  it('still falls back to loose matches when nothing starts with the typed text', () => {
    const c = session.complete('/search adam topic:learning');
    expect(c.candidates.length).toBeGreaterThan(0);
  });
});
