import { describe, expect, it } from 'vitest';
import { AUTO_RELEVANCE, CODE_PALETTE, highlightSpans, highlightTree } from '../../src/render/code-colors.js';

/** WCAG relative luminance: what a colour becomes when printed in grey. */
function luminance(hex: string): number {
  const v = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

const SAMPLES = {
  python:
    'import asyncio\n\nasync def fetch(session, url):\n    async with session.get(url) as response:\n        return await response.json()\n\nclass Worker:\n    def __init__(self, queue):\n        self.queue = queue\n',
  javascript:
    "const express = require('express');\nconst app = express();\n\napp.get('/health', (req, res) => {\n  res.json({ ok: true });\n});\n\napp.listen(3000, () => console.log('listening'));\n",
  go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfmt.Println(<-ch)\n}\n',
  sql: "SELECT u.id, count(o.id)\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at > now() - interval '7 days'\nGROUP BY u.id;\n",
};

describe('code colours', () => {
  it('print legibly in grey: every colour keeps 4.5:1 against white once reduced to its luminance', () => {
    for (const [scope, { color }] of Object.entries(CODE_PALETTE)) {
      const contrast = 1.05 / (luminance(color) + 0.05);
      expect(contrast, `${scope} ${color}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('guesses the language of a few real lines of unlabelled code', () => {
    for (const [language, code] of Object.entries(SAMPLES)) {
      expect(highlightTree(code, undefined)?.language, language).toBe(language);
    }
  });

  it('leaves diagrams, steps and one-liners plain rather than guess', () => {
    expect(AUTO_RELEVANCE).toBeGreaterThan(3);
    for (const code of [
      'Phone App → Supabase Edge Function → Modal Webhook\n    → GPU Container → Supabase DB\n    → Groq API',
      'Step one: read the file\nStep two: parse it\nStep three: write the output',
      'SELECT id FROM users WHERE id = 1;',
      'x = 1',
    ]) {
      expect(highlightTree(code, undefined), code).toBeNull();
    }
  });

  it('uses the fence language, and never guesses over a language it does not know', () => {
    expect(highlightTree('x = 1', 'python')?.language).toBe('python');
    expect(highlightTree('x = 1', 'Python {linenos}')?.language).toBe('python');
    expect(highlightTree(SAMPLES.python, 'cobol-85')).toBeNull();
  });

  it('gives each source line its own spans, with their text unchanged', () => {
    const lines = SAMPLES.python.split('\n');
    const spans = highlightSpans(lines, 'python') ?? [];
    expect(spans.map((line) => line.map((s) => s.text).join(''))).toEqual(lines);
    const keyword = spans[2]?.find((s) => s.text === 'def');
    expect(keyword?.style?.color).toBe(CODE_PALETTE.keyword.color);
  });
});
