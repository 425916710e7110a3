// Row fields every scheduled-post settings table shares (daily picks, weekly digest): when, where in
// time, how many, which topic, and whether it is switched off and why. Each table extends them.
import { z } from 'zod';

export const SCHEDULE_ROW_FIELDS = {
  guild_id: z.string().min(1),
  channel_id: z.string().min(1),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string().min(1),
  count: z.number().int().min(1).max(10),
  topic: z.string().nullable(),
  enabled: z.union([z.literal(0), z.literal(1)]),
  disabled_reason: z.string().nullable(),
  updated_at: z.string(),
};
