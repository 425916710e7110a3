// Stable, readable paper ids. arXiv ids win; otherwise a slug of the cleaned title.

const MAX_SLUG = 64;

/** "Peri-LN: Revisiting Layer Normalization" -> "peri-ln-revisiting-layer-normalization". */
function titleWords(title: string): string[] {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

export function slugifyTitle(title: string): string {
  const words = titleWords(title);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG && slug) break;
    slug = next.slice(0, MAX_SLUG);
  }
  return slug || 'untitled';
}

/** Key used to merge records of the same paper that lack an arXiv id. */
export function normalizedTitleKey(title: string): string {
  return titleWords(title).join('');
}

export function paperId(arxivId: string | undefined, cleanTitle: string): string {
  return arxivId ? arxivId.toLowerCase() : slugifyTitle(cleanTitle);
}
