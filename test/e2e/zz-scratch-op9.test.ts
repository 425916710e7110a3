import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { it } from 'vitest';
import { startFakeDiscord } from '/work/main/test/support/fake-discord.js';

it('op9', async () => {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 300 });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
  const t0 = Date.now();
  client.on('debug', (m) => { if (!/Heartbeat/.test(m)) console.log(Date.now() - t0, m.slice(0, 300)); });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  await fake.dropGateway({ resumable: false });
  await fake.waitFor(() => fake.identifies.length === 2 || undefined, { timeoutMs: 20_000 });
  console.log('reidentified', Date.now() - t0);
  await fake.waitForGateway(20_000);
  console.log('live', Date.now() - t0);
  const d0 = Date.now();
  await client.destroy();
  console.log('destroyed', Date.now() - d0);
  await fake.close();
}, 60_000);
