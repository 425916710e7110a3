// Small readers for reply payloads, shared by the command specs.
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIStringSelectComponent } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildRegistry } from '../../src/dispatch.js';
import { isEphemeral, type Reply, type ReplyPayload } from '../../src/reply.js';

export const registry = buildRegistry(commands);

export function actionButtons(p: ReplyPayload): APIButtonComponentWithCustomId[] {
  return (p.components ?? [])
    .flatMap((r) => r.components)
    .filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && c.style !== ButtonStyle.Link && 'custom_id' in c);
}

export function button(p: ReplyPayload, label: string | RegExp): APIButtonComponentWithCustomId {
  const found = actionButtons(p).find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label ?? '')));
  if (!found) throw new Error(`no button ${String(label)} in ${JSON.stringify(actionButtons(p).map((b) => b.label))}`);
  return found;
}

export function openMenu(p: ReplyPayload): APIStringSelectComponent {
  const menu = (p.components ?? []).flatMap((r) => r.components).find((c): c is APIStringSelectComponent => c.type === ComponentType.StringSelect);
  if (!menu) throw new Error('no select menu');
  return menu;
}

/** The friendly, private error the dispatcher shows for a UserError. */
export function expectFriendlyError(reply: Reply, message: RegExp): void {
  expect(reply.kind).toBe('message');
  expect(isEphemeral(reply.payload)).toBe(true);
  expect(reply.payload.content).toMatch(/^⚠️ /);
  expect(reply.payload.content).toMatch(message);
}

export const description = (p: ReplyPayload): string => p.embeds?.[0]?.description ?? '';
export const footer = (p: ReplyPayload): string => p.embeds?.[0]?.footer?.text ?? '';
