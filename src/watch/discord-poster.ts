// The Discord edge of watches: the daily poster's send (same error classification) plus opening a
// DM channel with a watch's owner.
import type { REST } from 'discord.js';
import { Routes, type APIChannel } from 'discord-api-types/v10';
import { classifyDiscordError, createDiscordPoster } from '../daily/discord-poster.js';
import type { ChannelPoster } from '../daily/post.js';

export interface WatchPoster extends ChannelPoster {
  /** The DM channel with a user (Discord returns the existing one when there is one). */
  openDm(userId: string): Promise<string>;
}

export function createWatchPoster(rest: REST): WatchPoster {
  const channels = createDiscordPoster(rest);
  return {
    ...channels,
    async openDm(userId) {
      try {
        const ch = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
        return ch.id;
      } catch (err) {
        throw classifyDiscordError(err, `@${userId}`);
      }
    },
  };
}
