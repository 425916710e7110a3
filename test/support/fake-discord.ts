// Protocol-faithful fake of Discord (REST v10 + Gateway) for end-to-end tests; see fake-discord/index.ts.
export * from './fake-discord/index.js';
