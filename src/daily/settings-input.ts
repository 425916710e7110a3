// Turning what an admin typed into valid settings. Every message names the accepted form, because the
// person reading it is mid-command and should not have to look anything up.
import { isValidTimeZone, type DailyDefaults } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import { UserError } from '../errors.js';
import { resolveTopic } from '../lookup.js';
import type { GuildSettings, SettingsInput } from '../store/guild-settings.js';
import { normalizeTime } from './schedule.js';

export const MAX_COUNT = 10;
export const DEFAULT_TIME = '09:00';
export const DEFAULT_COUNT = 3;

export interface DailySettingsInput {
  channelId: string;
  /** HH:MM, 24-hour. */
  time?: string;
  /** IANA name, e.g. Europe/Berlin. */
  timezone?: string;
  count?: number;
  /** Topic slug or name; null for the whole corpus; undefined keeps the current choice. */
  topic?: string | null;
}

export const TIME_HELP = 'Use 24-hour HH:MM, for example 09:00 or 18:30.';
export const TIMEZONE_HELP = 'Use an IANA time zone name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.';

/** "europe/berlin" -> "Europe/Berlin"; null when unknown. */
export function canonicalTimeZone(text: string): string | null {
  const tz = text.trim();
  if (!tz || !isValidTimeZone(tz)) return null;
  // Intl also accepts offsets like "+01:00"; croner needs a zone name, and names follow DST anyway.
  if (!/^[A-Za-z]/.test(tz)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

function topicOf(corpus: Corpus, text: string): string {
  const topic = resolveTopic(corpus, text); // one resolver for every command: names, any case, did-you-mean
  if (!corpus.papersByTopic.get(topic.slug)?.length) throw new UserError(`The topic "${topic.name}" has no papers yet; pick another.`);
  return topic.slug;
}

/** The current topic, checked again: a corpus rebuild may have removed it (or its papers) since it was chosen. */
function keptTopic(corpus: Corpus, slug: string | null): string | null {
  if (slug === null || corpus.papersByTopic.get(slug)?.length) return slug;
  const name = corpus.topicBySlug.get(slug)?.name;
  throw new UserError(
    `${name ? `The topic "${name}" has no papers any more` : `The topic "${slug}" no longer exists`}; choose another topic (or "all") with the topic option.`,
  );
}

/** Fills omitted options from the current settings, then from the defaults; throws UserError on bad input. */
export function resolveSettings(
  corpus: Corpus,
  defaults: DailyDefaults,
  current: Pick<GuildSettings, 'time' | 'timezone' | 'count' | 'topic'> | null,
  input: DailySettingsInput,
): SettingsInput {
  const time = input.time === undefined ? (current?.time ?? DEFAULT_TIME) : normalizeTime(input.time);
  if (!time) throw new UserError(`"${input.time}" is not a time. ${TIME_HELP}`);
  const timezone = input.timezone === undefined ? (current?.timezone ?? defaults.timezone) : canonicalTimeZone(input.timezone);
  if (!timezone) throw new UserError(`"${input.timezone}" is not a time zone I know. ${TIMEZONE_HELP}`);
  const count = input.count ?? current?.count ?? DEFAULT_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw new UserError(`The count must be a whole number from 1 to ${MAX_COUNT}.`);
  const topic = input.topic === undefined ? keptTopic(corpus, current?.topic ?? null) : input.topic === null ? null : topicOf(corpus, input.topic);
  if (!/^\d{17,20}$/.test(input.channelId)) throw new UserError('Pick a text or announcement channel for the daily picks.');
  return { channelId: input.channelId, time, timezone, count, topic };
}
