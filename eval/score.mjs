// Matching a guide's entries to its truth, and the scores the eval prints. Pure functions, so the
// matching rules are tested on their own (tests/eval/score.test.ts).

/** Text reduced to what two careful readers agree on: letters and digits, lower case, NFKC. */
export function compact(text) {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\\(.)/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function bigrams(s) {
  const out = new Map();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * How alike two questions read, 0 to 1: the Dice coefficient of their letter pairs, or 0.9 when
 * one holds the other whole (the truth keeps a multi-line prompt's first line only).
 */
export function similarity(a, b) {
  const x = compact(a);
  const y = compact(b);
  if (x === y) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 6 && long.includes(short)) return 0.9;
  if (x.length < 2 || y.length < 2) return 0;
  const bx = bigrams(x);
  const by = bigrams(y);
  let common = 0;
  for (const [g, n] of bx) common += Math.min(n, by.get(g) ?? 0);
  return (2 * common) / (x.length - 1 + (y.length - 1));
}

/** Lines the truth and the pack may disagree by: a heading's text on the line after its tag. */
const LINE_SLACK = 3;

/** Options of a multiple-choice question: `- A: …`, `- [ ] …`, `a) …`. */
const OPTION = /^\s*(?:[-*+]\s+)?(?:\[[ xX]\]|[A-Da-d][:.)])\s+\S/;
/** A line that announces the answer, in the languages the corpus holds. */
const ANSWER_LABEL =
  /^\s*(?:>\s*)*(?:[-*+]\s+)?(?:<details[^>]*>\s*)?(?:\*\*|__|<b>|<summary[^>]*>\s*(?:<b>)?)?\s*(?:answer|réponse|répondre|respuesta|resposta|antwort|ответ|答案|解答|回答|答え|정답|답변|solutions?|hints?)\b/iu;

/**
 * A line that is only an answer's label, with at most the option it names: `**Answer:**`,
 * `> **Answer: C**`, `<details><summary><b>Réponse</b></summary>`, `#### Solution`. Prose that
 * merely starts with the word ("Solution: T(n) = O(log n)") is the answer talking.
 */
const LABEL_LINE = new RegExp(
  `${ANSWER_LABEL.source}\\s*[:：]?\\s*(?:[A-Ea-e]\\b)?\\s*(?:\\*\\*|__|</b>|</summary>|<p>|\\s)*$`,
  'iu',
);

/** Why an answered truth question's back is wrong, or null when it is not. */
export function wrongBack(t, entry, next, guideLines) {
  const answer = entry.answer ?? '';
  if (t.answered && (entry.unanswered || answer.trim() === '')) return 'empty';
  if (next) {
    const q = compact(next.question);
    if (q.length >= 12 && compact(answer).includes(q)) return 'next question';
  }
  const lines = answer.split('\n');
  if (lines.filter((line) => OPTION.test(line)).length >= 2) return 'prompt';
  // A label after other text means the text before it was the question's (an answer may hold
  // several labels of its own: `Hints:` then `Solution:`).
  const firstText = lines.findIndex((line) => line.trim() !== '');
  if (ANSWER_LABEL.test(lines[firstText] ?? '')) return null;
  // Nor when the guide labels the answer right before its first line, a label the extraction
  // dropped: the labels after it are the answer's own (`**Answer:**`, then `**Challenges:**` and
  // `**Solution:**`).
  if (guideLines && labelledInGuide(guideLines, entry.source.line, lines[firstText] ?? '')) return null;
  // Later on, only a label that opens a block of its own counts (not `   - Solution: …` in a list).
  if (lines.some((line, i) => i > firstText && LABEL_LINE.test(line.replace(/^#+\s*/, '')))) return 'prompt';
  return null;
}

/** True when, in the guide, the line before the answer's first line (from `line` on) is a label. */
function labelledInGuide(guideLines, line, first) {
  const wanted = first.trim();
  if (wanted === '') return false;
  let before = '';
  for (let i = line; i < Math.min(guideLines.length, line + 200); i++) {
    const here = (guideLines[i] ?? '').trim();
    if (here === wanted) return LABEL_LINE.test(before.replace(/^#+\s*/, ''));
    if (here !== '') before = here;
  }
  return false;
}

/**
 * Pairs truth questions with entries one to one: the most alike pairs within a few lines first.
 * Returns the pairs, the truth nobody found (misses), the entries no truth asks for (extras),
 * wrong backs, and the `answered` flags that disagree.
 */
export function matchGuide(truth, entries, guideLines) {
  const candidates = [];
  truth.forEach((t, ti) => {
    entries.forEach((e, ei) => {
      const distance = Math.abs(e.source.line - t.line);
      if (distance > LINE_SLACK) return;
      const sim = similarity(t.question, e.question);
      if (sim >= 0.5 || (distance === 0 && sim >= 0.25))
        candidates.push({ ti, ei, score: sim - 0.05 * distance });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.ti - b.ti || a.ei - b.ei);
  const byTruth = new Map();
  const usedEntries = new Set();
  for (const c of candidates) {
    if (byTruth.has(c.ti) || usedEntries.has(c.ei)) continue;
    byTruth.set(c.ti, c.ei);
    usedEntries.add(c.ei);
  }
  const sorted = truth.map((t, i) => ({ t, i })).sort((a, b) => a.t.line - b.t.line);
  const nextOf = new Map(sorted.map(({ i }, k) => [i, sorted[k + 1]?.t]));
  const pairs = [];
  const misses = [];
  const wrong = [];
  const flags = [];
  truth.forEach((t, ti) => {
    const ei = byTruth.get(ti);
    if (ei === undefined) {
      misses.push(t);
      return;
    }
    const entry = entries[ei];
    pairs.push({ truth: t, entry });
    const kind = t.answered ? wrongBack(t, entry, nextOf.get(ti), guideLines) : null;
    if (kind) wrong.push({ line: t.line, question: t.question, kind });
    const packAnswered = !entry.unanswered;
    if (packAnswered !== t.answered)
      flags.push({ line: t.line, question: t.question, truth: t.answered, pack: packAnswered });
  });
  const extras = entries.filter((_, ei) => !usedEntries.has(ei));
  return { pairs, misses, extras, wrong, flags };
}

/** One guide's figures from its match. */
export function scoreGuide(match) {
  const truth = match.pairs.length + match.misses.length;
  const found = match.pairs.length + match.extras.length;
  const count = (kind) => match.wrong.filter((w) => w.kind === kind).length;
  return {
    truth,
    found,
    matched: match.pairs.length,
    recall: truth === 0 ? Number.NaN : match.pairs.length / truth,
    precision: found === 0 ? (truth === 0 ? 1 : 0) : match.pairs.length / found,
    wrongBacks: match.wrong.length,
    emptyBacks: count('empty'),
    nextQuestionBacks: count('next question'),
    promptBacks: count('prompt'),
    flagsOff: match.flags.length,
  };
}

/** Totals over guides: micro-averaged, every question weighs the same. */
export function sumScores(rows) {
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  const truth = sum('truth');
  const found = sum('found');
  const matched = sum('matched');
  return {
    truth,
    found,
    matched,
    recall: truth === 0 ? Number.NaN : matched / truth,
    precision: found === 0 ? 0 : matched / found,
    wrongBacks: sum('wrongBacks'),
    emptyBacks: sum('emptyBacks'),
    nextQuestionBacks: sum('nextQuestionBacks'),
    promptBacks: sum('promptBacks'),
    flagsOff: sum('flagsOff'),
  };
}
