// The seed guides through the read stage: two were double-encoded (stash through Windows-1252,
// ml-model-serving through Windows-1254) and come back as written; three are clean and stay so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGuide } from '../../src/read/index.js';

const MOJIBAKE = /â€|Ã|ðŸ|ğŸ|â†|â”|ï¸|\uFFFD/;

function seed(slug: string) {
  const file = `guides/${slug}.md`;
  const bytes = readFileSync(new URL(`../../${file}`, import.meta.url));
  return { bytes, result: readGuide(bytes, file) };
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Every non-ASCII character of `text`, once, in order of first appearance. */
function nonAscii(text: string): string[] {
  return [...new Set([...text].filter((c) => (c.codePointAt(0) as number) > 0x7f))];
}

describe('stash.md, double-encoded through Windows-1252', () => {
  const { result } = seed('stash');
  const text = lines(result.text);

  it('leaves no mojibake in the text', () => {
    expect(result.ok).toBe(true);
    expect(result.text).not.toMatch(MOJIBAKE);
  });

  it('gives back the headings as the author wrote them', () => {
    expect(text[0]).toBe('# 🧪 Stash Technical Interview Simulation');
    expect(text[6]).toBe('## 🧠 Part 1: The GitHub "Code Probe"');
    expect(text[27]).toBe('## 🏗️ Part 2: Architecture & Scalability (Medium/Hard)');
    expect(text[52]).toBe('## 🌐 Part 3: The Live Website Probe');
    expect(text[64]).toBe('## 💡 The "Defensive" Interview Strategy');
    expect(text[75]).toBe('## 🛠️ Part 4: The Hard Cases (Architect Level)');
    expect(text[101]).toBe('## 📊 Part 5: Observability & Monitoring');
    expect(text[113]).toBe('## 🏆 The "Final Boss" Interview Question');
  });

  it('gives back apostrophes and dashes', () => {
    expect(text[10]).toContain('you’re manually loading');
    expect(text[13]).toContain('100% right—it is a cat-and-mouse game');
  });

  it('holds exactly the non-ASCII characters the author typed', () => {
    expect(nonAscii(result.text)).toEqual(['🧪', '🧠', '’', '—', '🏗', '\uFE0F', '🌐', '💡', '🛠', '📊', '🏆']);
  });

  it('reports the repair once, with the number of runs and the code page', () => {
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'mojibake-repaired', severity: 'info', line: 1 });
    expect(result.diagnostics[0]?.message).toMatch(/^Repaired 12 runs .*Windows-1252/);
  });
});

describe('ml-model-serving.md, double-encoded through Windows-1254', () => {
  const { result } = seed('ml-model-serving');
  const text = lines(result.text);

  it('leaves no mojibake in the text', () => {
    expect(result.ok).toBe(true);
    expect(result.text).not.toMatch(MOJIBAKE);
  });

  it('gives back the headings as the author wrote them', () => {
    expect(text[2]).toBe('## 🎯 Overview');
    expect(text[8]).toBe('## 📋 Table of Contents');
    expect(text[87]).toBe('## 🏗️ Architecture & Design');
    expect(text[177]).toBe('## 🛠️ Technology Stack');
    expect(text[285]).toBe('## 🗄️ Database & Performance');
    expect(text[379]).toBe('## 🔐 Security');
    expect(text[894]).toBe('## 🎤 Behavioral Questions');
    expect(text[1020]).toBe('## 📝 Practice Tips');
  });

  it('gives back arrows and box drawing', () => {
    expect(text[96]).toBe('> Client → API Gateway (FastAPI) → Business Logic Layer');
    expect(text[98]).toBe('>                          ┌──────────────┼──────────────┐');
    expect(text[350]).toBe('>     ├── API Server 1');
    expect(text[353]).toBe('>     └── API Server 4');
    expect(text[614]).toBe('>             v3/  ← Latest');
    expect(text[676]).toBe(">   'inference_time_ms': 2500,  # ← SLOW!");
  });

  it('gives back check marks and the rocket', () => {
    expect(text[1023]).toBe('1. ✅ Run your project locally - be ready to demo');
    expect(text[1049]).toBe('**Next:** Start Building! 🚀');
  });

  it('holds exactly the non-ASCII characters the author typed', () => {
    expect(nonAscii(result.text).join(' ')).toBe(
      '🎯 📋 🎬 🏗 \uFE0F → ↓ ┌ ─ ┼ ┐ 🛠 🗄 ├ └ 🔐 📈 🤖 ← 🔧 💻 🎤 ✅ 📝 🚀',
    );
  });

  it('reports the repair once, with the number of runs and the code page', () => {
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'mojibake-repaired', line: 3, column: 4 });
    expect(result.diagnostics[0]?.message).toMatch(/^Repaired 73 runs .*Windows-1254/);
  });
});

describe('the clean seeds', () => {
  for (const slug of ['bytescribe', 'flowmingo', 'podscribe']) {
    it(`reads ${slug}.md exactly as plain UTF-8 decoding does, with nothing to report`, () => {
      const { bytes, result } = seed(slug);
      expect(result).toEqual({ text: new TextDecoder().decode(bytes), diagnostics: [], ok: true });
    });
  }
});
