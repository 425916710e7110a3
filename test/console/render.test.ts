import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { renderPayload } from '../../src/console/render.js';
import { stripAnsi, visibleWidth } from '../../src/console/styled.js';
import { payload } from '../../src/reply.js';
import { ephemeralError, nextId, openId, resultCard } from './payloads.js';

const plain = (p = resultCard, width = 80) => renderPayload(p, { width, color: false });
const ANSI = /\x1b\[/; // eslint-disable-line no-control-regex

describe('rendering a reply in the terminal', () => {
  it('shows the content above the embed, and the embed beside a bar', () => {
    const { text } = plain();
    const lines = text.split('\n');
    expect(lines[0]).toBe('Results for gradient clipping');
    expect(lines).toContain('│ Paperboy search');
    expect(lines).toContain('│ Why Gradient Clipping Accelerates Training <https://arxiv.org/abs/1905.11881>');
  });

  it('keeps Discord markdown readable: no asterisks or escapes, links show their text as in Discord', () => {
    const { text } = plain();
    expect(text).toContain('We show that gradient clipping provably');
    expect(text).toContain('See the paper');
    expect(text).not.toContain('](https://arxiv.org/abs/1905.11881)');
    expect(text.replace(/\n│ /g, ' ')).toContain('*escaped* text with has_code and code.'); // across the wrap
    expect(text).not.toContain('**');
    expect(text).not.toContain('\\*');
  });

  it('wraps the description to the width', () => {
    for (const width of [40, 60, 80]) {
      for (const line of plain(resultCard, width).text.split('\n')) {
        if (!/https?:\/\//.test(line)) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('puts inline fields side by side when there is room, and stacks them when narrow', () => {
    const wide = plain(resultCard, 80).text.split('\n');
    expect(wide.find((l) => l.includes('Authors'))).toMatch(/^│ Authors\s+Published\s+Topics$/);
    expect(wide.find((l) => l.includes('2019-05-28'))).toMatch(/^│ Jingzhao Zhang, Tianxing\s+2019-05-28\s+Optimization$/);
    const narrow = plain(resultCard, 40).text.split('\n');
    expect(narrow.slice(narrow.indexOf('│ Authors'), narrow.indexOf('│ Authors') + 5)).toEqual([
      '│ Authors',
      '│ Jingzhao Zhang, Tianxing He',
      '│',
      '│ Published',
      '│ 2019-05-28',
    ]);
    expect(narrow).toContain('│ Abstract');
  });

  it('ends the embed with its footer and timestamp', () => {
    expect(plain().text).toContain('│ Page 1 of 3 • 2024-05-01 09:00 UTC');
  });

  it('numbers pressable buttons and menu options, shows link URLs, and leaves disabled buttons unnumbered', () => {
    const { text, actions } = plain();
    expect(text).toContain('[-] ◀ Prev  [1] Next ▶  [2] Code (GitHub) → https://github.com/example/clip');
    expect(text).toContain('Open a paper…\n[3] open: Why Gradient Clipping Accelerates Training — 2019 · Optimization\n[4] open: Adam: A Method for Stochastic Optimization');
    expect(actions).toEqual([
      { n: 1, kind: 'button', label: 'Next ▶', customId: nextId },
      { n: 2, kind: 'link', label: 'Code (GitHub)', url: 'https://github.com/example/clip' },
      { n: 3, kind: 'select', verb: 'open', label: 'Why Gradient Clipping Accelerates Training', customId: openId, value: '1905.11881' },
      { n: 4, kind: 'select', verb: 'open', label: 'Adam: A Method for Stochastic Optimization', customId: openId, value: '1412.6980' },
    ]);
  });

  it('marks ephemeral replies, on the same line when the reply is one line', () => {
    expect(plain(ephemeralError).text).toBe('⚠️ No paper matches "spam".  (only you can see this)');
    const card = renderPayload({ ...resultCard, flags: 64 }, { width: 80, color: false }).text;
    expect(card).toContain('\n\n(only you can see this)\n\n[-] ◀ Prev');
    expect(plain().text).not.toContain('only you can see this');
  });

  it('writes no ANSI codes with colours off, and the same text with them on', () => {
    expect(plain().text).not.toMatch(ANSI);
    const coloured = renderPayload(resultCard, { width: 80, color: true }).text;
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\x1b[38;2;88;101;242m▌'); // the bar in the embed's colour (#5865f2)
    expect(coloured).toContain('\x1b[1mgradient clipping\x1b[0m'); // **bold** is bold
    expect(stripAnsi(coloured).replaceAll('▌', '│')).toBe(plain().text);
  });

  it('renders headings, lists, quotes, code blocks, mentions and timestamps as text', () => {
    const md = ['# Today', '- first item', '> quoted', '```', 'let x = 1;', '```', 'Hi <@123> in <#456> at <t:0:R>'].join('\n');
    const { text } = plain(payload({ content: md }));
    expect(text.split('\n')).toEqual(['Today', '• first item', '> quoted', 'let x = 1;', 'Hi @user:123 in #channel:456 at 1970-01-01 00:00 UTC']);
  });

  it('has no actions when there are no components, and names menus it cannot show', () => {
    expect(plain(payload({ content: 'hi' })).actions).toEqual([]);
    const userMenu = payload({
      content: 'pick',
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.UserSelect, custom_id: 'u' }] }],
    });
    expect(plain(userMenu).text).toBe('pick\n\n(a menu the console cannot show)');
    const onlyDisabled = payload({
      content: 'x',
      components: [
        { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'a', label: 'Done', disabled: true }] },
      ],
    });
    expect(plain(onlyDisabled)).toEqual({ text: 'x\n\n[-] Done', actions: [] });
  });
});
