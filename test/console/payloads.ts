// Hand-made reply payloads covering what the cards use: embed parts, inline fields, link and
// disabled buttons, and the "open a paper" select menu.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { encodeCustomId } from '../../src/custom-id.js';
import { payload, type ReplyPayload } from '../../src/reply.js';

export const nextId = encodeCustomId({ action: 'search-page', page: 2, query: 'gradient clipping', filters: {} });
export const openId = encodeCustomId({ action: 'open' });

export const resultCard: ReplyPayload = payload({
  content: 'Results for **gradient clipping**',
  embeds: [
    {
      color: 0x5865f2,
      author: { name: 'Paperboy search' },
      title: 'Why Gradient Clipping Accelerates Training',
      url: 'https://arxiv.org/abs/1905.11881',
      description:
        'We show that **gradient clipping** provably accelerates gradient descent for non-smooth objectives. See [the paper](https://arxiv.org/abs/1905.11881) and \\*escaped\\* text with has_code and `code`.',
      fields: [
        { name: 'Authors', value: 'Jingzhao Zhang, Tianxing He', inline: true },
        { name: 'Published', value: '2019-05-28', inline: true },
        { name: 'Topics', value: 'Optimization', inline: true },
        { name: 'Abstract', value: 'A longer note that is not inline and so takes the whole width of the card.' },
      ],
      footer: { text: 'Page 1 of 3' },
      timestamp: '2024-05-01T09:00:00.000Z',
    },
  ],
  components: [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'prev', label: 'Prev', emoji: { name: '◀' }, disabled: true },
        { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: nextId, label: 'Next ▶' },
        { type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://github.com/example/clip', label: 'Code (GitHub)' },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: openId,
          placeholder: 'Open a paper…',
          options: [
            { label: 'Why Gradient Clipping Accelerates Training', value: '1905.11881', description: '2019 · Optimization' },
            { label: 'Adam: A Method for Stochastic Optimization', value: '1412.6980' },
          ],
        },
      ],
    },
  ],
});

export const ephemeralError: ReplyPayload = payload({ content: '⚠️ No paper matches "spam".' }, { ephemeral: true });
