// Protocol-faithful fake of Discord (REST v10 + Gateway) for end-to-end tests with the real discord.js Client.
//
//   const fake = await startFakeDiscord({ heartbeatIntervalMs: 1_000 });
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
//   await client.login(fake.token);                 // gateway URL comes from GET /gateway/bot
//   const h = fake.interact.command({ name: 'paper', subcommand: 'search', options: { query: 'rlhf' } });
//   const cb = await h.callback();                  // { type, data } exactly as sent
//   await h.waitFor(3);                             // callback + edits/follow-ups, in order
//   fake.messages(fake.channelId());                // what is visible in #general
//   ...; await client.destroy(); await fake.close();
//
// Modules live in ./fake-discord/ (index, gateway, rest, routes, interaction-routes, interactions, state, …).
export * from './fake-discord/index.js';
