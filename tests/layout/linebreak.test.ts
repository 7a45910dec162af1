import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { getFace } from '../../src/layout/fonts.js';
import { breakLines } from '../../src/layout/linebreak.js';
import { textWidth } from '../../src/layout/shape.js';
import type { Line } from '../../src/layout/types.js';

const opts = { width: 160, size: 7.5, color: '#000' };
const text = (lines: Line[]) => lines.map((l) => l.runs.map((r) => r.text).join(''));
const widest = (lines: Line[]) => Math.max(...lines.map((l) => l.width));

describe('breakLines', () => {
  it('breaks prose at spaces and keeps every line within the width', () => {
    const prose =
      'The transcription is asynchronous: the user gets immediate feedback and the GPU work runs in the background while the app polls.';
    const lines = breakLines([{ text: prose }], opts);
    expect(lines.length).toBeGreaterThan(2);
    expect(widest(lines)).toBeLessThanOrEqual(opts.width + 0.001);
    expect(text(lines).join(' ')).toBe(prose);
  });

  it("sets the space after an emoji in the text's face, not the emoji face's wide space", () => {
    const [line] = breakLines([{ text: 'the 🚀 launch' }], { ...opts, width: 400 });
    const runs = line?.runs ?? [];
    const emoji = runs.find((r) => r.face === 'emoji');
    const after = runs.find((r) => r.text.includes('launch'));
    expect(emoji && after).toBeTruthy();
    if (!emoji || !after) return;
    const gap = after.x - (emoji.x + textWidth('emoji', '🚀', opts.size));
    expect(gap).toBeCloseTo(textWidth('sans', ' ', opts.size), 3);
  });

  it('cuts a 2,000-character word into lines that fit, without adding hyphens', () => {
    const word = 'abcdefghij'.repeat(200);
    const lines = breakLines([{ text: word }], opts);
    expect(lines.length).toBeGreaterThan(20);
    expect(widest(lines)).toBeLessThanOrEqual(opts.width + 0.001);
    expect(text(lines).join('')).toBe(word);
  });

  it('breaks a long URL after its slashes rather than between letters', () => {
    const url =
      'https://example.com/api/v1/transcriptions/episodes/0123456789/segments/words?include=timestamps&speaker=1';
    const lines = breakLines([{ text: `See ${url} for details.` }], opts);
    expect(widest(lines)).toBeLessThanOrEqual(opts.width + 0.001);
    const parts = text(lines);
    for (const line of parts.slice(0, -1)) expect(line).toMatch(/[/?&.=\s:]$|See$/);
    expect(parts.join('').replace(/\s/g, '')).toBe(`See${url}fordetails.`);
  });

  it('keeps the indentation of a wrapped code line on its continuation lines', () => {
    const code =
      '        const result = await transcribe(episode.audioUrl, { language: detected, diarize: true });';
    const lines = breakLines([{ text: code, style: { mono: true } }], { ...opts, preserve: true });
    expect(lines.length).toBeGreaterThan(1);
    const indent = textWidth('mono', '        ', opts.size);
    expect(lines[0]?.runs[0]?.text.startsWith('const')).toBe(true);
    for (const line of lines) expect(line.runs[0]?.x).toBeCloseTo(indent, 5);
    expect(widest(lines)).toBeLessThanOrEqual(opts.width + 0.001);
  });

  it('keeps runs of spaces inside code', () => {
    const lines = breakLines([{ text: 'a    =  1', style: { mono: true } }], { ...opts, preserve: true });
    expect(text(lines)).toEqual(['a    =  1']);
  });

  it('measures a word as fontkit shapes it, with kerning and f-ligatures, and a space as a space', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont('sans', getFace('sans').bytes);
    doc.font('sans').fontSize(10);
    for (const word of ['To', 'Wave', 'AVATAR', 'Type', 'architecture.', 'first', 'offline', 'ffi', '→≈×']) {
      expect(textWidth('sans', word, 10), word).toBeCloseTo(doc.widthOfString(word), 6);
    }
    expect(textWidth('sans', 'To Wave', 10)).toBeCloseTo(
      textWidth('sans', 'To', 10) + textWidth('sans', ' ', 10) + textWidth('sans', 'Wave', 10),
      9,
    );
  });

  it('puts the first line at its offset for hanging paragraphs', () => {
    const lines = breakLines([{ text: 'word '.repeat(40) }], { ...opts, firstOffset: -6 });
    expect(lines[0]?.runs[0]?.x).toBe(-6);
    expect(lines[1]?.runs[0]?.x).toBe(0);
  });
});

describe('code blocks', () => {
  it("mark a wrapped line's continuation with a hook drawn as lines, not text", async () => {
    const { codeBlock } = await import('../../src/layout/blocks.js');
    const boxes = codeBlock(`    ${'value_'.repeat(20)}`, 120, { size: 7, leading: 8.5, color: '#000' });
    expect(boxes.length).toBeGreaterThan(1);
    expect(boxes[0]?.items.every((i) => i.kind === 'text')).toBe(true);
    for (const box of boxes.slice(1)) {
      expect(box.items.filter((i) => i.kind === 'line').length).toBe(4);
      const text = box.items.find((i) => i.kind === 'text');
      const first = boxes[0]?.items.find((i) => i.kind === 'text');
      expect(text?.kind === 'text' && first?.kind === 'text' && text.run.x > first.run.x).toBe(true);
    }
  });
});
