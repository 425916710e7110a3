// What the rest of the app (the Context, /watch) sees of watches: the service's interface and its
// data, apart from the implementation, so naming the service does not pull in SQLite or discord.js.

/** A saved search that posts the new papers matching it after each sync. */
export interface Watch {
  id: number;
  /** 'channel': posted in a server channel (Manage Server to create); 'dm': sent to its maker by DM. */
  kind: 'channel' | 'dm';
  /** The server it was made in; null for a DM watch made outside a server. */
  guildId: string | null;
  /** Where a channel watch posts; null for DM watches. */
  channelId: string | null;
  /** Who made it (and, for a DM watch, who receives it). */
  userId: string;
  /** Anything /search accepts, as typed. */
  query: string;
  enabled: boolean;
  /** Why it was switched off (the channel is gone, the bot may not post there...); null while enabled. */
  disabledReason: string | null;
  createdAt: Date;
  lastSentAt: Date | null;
}

/**
 * Documented limits (README "Watches"). Every watch is matched against each sync's new papers inside
 * one transaction, so their number bounds the work a sync adds; these keep it small per server and
 * per person while leaving room for a lab's handful of topics.
 */
export const WATCH_LIMITS = {
  /** Channel watches per server. */
  perServer: 25,
  /** DM watches per person. */
  perUser: 10,
  /** Query length: the same cap as /search. */
  queryLength: 100,
  /** Papers remembered per delivery (the "and k more" list pages through these). */
  papersPerDelivery: 100,
} as const;

export interface NewWatch {
  kind: Watch['kind'];
  guildId: string | null;
  channelId: string | null;
  userId: string;
  query: string;
}

/** The papers one delivery carried, in rank order (for the "and k more" button). */
export interface DeliveryBatch {
  watch: Watch;
  revision: number;
  paperIds: string[];
}

export interface WatchService {
  /**
   * Bot mode: the channel must be one the bot can see in this server (UserError saying what to grant).
   * Whether it may post there shows at the first delivery, which switches the watch off if not.
   * Without a Discord connection (the console) nothing is checked.
   */
  checkChannel(guildId: string, channelId: string): Promise<void>;
  /** Validates (UserError on a bad query, a duplicate or a full quota) and saves. */
  add(input: NewWatch): Watch;
  /** Watches a person can see and remove here: the server's channel watches (if `includeServer`) and their own DM watches. */
  list(scope: { guildId: string | null; userId: string; includeServer: boolean }): Watch[];
  get(id: number): Watch | null;
  /** Deletes it; false when there was none. */
  remove(id: number): boolean;
  /** One delivery's papers; null when it is unknown (or its watch was removed). */
  batch(watchId: number, revision: number): DeliveryBatch | null;
  /** Whether deliveries go out (bot mode, after start); the console only stores watches. */
  readonly delivering: boolean;
}
