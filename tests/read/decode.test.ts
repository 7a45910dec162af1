// Bytes → text before any repair: BOM, line endings, binary and empty files, stray bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGuide } from '../../src/read/index.js';
import { utf8 } from './double-encode.js';

const FILE = 'guides/sample.md';

describe('readGuide: text and line endings', () => {
  it('reads plain UTF-8 as it is', () => {
    const result = readGuide(utf8('# Título\n\nCafé ≈ 3 € → ok\n'), FILE);
    expect(result).toEqual({ text: '# Título\n\nCafé ≈ 3 € → ok\n', diagnostics: [], ok: true });
  });

  it('composes accents typed as a letter and a combining mark', () => {
    const result = readGuide(utf8('# Re\u0301sume\u0301\n\nA\u030Angstro\u0308m, Vie\u0323\u0302t\n'), FILE);
    expect(result.text).toBe('# Résumé\n\nÅngström, Việt\n');
  });

  it('warns once, at the first of it, that right-to-left text prints left to right on paper', () => {
    const result = readGuide(utf8('# Guide\n\n## מה קרה כשהשרת נפל?\n\nמה קרה.\n'), FILE);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'rtl-text', severity: 'warning', line: 3, column: 4 }),
    ]);
    expect(readGuide(utf8('# Café ≈ 3 € → ok\n'), FILE).diagnostics).toEqual([]);
  });

  it('drops a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Title\n')]);
    expect(readGuide(bytes, FILE).text).toBe('# Title\n');
  });

  it('drops a byte order mark written twice', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...utf8('# Title\n')]);
    expect(readGuide(bytes, FILE).text).toBe('# Title\n');
  });

  it('turns CRLF line endings into LF', () => {
    expect(readGuide(utf8('# A\r\n\r\nText\r\n'), FILE).text).toBe('# A\n\nText\n');
  });

  it('turns lone CR line endings into LF', () => {
    expect(readGuide(utf8('# A\r\rText\r'), FILE).text).toBe('# A\n\nText\n');
  });

  it('handles mixed line endings', () => {
    expect(readGuide(utf8('a\r\nb\rc\nd'), FILE).text).toBe('a\nb\nc\nd');
  });
});

describe('readGuide: files that are not a guide', () => {
  it('reports an empty file as an empty guide', () => {
    const result = readGuide(new Uint8Array(), FILE);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ ruleId: 'empty-guide', severity: 'error', file: FILE }]);
    expect(result.diagnostics[0]?.message).toContain(FILE);
  });

  it('reports a file of blank lines as an empty guide', () => {
    const result = readGuide(utf8(' \n\t\r\n  \n'), FILE);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ ruleId: 'empty-guide', severity: 'error' }]);
  });

  it('reports a file holding only a byte order mark as an empty guide', () => {
    const result = readGuide(new Uint8Array([0xef, 0xbb, 0xbf]), FILE);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.ruleId).toBe('empty-guide');
  });

  it('reports a file with NUL bytes as binary, naming the file', () => {
    const result = readGuide(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      FILE,
    );
    expect(result.ok).toBe(false);
    expect(result.text).toBe('');
    expect(result.diagnostics).toMatchObject([{ ruleId: 'binary-file', severity: 'error', file: FILE }]);
    expect(result.diagnostics[0]?.message).toContain(FILE);
  });

  it('reports a file of mostly invalid UTF-8 as binary', () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, k) => 0x80 + ((k * 37) % 0x7f));
    const result = readGuide(bytes, FILE);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.ruleId).toBe('binary-file');
  });

  it('reports UTF-16 as binary and says to save it as UTF-8', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('# Title\n', 'utf16le')]);
    const result = readGuide(bytes, FILE);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.ruleId).toBe('binary-file');
    expect(result.diagnostics[0]?.message).toMatch(/UTF-16.*UTF-8/);
  });

  it('calls UTF-32 text UTF-32, not UTF-16, in either byte order', () => {
    const le = new Uint8Array([0xff, 0xfe, 0, 0, 0x23, 0, 0, 0, 0x20, 0, 0, 0, 0x54, 0, 0, 0]);
    const be = new Uint8Array([0, 0, 0xfe, 0xff, 0, 0, 0, 0x23, 0, 0, 0, 0x20, 0, 0, 0, 0x54]);
    for (const bytes of [le, be]) {
      const result = readGuide(bytes, FILE);
      expect(result.ok).toBe(false);
      expect(result.diagnostics[0]?.ruleId).toBe('binary-file');
      expect(result.diagnostics[0]?.message).toMatch(/is UTF-32 text: save it as UTF-8/);
    }
  });
});

describe('readGuide: bytes that are not UTF-8', () => {
  it('reads stray bytes in good text as Windows-1252 and warns with their line', () => {
    // "café" and "’" saved in Windows-1252 on line 3 of an otherwise UTF-8 file.
    const bytes = new Uint8Array([
      ...utf8('# Menu ≈ ok\n\nThe caf'),
      0xe9,
      ...utf8(' is '),
      0x93,
      ...utf8('nice'),
      0x94,
      ...utf8('.\nLast line → fine\n'),
    ]);
    const result = readGuide(bytes, FILE);
    expect(result.ok).toBe(true);
    expect(result.text).toBe('# Menu ≈ ok\n\nThe café is “nice”.\nLast line → fine\n');
    expect(result.text).not.toContain('\uFFFD');
    expect(result.diagnostics).toMatchObject([
      { ruleId: 'invalid-utf8', severity: 'warning', file: FILE, line: 3, column: 8 },
    ]);
  });

  it('warns once per line with stray bytes, and counts the lines past the twentieth', () => {
    const lines = Array.from({ length: 25 }, (_, k) => [...utf8(`line ${k} `), 0xe9, 0xe8, 0x0a]).flat();
    const result = readGuide(new Uint8Array(lines), FILE);
    const warnings = result.diagnostics.filter((d) => d.ruleId === 'invalid-utf8');
    expect(warnings).toHaveLength(21);
    expect(warnings.slice(0, 20).map((d) => d.line)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    expect(warnings[20]?.message).toMatch(/^5 more lines/);
    expect(result.text.split('\n')[24]).toBe('line 24 éè');
  });

  it('reads a truncated sequence at the end as Windows-1252', () => {
    const result = readGuide(new Uint8Array([...utf8('# End '), 0xe2, 0x80]), FILE);
    expect(result.text).toBe('# End â€');
    expect(result.diagnostics.map((d) => d.ruleId)).toContain('invalid-utf8');
  });

  it('rejects overlong forms and surrogates instead of decoding them', () => {
    const bytes = new Uint8Array([
      ...utf8('# Overlong '),
      0xc0,
      0xaf,
      ...utf8(' and surrogate '),
      0xed,
      0xa0,
      0x80,
    ]);
    const result = readGuide(bytes, FILE);
    expect(result.text).toBe('# Overlong À¯ and surrogate í\u00A0€');
    expect(result.text).not.toContain('\uFFFD');
  });

  it('never throws and never writes U+FFFD, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = readGuide(bytes, FILE);
        // A U+FFFD the file itself holds is the author's; none may come from decoding.
        if (!Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
          expect(result.text).not.toContain('\uFFFD');
        }
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on text-like bytes with mojibake pieces in them', () => {
    const pieces = [
      'a',
      ' ',
      '\n',
      'â€',
      '™',
      'ðŸ',
      '§',
      'ï¸',
      'Ã',
      'é',
      '\u00A0',
      'ğ',
      '→',
      '\r',
      'Ÿ',
      '\u0081',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        const result = readGuide(utf8(`x ${parts.join('')}`), FILE);
        expect(result.text).not.toContain('\uFFFD');
      }),
      { numRuns: 1000 },
    );
  });
});
