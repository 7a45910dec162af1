// Project slugs: `[a-z0-9-]` only, so a slug can never name a path outside `out/`.

/** What every slug looks like: words of `[a-z0-9]` joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const RESERVED = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  'all',
  // COM0 and LPT0 too: Windows reserves them as well (and COM¹ folds to com1 below).
  ...Array.from({ length: 10 }, (_, i) => `com${i}`),
  ...Array.from({ length: 10 }, (_, i) => `lpt${i}`),
]);

/** A slug from any text: accents folded, everything else but letters and digits becomes `-`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  if (slug === '') return 'guide';
  // Windows device names, and `all`, which names the combined outputs in out/.
  return RESERVED.has(slug) ? `${slug}-guide` : slug;
}

/** The slug of a guide file: its name without folders or the `.md` extension. */
export function slugFromFile(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return slugify(name.replace(/\.(md|markdown|mdown|txt)$/i, ''));
}

/** The slug front matter asks for (`slug:`, text or a number), before slugify; undefined when none. */
export function askedSlug(frontMatter: Record<string, unknown>): string | undefined {
  const slug = frontMatter.slug;
  const text = typeof slug === 'string' ? slug : typeof slug === 'number' ? String(slug) : '';
  return text.trim() === '' ? undefined : text;
}
