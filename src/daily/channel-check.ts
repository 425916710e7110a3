// The channel check `/daily set` and `/weekly set` make before saving (bot mode): it must be a text or
// announcement channel of this server that the bot can see. Each failure says what to do about it.
import { ChannelType } from 'discord-api-types/v10';
import { UserError } from '../errors.js';
import { PostError, type ChannelPoster } from './post.js';

const POSTABLE_CHANNEL_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

export interface ChannelCheckWording {
  /** e.g. "/daily set". */
  command: string;
  /** e.g. "the daily picks". */
  feature: string;
  /** The permissions to grant, e.g. "View Channel, Send Messages and Embed Links". */
  permissions: string;
}

export async function checkPostableChannel(edge: ChannelPoster, guildId: string, channelId: string, w: ChannelCheckWording): Promise<void> {
  let info;
  try {
    info = await edge.getChannel(channelId);
  } catch (err) {
    if (err instanceof PostError && (err.kind === 'channel-gone' || err.kind === 'no-permission')) {
      throw new UserError(`I can't see that channel: give me ${w.permissions} there, then run \`${w.command}\` again.`);
    }
    if (err instanceof PostError) throw new UserError(`Discord did not answer when I checked <#${channelId}> (${err.message}); try again in a minute.`);
    throw err;
  }
  if (info.guildId !== guildId) throw new UserError('That channel is not in this server: pick one of this server’s text or announcement channels.');
  if (!POSTABLE_CHANNEL_TYPES.has(info.type)) throw new UserError(`<#${channelId}> is not a text or announcement channel: pick one of those for ${w.feature}.`);
}
