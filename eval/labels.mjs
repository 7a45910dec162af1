// Scoring key terms, categories and gists against the hand-made labels of tests/eval/labels.json.
// Pure functions, so the rules are tested on their own (tests/eval/labels.test.ts).

/** Lines a label and an entry may disagree by, as for questions (score.mjs). */
const LINE_SLACK = 3;

/** The longest gist the cheat sheet takes (src/normalize/gist.ts). */
export const GIST_MAX = 220;

/** A term or phrase as two readers compare it: NFKC, lower case, no Markdown marks, one space. */
export function termKey(text) {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/^[\s"'“”‘’«»(]+|[\s"'“”‘’«».,;:!?)]+$/g, '')
    .trim();
}

/** True when a produced term is one the label accepts: the same term, or its plural. */
export function termAccepted(term, accepted) {
  const key = termKey(term);
  if (key === '') return false;
  for (const a of accepted) {
    const k = termKey(a);
    if (k === key || `${k}s` === key || k === `${key}s` || `${k}es` === key) return true;
  }
  return false;
}

/** Labels for sub-headings and answer markers that are never the point of an answer. */
const LABEL =
  /^(?:how to answer|what they want to know|what they're looking for|your answer|sample answer|model answer|answer|short answer|réponse|répondre|respuesta|resposta|antwort|ответ|答案|回答|解答|答え|정답|답변|key points?)\s*[:：]/iu;
/** Intro sentences that only announce what follows. */
const ANNOUNCE =
  /^(?:great question|good question|this is (?:a|an) (?:common|classic|great|good|popular|tricky) (?:question|one)|here(?:'s| is) (?:how|what|my answer))\b/i;
const PLACEHOLDER = /^(?:todo|tbd|tbc|wip|fixme|\.\.\.|…|coming soon|answer here)[.!]?$/i;
/** Two or more quiz options in one gist: `A: … B: …`, `- [ ] … - [ ] …`. */
const OPTIONS = /(?:^|\s)[A-D][:)]\s.*\s[B-E][:)]\s|\[[ xX]\].*\[[ xX]\]/s;

/**
 * Why a gist breaks the written rules, or null: an answered question has one, an unanswered one
 * none; at most 220 characters, a cut one ends in "…"; never a label, an announcement, a
 * placeholder or a list of quiz options.
 */
export function gistRuleBroken(entry) {
  const gist = (entry.gist ?? '').trim();
  const answered = entry.answered ?? !entry.unanswered;
  if (!answered) return gist === '' ? null : 'unanswered with a gist';
  if (gist === '') return 'empty';
  if (gist.length > GIST_MAX) return 'too long';
  // A cut gist says so: one that stops inside a word of the answer without "…" was cut silently.
  if (!gist.endsWith('…') && entry.answer) {
    const tail = /[\p{L}\p{N}]+$/u.exec(gist)?.[0];
    const plain = entry.answer.replace(/[`*_]/g, '');
    if (
      tail &&
      tail.length >= 2 &&
      new RegExp(`${tail}[\\p{L}\\p{N}]`, 'u').test(plain) &&
      !new RegExp(`${tail}(?![\\p{L}\\p{N}])`, 'u').test(plain)
    )
      return 'cut without …';
  }
  if (LABEL.test(gist)) return 'label';
  if (ANNOUNCE.test(gist) || /^[^.!?。]*[:：]$/.test(gist)) return 'announcement';
  if (PLACEHOLDER.test(gist)) return 'placeholder';
  if (OPTIONS.test(gist)) return 'quiz options';
  return null;
}

/** True when the gist says what the label asks of it. */
export function gistMatchesLabel(gist, label) {
  const g = termKey(gist ?? '');
  if (label.empty) return g === '';
  if (label.option !== undefined) {
    // The right option, with its text: the letter (when the options have letters) and the text,
    // or as much of the text as a cut gist holds.
    const text = termKey(label.text);
    const head = text.slice(0, 40);
    const hasText = g.includes(text) || (g.endsWith('…') && head.length > 0 && g.includes(head.slice(0, 20)));
    if (!hasText) return false;
    if (!label.option) return true;
    return new RegExp(`(?:^|[^\\p{L}])${label.option.toLowerCase()}(?:[^\\p{L}]|$)`, 'u').test(g);
  }
  return (label.any ?? []).some((phrase) => g.includes(termKey(phrase)));
}

/** Pairs each label of a guide with the nearest entry within a few lines, one to one. */
export function matchLabels(labels, entries) {
  const candidates = [];
  labels.forEach((label, li) => {
    entries.forEach((entry, ei) => {
      const distance = Math.abs(entry.source.line - label.line);
      if (distance <= LINE_SLACK) candidates.push({ li, ei, distance });
    });
  });
  candidates.sort((a, b) => a.distance - b.distance || a.li - b.li || a.ei - b.ei);
  const byLabel = new Map();
  const used = new Set();
  for (const c of candidates) {
    if (byLabel.has(c.li) || used.has(c.ei)) continue;
    byLabel.set(c.li, c.ei);
    used.add(c.ei);
  }
  const pairs = [];
  const unmatched = [];
  labels.forEach((label, li) => {
    const ei = byLabel.get(li);
    if (ei === undefined) unmatched.push(label);
    else pairs.push({ label, entry: entries[ei] });
  });
  return { pairs, unmatched };
}

/** One guide's figures from its labelled pairs, with what went wrong, by line. */
export function scoreLabels({ pairs, unmatched }) {
  const row = {
    labels: pairs.length + unmatched.length,
    matched: pairs.length,
    terms: 0,
    termsAccepted: 0,
    withTerms: 0,
    categoryOk: 0,
    gistOk: 0,
    gistRulesOk: 0,
    problems: [],
  };
  for (const { label, entry } of pairs) {
    const line = entry.source.line;
    const terms = entry.keyTerms ?? [];
    row.terms += terms.length;
    if (terms.length > 0) row.withTerms++;
    else row.problems.push({ line, kind: 'no term', text: entry.question });
    for (const t of terms) {
      if (termAccepted(t, label.terms)) row.termsAccepted++;
      else row.problems.push({ line, kind: 'term', text: t });
    }
    if (entry.category === label.category || label.also.includes(entry.category)) row.categoryOk++;
    else row.problems.push({ line, kind: 'category', text: `${entry.category}, expected ${label.category}` });
    const broken = gistRuleBroken(entry);
    if (!broken) row.gistRulesOk++;
    const matches = gistMatchesLabel(entry.gist, label.gist);
    if (!broken && matches) row.gistOk++;
    else row.problems.push({ line, kind: 'gist', text: `${broken ?? 'not the point'}: ${entry.gist}` });
  }
  return row;
}

/** Totals over guides: key-term precision, entries with a term, category and gist acceptance. */
export function sumLabelScores(rows) {
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  const matched = sum('matched');
  const terms = sum('terms');
  const share = (n, d) => (d === 0 ? Number.NaN : n / d);
  return {
    labels: sum('labels'),
    matched,
    termPrecision: share(sum('termsAccepted'), terms),
    withTerms: share(sum('withTerms'), matched),
    categories: share(sum('categoryOk'), matched),
    gists: share(sum('gistOk'), matched),
    gistRules: share(sum('gistRulesOk'), matched),
  };
}

/** The labelled figures that eval/floor.json keeps, by their names there. */
const LABEL_FIGURES = [
  ['termPrecision', 'key-term precision'],
  ['withTerms', 'entries with a key term'],
  ['categories', 'category acceptance'],
  ['gists', 'gist acceptance'],
];

/** The labelled totals as eval/floor.json records them, to four places. */
export function labelFloor(totals) {
  const out = {};
  for (const [key] of LABEL_FIGURES)
    if (Number.isFinite(totals[key])) out[key] = Number(totals[key].toFixed(4));
  return out;
}

/** What fell below the floor, one phrase each; a figure the floor does not hold is not checked. */
export function labelsBelow(totals, floor) {
  const worse = [];
  for (const [key, name] of LABEL_FIGURES) {
    if (typeof floor[key] !== 'number') continue;
    const value = Number.isFinite(totals[key]) ? totals[key] : 0;
    if (value + 1e-4 < floor[key]) worse.push(`${name} ${value.toFixed(3)} < ${floor[key]}`);
  }
  return worse;
}
