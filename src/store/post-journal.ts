// The state machine every scheduled-post journal shares (daily picks, weekly digest): a post row per
// server and local date moves 'sending' -> 'sent' | 'failed', and a claim names the process sending it.
// Only the table differs, so the statements are written once here.
import type { Db } from './db.js';

export type PostJournalTable = 'daily_posts' | 'weekly_posts';

export function postJournalStatements(db: Db, table: PostJournalTable) {
  const where = 'WHERE guild_id = ? AND local_date = ?';
  return {
    resume: db.prepare(`UPDATE ${table} SET state = 'sending', claimed_by = ?, error = NULL ${where}`),
    finish: db.prepare(`UPDATE ${table} SET state = 'sent', claimed_by = NULL, error = NULL, sent_at = ? ${where}`),
    fail: db.prepare(`UPDATE ${table} SET state = 'failed', claimed_by = NULL, error = ? ${where}`),
    release: db.prepare(`UPDATE ${table} SET claimed_by = NULL ${where} AND state = 'sending'`),
    unfinished: db.prepare(`SELECT * FROM ${table} WHERE state = 'sending' ORDER BY local_date, guild_id`),
    lastSent: db.prepare(`SELECT * FROM ${table} WHERE guild_id = ? AND state = 'sent' ORDER BY local_date DESC LIMIT 1`),
  };
}
