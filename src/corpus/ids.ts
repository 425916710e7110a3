// Stable, readable paper ids. arXiv ids win; otherwise a slug of the cleaned title.
import { createHash } from 'node:crypto';

const MAX_SLUG = 64;

/** Lowercase words of a title, accents stripped, in any script ("Über" -> "uber", "大语言模型" stays). */
function titleWords(title: string, asciiOnly: boolean): string[] {
  // ASCII is its own NFKD and NFC and has no combining marks: most titles skip the three passes.
  const plain = !/[\u0080-\uffff]/.test(title)
    ? title
    : title
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .normalize('NFC'); // Hangul syllables, split by NFKD, are put back together
  return plain
    .toLowerCase()
    .replace(asciiOnly ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/**
 * "Peri-LN: Revisiting Layer Normalization" -> "peri-ln-revisiting-layer-normalization". Ids are
 * ASCII (custom_ids, URLs, shells), so a title with no Latin letters or digits at all ("大语言模型的推理")
 * gets "t-" and a hash of its words: stable across imports, and distinct titles get distinct ids.
 */
export function slugifyTitle(title: string): string {
  const words = titleWords(title, true);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG && slug) break;
    slug = next.slice(0, MAX_SLUG);
  }
  if (slug) return slug;
  const key = normalizedTitleKey(title);
  return key ? `t-${createHash('sha256').update(key).digest('hex').slice(0, 12)}` : 'untitled';
}

/** Key used to merge records of the same paper that lack an arXiv id; covers every script. */
export function normalizedTitleKey(title: string): string {
  return titleWords(title, false).join('');
}

export function paperId(arxivId: string | undefined, cleanTitle: string): string {
  return arxivId ? arxivId.toLowerCase() : slugifyTitle(cleanTitle);
}
