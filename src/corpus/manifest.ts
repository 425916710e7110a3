// corpus/manifest.json: which raw captures make up the corpus and how to read each one. The
// manifest is the only place a format or a capture date is declared; parsers never guess them.
import { z } from 'zod';

export const SourceFormatSchema = z.enum(['listing-a', 'listing-b', 'hf-daily-json']);
export type SourceFormat = z.infer<typeof SourceFormatSchema>;

export const ManifestSourceSchema = z.object({
  /** Path relative to corpus/sources. */
  file: z
    .string()
    .min(1)
    .refine((f) => !f.startsWith('/') && !f.split('/').includes('..'), 'must be a path inside corpus/sources'),
  format: SourceFormatSchema,
  description: z.string().min(1),
  /** When the capture was taken: YYYY-MM-DD, or YYYY-MM when only the month is known. */
  capturedAt: z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM'),
  /** Year for dates the capture prints without one ("Sep 2"). */
  defaultYear: z.number().int().min(1990).max(2100).optional(),
  note: z.string().optional(),
});
export type ManifestSource = z.infer<typeof ManifestSourceSchema>;

export const ManifestSchema = z
  .object({
    version: z.literal(1),
    sources: z.array(ManifestSourceSchema),
  })
  .refine((m) => new Set(m.sources.map((s) => s.file)).size === m.sources.length, 'each source file may be listed once');
export type Manifest = z.infer<typeof ManifestSchema>;

/** Stable key order so a rewritten manifest diffs cleanly. */
export function serializeManifest(manifest: Manifest): string {
  const sources = manifest.sources.map((s) => ({
    file: s.file,
    format: s.format,
    description: s.description,
    capturedAt: s.capturedAt,
    ...(s.defaultYear !== undefined ? { defaultYear: s.defaultYear } : {}),
    ...(s.note !== undefined ? { note: s.note } : {}),
  }));
  return `${JSON.stringify({ version: manifest.version, sources }, null, 2)}\n`;
}
