// Answers written as HTML inside Markdown (`<blockquote><p><strong>Answer</strong><br>…</p>`):
// the few tags such answers are made of become the Markdown they stand for, and nothing of the
// HTML itself reaches a card. HTML with any other tag (a script, a frame, an ad) stays as it is:
// shown as text on the card and warned about, so the author sees it.

/** Elements whose content is never text to study: scripts, styles, ads, embedded frames. */
const DROPPED = /<(script|style|noscript|iframe|ins|object|embed|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** The tags this converts; an answer with any other tag is left to the raw-HTML path. */
const KNOWN =
  /^(?:details|p|br|hr|b|strong|i|em|u|s|del|code|pre|blockquote|ul|ol|li|span|div|center|small|big|sup|sub|h[1-6]|a|kbd|mark|font|section|article|figure|figcaption)$/i;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  hellip: '…',
  mdash: '—',
  ndash: '–',
};

function decode(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** True when every tag of the HTML is one this converts (after scripts and ads are dropped). */
export function convertible(html: string): boolean {
  // Scripts, frames and ads are never dropped silently: shown as text and warned about, the
  // author sees what the guide holds.
  if (html.replace(DROPPED, '') !== html) return false;
  const tags = [...html.matchAll(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi)].map((m) => m[1] ?? '');
  return tags.length > 0 && tags.every((t) => KNOWN.test(t));
}

/** HTML made of the known tags as Markdown: paragraphs, line breaks, emphasis, code, quotes, lists. */
export function htmlToMarkdown(html: string): string {
  let t = html.replace(DROPPED, '').replace(/<!--[\s\S]*?-->/g, '');
  t = t.replace(/<pre\b[^>]*>\s*(?:<code\b[^>]*>)?([\s\S]*?)(?:<\/code>)?\s*<\/pre>/gi, (_, code: string) => {
    return `\n\n\`\`\`\n${decode(code.replace(/<[^>]+>/g, ''))}\n\`\`\`\n\n`;
  });
  t = t
    .replace(/<a\b[^>]*href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi, '[$2]($1)')
    .replace(/<(b|strong)\b[^>]*>([\s\S]*?)<\/\1>/gi, '**$2**')
    .replace(/<(i|em)\b[^>]*>([\s\S]*?)<\/\1>/gi, '*$2*')
    .replace(/<(s|del)\b[^>]*>([\s\S]*?)<\/\1>/gi, '~~$2~~')
    .replace(/<(code|kbd)\b[^>]*>([\s\S]*?)<\/\1>/gi, '`$2`')
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, '\n\n**$2**\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<hr\s*\/?>/gi, '\n\n---\n\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(?:p|div|ul|ol|section|article|figure)\s*>/gi, '\n\n')
    .replace(/<(?:p|div|ul|ol|section|article|figure)\b[^>]*>/gi, '\n\n');
  // A quote's lines get their `>`.
  t = t.replace(
    /<blockquote\b[^>]*>([\s\S]*?)(?:<\/blockquote>|$)/gi,
    (_, inner: string) =>
      `\n\n${inner
        .trim()
        .split('\n')
        .map((line) => `> ${line}`.trimEnd())
        .join('\n')}\n\n`,
  );
  t = decode(t.replace(/<[^>]+>/g, ''));
  return t
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\*\*\s*\*\*/g, '')
    .trim();
}
