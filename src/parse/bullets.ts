// Bullets typed as characters: text pasted from a word processor or a chat keeps its `•`, `●`,
// `◦` or `・` at the start of each item, which Markdown reads as a paragraph of one long line
// (`• What is a mutex?` / `• Why use a CDN?`). Such a bullet followed by a space is read as the
// list marker it stands for; code blocks keep theirs.

/** A bullet character at the start of a line, before a space or tab. */
const BULLET_LINE = /^([ \t]*)[•●○◦▪▫‣・·](?=[ \t]+\S)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The text with each typed bullet outside code blocks turned into `-`: one UTF-16 unit for
 * another, so every position in the tree still points into the text as written.
 */
export function markBullets(text: string): string {
  if (!/[•●○◦▪▫‣・·]/.test(text)) return text;
  let fence = '';
  return text
    .split('\n')
    .map((line) => {
      const open = FENCE.exec(line)?.[1];
      if (open && (fence === '' || (open[0] === fence[0] && open.length >= fence.length))) {
        fence = fence === '' ? open : '';
        return line;
      }
      return fence === '' ? line.replace(BULLET_LINE, '$1-') : line;
    })
    .join('\n');
}
