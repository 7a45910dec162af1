// Double-encoded text: UTF-8 read through a code page and saved again. Every sample is made by
// doing just that to a known string, so what the repair must give back is known.
import { describe, expect, it } from 'vitest';
import { readGuide } from '../../src/read/index.js';
import { doubleEncode, shown, utf8 } from './double-encode.js';

const FILE = 'guides/sample.md';

function read(bytes: Uint8Array) {
  return readGuide(bytes, FILE);
}

function repaired(bytes: Uint8Array) {
  return read(bytes).diagnostics.filter((d) => d.ruleId === 'mojibake-repaired');
}

describe('UTF-8 read as Windows-1252', () => {
  it('restores typographic punctuation', () => {
    const text = 'He said “it’s fine” — twice… 3 € • done\n';
    const bytes = doubleEncode(text, 'cp1252');
    expect(shown(bytes)).toContain('â€œitâ€™s fineâ€');
    expect(read(bytes).text).toBe(text);
  });

  it('restores the closing quote, whose last byte (0x9D) Windows-1252 lacks', () => {
    const bytes = doubleEncode('“quoted” text\n', 'cp1252');
    expect(shown(bytes)).toBe('â€œquotedâ€ text\n');
    expect(read(bytes).text).toBe('“quoted” text\n');
  });

  it('restores emoji, arrows and box drawing', () => {
    const text = '# 🧪 Lab\n\nA → B ← C ↓\n┌──┬──┐\n│ ✅ │ 🚀 │\n└──┴──┘\n';
    expect(read(doubleEncode(text, 'cp1252')).text).toBe(text);
  });

  it('restores an emoji whose middle byte was lost', () => {
    // 🏗️ is F0 9F 8F 97 EF B8 8F: both 0x8F bytes are gone.
    const bytes = doubleEncode('## 🏗️ Architecture\n', 'cp1252');
    expect(shown(bytes)).toBe('## ðŸ—ï¸ Architecture\n');
    expect(read(bytes).text).toBe('## 🏗️ Architecture\n');
  });

  it('restores an emoji whose last byte was lost', () => {
    const bytes = doubleEncode('## 🐛 Bugs\n', 'cp1252');
    expect(shown(bytes)).toBe('## ðŸ› Bugs\n');
    expect(read(bytes).text).toBe('## 🐛 Bugs\n');
  });

  it('restores an emoji whose no-break space became a plain space', () => {
    // 🧠 is F0 9F A7 A0: the A0 shows as a second space.
    const bytes = doubleEncode('## 🧠 Memory\n', 'cp1252');
    expect(shown(bytes)).toBe('## ðŸ§  Memory\n');
    expect(read(bytes).text).toBe('## 🧠 Memory\n');
  });

  it('restores an emoji whose no-break space vanished, keeping the space after it', () => {
    const bytes = doubleEncode('## 🧠 Memory\n', 'cp1252', { nbsp: 'vanish' });
    expect(shown(bytes)).toBe('## ðŸ§ Memory\n');
    expect(read(bytes).text).toBe('## 🧠 Memory\n');
  });

  it('reads a space inside a run as the no-break space it was', () => {
    // 🛠️ is F0 9F 9B A0 EF B8 8F: a space in the middle, a byte lost at the end.
    const bytes = doubleEncode('## 🛠️ Tools and ⚠️ care\n', 'cp1252');
    expect(shown(bytes)).toBe('## ðŸ› ï¸ Tools and âš ï¸ care\n');
    expect(read(bytes).text).toBe('## 🛠️ Tools and ⚠️ care\n');
  });

  it('restores a no-break space between words', () => {
    const bytes = doubleEncode('It’s 100\u00A0km away\n', 'cp1252');
    expect(shown(bytes)).toBe('Itâ€™s 100Â km away\n');
    expect(read(bytes).text).toBe('It’s 100\u00A0km away\n');
  });

  it('reads undefined bytes that were kept as C1 controls', () => {
    const text = '## 🐛 “Bugs” ✅\n';
    const bytes = doubleEncode(text, 'cp1252', { undefinedBytes: 'keep' });
    expect(shown(bytes)).toContain('\u0090');
    expect(read(bytes).text).toBe(text);
  });

  it('restores Latin letters with accents', () => {
    expect(read(doubleEncode('naïve café, São Paulo, Zürich\n', 'cp1252')).text).toBe(
      'naïve café, São Paulo, Zürich\n',
    );
  });
});

describe('UTF-8 read as Windows-1254', () => {
  it('restores emoji whose 0x8E byte Windows-1254 lacks', () => {
    // 🎯 is F0 9F 8E AF; 0xF0 reads as ğ in Windows-1254.
    const bytes = doubleEncode('## 🎯 Overview\n', 'cp1254');
    expect(shown(bytes)).toBe('## ğŸ¯ Overview\n');
    expect(read(bytes).text).toBe('## 🎯 Overview\n');
  });

  it('restores a guide of emoji headings, arrows and trees', () => {
    const text = [
      '## 🎬 Project',
      '## 🗄️ Database',
      '> Client → API → DB',
      '>     ├── Server 1',
      '>     └── Server 2',
      '>           ↓',
      '# ← slow',
      '1. ✅ Done 🚀',
      '## 🎤 Behavioral',
      '',
    ].join('\n');
    const result = read(doubleEncode(text, 'cp1254'));
    expect(result.text).toBe(text);
    expect(result.diagnostics).toMatchObject([
      { ruleId: 'mojibake-repaired', severity: 'info', line: 1, column: 4 },
    ]);
    expect(result.diagnostics[0]?.message).toContain('Windows-1254');
  });

  it('tells Windows-1254 from Windows-1252 by which one reads the runs', () => {
    const text = '## 🎯 Goals → “done”\n';
    expect(repaired(doubleEncode(text, 'cp1254'))[0]?.message).toContain('Windows-1254');
    expect(repaired(doubleEncode(text, 'cp1252'))[0]?.message).toContain('Windows-1252');
  });
});

describe('UTF-8 read as other code pages', () => {
  it('restores text that went through Windows-1250', () => {
    const text = 'Zażółć gęślą jaźń — “cytat” → ok ✅\n';
    const result = read(doubleEncode(text, 'cp1250'));
    expect(result.text).toBe(text);
    expect(result.diagnostics[0]?.message).toContain('Windows-1250');
  });

  it('restores text that went through ISO-8859-1, C1 controls and all', () => {
    const text = 'It’s “done” → ✅ 🚀\n';
    const bytes = doubleEncode(text, 'latin1');
    expect(shown(bytes)).toContain('\u0080\u0099');
    const result = read(bytes);
    expect(result.text).toBe(text);
    expect(result.diagnostics[0]?.message).toContain('ISO-8859-1');
  });
});

describe('emoji sequences', () => {
  it('restores a joiner between two emoji, not a closing quote', () => {
    const text = '## 🧑‍💻 Dev and ❤️‍🔥 and 👩🏽‍💻\n';
    expect(read(doubleEncode(text, 'cp1252')).text).toBe(text);
    expect(read(doubleEncode(text, 'cp1254')).text).toBe(text);
  });

  it('restores a closing quote after an emoji, not a joiner', () => {
    const text = '“Ship it 🚀”\n';
    expect(read(doubleEncode(text, 'cp1252')).text).toBe(text);
  });

  it('restores a skin tone after the emoji it belongs to', () => {
    const text = 'Nice 👍🏽 work\n';
    expect(read(doubleEncode(text, 'cp1252')).text).toBe(text);
  });

  it('restores keycaps and flags', () => {
    const text = '1️⃣ first 🇫🇷 then #️⃣\n';
    expect(read(doubleEncode(text, 'cp1252')).text).toBe(text);
  });

  it('restores a byte order mark that went through the code page, and drops it', () => {
    const bytes = doubleEncode('\uFEFF# Title → ok\n', 'cp1252');
    expect(shown(bytes).startsWith('ï»¿')).toBe(true);
    expect(read(bytes).text).toBe('# Title → ok\n');
  });
});

describe('correct text next to mojibake', () => {
  it('repairs the runs and leaves genuine non-ASCII text alone', () => {
    const genuine = '# Café ≈ 3 € → naïve “quote” — São Paulo\n';
    const moji = '## 🏗️ Part 2 → it’s “fine”\n';
    const bytes = new Uint8Array([
      ...utf8(genuine),
      ...doubleEncode(moji, 'cp1252'),
      ...utf8('Ünïcödé ½ ≥ ¼\n'),
    ]);
    const result = read(bytes);
    expect(result.text).toBe(`${genuine}${moji}Ünïcödé ½ ≥ ¼\n`);
    expect(result.diagnostics).toMatchObject([{ ruleId: 'mojibake-repaired', line: 2, column: 4 }]);
  });

  it('leaves clean text in many languages unchanged and says nothing', () => {
    const text = [
      'Ça coûte 3 € — voilà « très » bien; ½ ≥ ¼',
      'İstanbul’da; Zürich; São Paulo; naïve café’s résumé—fine',
      'Zażółć gęślą jaźń; Ελληνικά; Русский; 日本語; 🚀 ✅ → ←',
      '',
    ].join('\n');
    expect(read(utf8(text))).toEqual({ text, diagnostics: [], ok: true });
  });

  it('leaves a lone "Ã " alone when nothing else in the file is double-encoded', () => {
    const text = 'IRMÃ e NÃO; x Ã la carte\n';
    expect(read(utf8(text))).toEqual({ text, diagnostics: [], ok: true });
  });

  it('leaves text that shows mojibake on purpose alone when the rest is clean', () => {
    // Nothing can tell a deliberate "â€™" from a broken one; a run with no lost byte is read back.
    const result = read(utf8('Broken files show â€™ for ’.\n'));
    expect(result.text).toBe('Broken files show ’ for ’.\n');
  });
});

describe('diagnostics', () => {
  it('reports one info per file with the number of runs repaired and the code page', () => {
    const text = 'Intro\n\n## 🧪 Tests\n\nIt’s — fine.\n\n## ✅ Done\n';
    const result = read(doubleEncode(text, 'cp1252'));
    expect(result.text).toBe(text);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      ruleId: 'mojibake-repaired',
      severity: 'info',
      file: FILE,
      line: 3,
      column: 4,
    });
    expect(result.diagnostics[0]?.message).toMatch(/^Repaired 4 runs .*Windows-1252/);
  });

  it('counts touching characters as one run', () => {
    const result = read(doubleEncode('┌──────┐ ok\n', 'cp1252'));
    expect(result.diagnostics[0]?.message).toMatch(/^Repaired 1 run /);
  });

  it('warns with line and column where no character fits, and leaves the run as it is', () => {
    const text = `${shown(doubleEncode('## 🧪 Fine\n', 'cp1252'))}ok\nBroken ï¸ selector\n`;
    const result = read(utf8(text));
    expect(result.text).toBe('## 🧪 Fine\nok\nBroken ï¸ selector\n');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['mojibake-repaired', 'mojibake-unrepaired']);
    expect(result.diagnostics[1]).toMatchObject({ severity: 'warning', line: 3, column: 8 });
  });

  it('warns about a run no character fits even when nothing else was repaired', () => {
    const result = read(utf8('Broken ï¸ selector\n'));
    expect(result.diagnostics).toMatchObject([{ ruleId: 'mojibake-unrepaired', line: 1, column: 8 }]);
  });

  it('never lets U+FFFD into the text', () => {
    const text = '## 🧪 Fine\n';
    const bytes = new Uint8Array([...doubleEncode(text, 'cp1252'), ...utf8('ï¿½ here\n')]);
    const result = read(bytes);
    expect(result.text).not.toContain('\uFFFD');
    expect(result.diagnostics.map((d) => d.ruleId)).toContain('mojibake-unrepaired');
  });
});

describe('many runs no character fits', () => {
  it('warns about the first twenty and counts the rest in one more warning', () => {
    const lines = Array.from({ length: 30 }, (_, k) => `Line ${k} ï¸ broken`).join('\n');
    const warnings = read(utf8(lines)).diagnostics.filter((d) => d.ruleId === 'mojibake-unrepaired');
    expect(warnings).toHaveLength(21);
    expect(warnings[19]).toMatchObject({ line: 20 });
    expect(warnings[20]?.message).toMatch(/^10 more runs/);
    expect(warnings[20]).toMatchObject({ line: 21 });
  });
});

describe('mojibake with other troubles', () => {
  it('repairs a double-encoded guide saved with CRLF line endings and a BOM', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...doubleEncode('# 🧪 Lab\r\n\r\nIt’s → fine\r\n', 'cp1252'),
    ]);
    expect(read(bytes).text).toBe('# 🧪 Lab\n\nIt’s → fine\n');
  });

  it('keeps stray bytes as the file has them and repairs the runs around them', () => {
    // 0xE2 0x80 at the end is a cut-off sequence: its own bytes, not text that went through a code page.
    const bytes = new Uint8Array([
      ...doubleEncode('## 🎯 Goal → done\n', 'cp1254'),
      ...utf8('cut '),
      0xe2,
      0x80,
    ]);
    const result = read(bytes);
    expect(result.text).toBe('## 🎯 Goal → done\ncut â€');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['invalid-utf8', 'mojibake-repaired']);
  });
});
