// Markdown → safe HTML for the back of an Anki card: guide text is always escaped, raw HTML from a
// guide shows as text, unsafe links are dropped, and code blocks keep every character.
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot, Parents } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Nodes as MdastNodes, Parent as MdastParent, Root as MdastRoot } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { linkBareUrls, parseFragment, takeTree } from '../parse/index.js';

/** URL schemes a card may link to; anything else (javascript:, data:, vbscript:, file:) is dropped. */
const SAFE_PROTOCOLS = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * Anki reads `[sound:…]` and `[anki:…]` in a field as media and template tags; written as an entity
 * the bracket looks the same on the card but no longer plays or runs anything.
 */
const ANKI_TAG = /\[(?=(?:sound|anki):)/gi;

/**
 * Writes every `[sound:` and `[anki:` in a card field as `&#91;…`: applied to the whole field after
 * its template ran, so no value (title, section, key terms, the parent question) can bring one in.
 */
export function neutralizeAnkiTags(html: string): string {
  return html.replace(ANKI_TAG, '&#91;');
}

/**
 * The characters that make a spreadsheet run a cell when it starts with one (OWASP, "CSV
 * Injection"): `=`, `+`, `-`, `@`, a tab and a carriage return.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * An HTML field that would start a formula starts with that character as an entity instead
 * (`&#61;`): a spreadsheet sees text starting with `&`, Anki shows the character as written.
 */
export function guardFormulaStart(html: string): string {
  const first = html.codePointAt(0);
  return first !== undefined && FORMULA_START.test(html) ? `&#${first};${html.slice(1)}` : html;
}

/** A card field as it is written to the deck: the two guards above, the same for every field. */
export function cardField(html: string): string {
  return guardFormulaStart(neutralizeAnkiTags(html));
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(ANKI_TAG, '&#91;');
}

/** Escapes plain text (a question) for a field: entities, and line breaks as `<br>`. */
export function textToHtml(text: string): string {
  return escapeHtml(text.normalize('NFC').replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>');
}

/**
 * True when `url` may be followed from a card: relative links, fragments and the schemes above.
 * Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`), so
 * they are removed before the scheme is read.
 */
export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const colon = cleaned.indexOf(':');
  if (colon === -1) return true;
  const firstDelimiter = cleaned.search(/[/?#]/);
  if (firstDelimiter !== -1 && firstDelimiter < colon) return true;
  return SAFE_PROTOCOLS.has(cleaned.slice(0, colon).toLowerCase());
}

/**
 * Turns raw HTML into text so that `<script>` in a guide shows as `<script>`: inline HTML becomes
 * text, a block of HTML becomes a code block, which keeps its lines as the author wrote them.
 */
function htmlNodesToText(node: MdastNodes): void {
  if (!('children' in node)) return;
  const parent = node as MdastParent;
  const flow = FLOW_PARENTS.has(parent.type);
  parent.children = parent.children.map((child) => {
    if (child.type === 'html') {
      const { value, position } = child;
      return flow
        ? { type: 'code', lang: null, meta: null, value, position }
        : { type: 'text', value, position };
    }
    htmlNodesToText(child);
    return child;
  }) as MdastParent['children'];
}

/** mdast parents whose children are blocks, where raw HTML is a block of its own. */
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * True for an image a card would fetch from another host whenever it is shown: a tracking pixel
 * tells that host when and where the card was studied.
 */
function isRemote(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(cleaned);
}

/**
 * Drops links and images whose URL is unsafe, keeping their text (or alt text) in their place,
 * and shows a remote image as a link to it (its alt text, else its address).
 */
function dropUnsafeUrls(node: HastNodes): void {
  if (!('children' in node)) return;
  const parent = node as Parents;
  const next: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'element') {
      const url = urlOf(child);
      if (child.tagName === 'img' && url !== undefined && isSafeUrl(url) && isRemote(url)) {
        const alt = child.properties.alt;
        const text = typeof alt === 'string' && alt !== '' ? alt : url;
        next.push({
          type: 'element',
          tagName: 'a',
          properties: { href: url },
          children: [{ type: 'text', value: text }],
        });
        continue;
      }
      if (url !== undefined && !isSafeUrl(url)) {
        if (child.tagName === 'img') {
          const alt = child.properties.alt;
          if (typeof alt === 'string' && alt !== '') next.push({ type: 'text', value: alt });
        } else {
          dropUnsafeUrls(child);
          next.push(...child.children);
        }
        continue;
      }
      dropUnsafeUrls(child);
    }
    next.push(child);
  }
  parent.children = next as typeof parent.children;
}

function urlOf(element: Element): string | undefined {
  const value = element.tagName === 'img' ? element.properties.src : element.properties.href;
  return typeof value === 'string' ? value : undefined;
}

/**
 * What a bare URL (`http://`, `https://`, `www.`) or e-mail address (`@`) needs in the Markdown
 * before it is one: the text of the tree comes from these characters, or from character
 * references (`&`). An answer without any is not searched for links at all.
 */
const MAY_LINK = /https?:\/\/|www\.|@|&/i;

/**
 * The HTML of the answers and prompts rendered last, by their Markdown: the CSV deck and the Anki
 * package of a pack show the same answers, and each is rendered once for both.
 */
const rendered = new Map<string, string>();
const RENDERED_KEPT = 512;

/** Renders an answer's Markdown to HTML that is safe to store in an Anki field with `#html:true`. */
export function markdownToHtml(markdown: string): string {
  const known = rendered.get(markdown);
  if (known !== undefined) return known;
  const html = renderMarkdown(markdown);
  if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value ?? '');
  rendered.set(markdown, html);
  return html;
}

function renderMarkdown(markdown: string): string {
  const text = markdown.normalize('NFC').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return '';
  // The tree normalize made of this answer, when it left one; trees are depth-limited, as answers
  // that nest thousands of levels deep would overflow mdast-util-to-hast's recursion.
  const mdast: MdastRoot = takeTree(text) ?? parseFragment(text);
  htmlNodesToText(mdast);
  if (MAY_LINK.test(text)) linkBareUrls(mdast);
  // allowDangerousHtml stays off: after the step above no raw node is left, and none may sneak in.
  const hast = toHast(mdast) as HastRoot;
  dropUnsafeUrls(hast);
  return toHtml(hast, { characterReferences: { useNamedReferences: true } })
    .replace(ANKI_TAG, '&#91;')
    .trim();
}
