// Fingerprints for telling whether two versions of a card are the same: a hash and a bottom-k
// sketch of an answer's words, and how alike two questions are by their meaningful words.
import { hash } from 'node:crypto';
import { normalizeQuestion } from '../../normalize/id.js';

/** How many shingle hashes an answer's sketch keeps: enough to tell "mostly the same" apart. */
export const SKETCH_SIZE = 32;

/** An answer's words, lower-cased, without Markdown punctuation: formatting edits change nothing. */
function answerWords(answer: string): string[] {
  return (
    answer
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hashes as a sketch: 4 bytes each, big-endian, base64 (172 characters for 32 hashes). */
function encodeSketch(hashes: number[]): string {
  const bytes = Buffer.alloc(hashes.length * 4);
  hashes.forEach((h, i) => {
    bytes.writeUInt32BE(h, i * 4);
  });
  return bytes.toString('base64');
}

/** A format-1 sketch (8-hex values, space separated) in the current format. */
export function sketchFromHex(hex: string): string {
  return encodeSketch(hex === '' ? [] : hex.split(' ').map((h) => Number.parseInt(h, 16)));
}

/** The fingerprint of an answer: a hash of its words and a bottom-k sketch of its word 3-shingles. */
export function fingerprintAnswer(answer: string): { answer: string; sketch: string } {
  const words = answerWords(answer);
  const digest = hash('sha256', words.join(' '), 'hex').slice(0, 16);
  const shingles = new Set<number>();
  if (words.length > 0 && words.length < 3) shingles.add(fnv1a(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(fnv1a(words.slice(i, i + 3).join(' ')));
  const sketch = [...shingles].sort((a, b) => a - b).slice(0, SKETCH_SIZE);
  return { answer: `sha256:${digest}`, sketch: encodeSketch(sketch) };
}

/** The hashes of a sketch. */
export function parseSketch(sketch: string): number[] {
  const bytes = Buffer.from(sketch, 'base64');
  const hashes: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) hashes.push(bytes.readUInt32BE(i));
  return hashes;
}

/**
 * Estimated Jaccard similarity of two answers' shingle sets from their bottom-k sketches: among the
 * k smallest hashes of the union, the share found in both. Exact when both answers are short.
 */
export function sketchSimilarity(a: string, b: string): number {
  return sortedSketchSimilarity(sortedHashes(a), sortedHashes(b));
}

/** A sketch's hashes, each once, in ascending order. */
export function sortedHashes(sketch: string): number[] {
  return [...new Set(parseSketch(sketch))].sort((x, y) => x - y);
}

/** `sketchSimilarity` of two sketches given as `sortedHashes`: one merge of the two lists. */
export function sortedSketchSimilarity(left: number[], right: number[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  let i = 0;
  let j = 0;
  let union = 0;
  let both = 0;
  while (union < SKETCH_SIZE && (i < left.length || j < right.length)) {
    const l = left[i] ?? Number.POSITIVE_INFINITY;
    const r = right[j] ?? Number.POSITIVE_INFINITY;
    if (l === r) {
      both++;
      i++;
      j++;
    } else if (l < r) i++;
    else j++;
    union++;
  }
  return both / union;
}

/** Words that say how a question is asked, not what it is about. */
const STOPWORDS = new Set(
  (
    'a an the and or but of to in on at for with by from into about as is are was were be been being do does ' +
    'did doing done can could would will should shall may might must have has had i me my we our us you your it ' +
    'its this that these those there here what which who whom whose how why when where tell walk through explain ' +
    'describe talk give some any so just really also please let lets mean yourself instead over rather than vs ' +
    'versus not use using choose chose chosen pick picked go went decide decided opt if both each much many ' +
    'work works happen happens whats hows whys thats theres heres im ive youd youre youve'
  ).split(' '),
);

/** A word without its common English endings, so "handle", "handles" and "handling" are one. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ing|ed|est|es|s|ly)$/, '').replace(/e$/, '');
}

/**
 * The words that carry a question's meaning. `slug` names the project: "…of PodScribe?" says no
 * more than "…of this?", so the project's name is left out too.
 */
export function questionTerms(question: string, slug = ''): Set<string> {
  const words = normalizeQuestion(question).split(' ');
  const project = slug.replace(/-/g, '');
  return new Set(words.filter((w) => w !== '' && w !== project && !STOPWORDS.has(w)).map(stem));
}

/**
 * How alike two questions are: the Dice coefficient of their content words, so one added or
 * dropped word in a short question still leaves them close.
 */
export function questionSimilarity(a: string, b: string, slug = ''): number {
  return termSimilarity(questionTerms(a, slug), questionTerms(b, slug));
}

/** `questionSimilarity` of two questions given as their `questionTerms`. */
export function termSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let both = 0;
  for (const w of left) if (right.has(w)) both++;
  return (2 * both) / (left.size + right.size);
}

/** True when two section headings are the same once normalized like questions. */
export function sameSection(a: string, b: string): boolean {
  return normalizeQuestion(a) === normalizeQuestion(b);
}
