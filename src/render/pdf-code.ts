// Code coloured for the PDFs: the shared highlighter's tokens (render/highlight.ts: the fence's
// language, or a confident guess) as spans in its palette, one list per source line.
import type { Span } from '../layout/types.js';
import { highlightCode, PALETTE } from './highlight.js';

/** The lines' coloured spans, or null when the code is plain text (no language, no guess). */
export function highlightSpans(lines: string[], lang: string | undefined): Span[][] | null {
  const { language, lines: tokens } = highlightCode(lines.join('\n'), lang);
  if (!language) return null;
  return tokens.map((line) =>
    line.map(
      (token): Span =>
        token.scope ? { text: token.text, style: { ...PALETTE[token.scope] } } : { text: token.text },
    ),
  );
}
