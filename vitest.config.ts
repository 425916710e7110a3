import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e specs start real processes and sockets; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Processes the tests spawn (npm start, the CLI, shards) never schedule a sync against the real
    // Hugging Face; the sync tests start the loopback fake and say so explicitly.
    env: { SYNC_SCHEDULE: 'off' },
  },
});
