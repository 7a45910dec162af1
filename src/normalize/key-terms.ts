// Key terms of an entry: the guide's own "Key terms:" list when it has one, else terms derived
// from the answer: bold phrases, inline code, technology names from the guide's facts.
import type { Nodes, Root } from 'mdast';
import type { Fact } from '../model.js';
import { parseMarkdown } from '../parse/index.js';
import { cjkWords, isCjk } from './cjk.js';
import { inlineText } from './gist.js';
import { nounPhrases, tag } from './pos.js';

/** At most this many derived terms: the cheat sheet gives them one line. */
export const MAX_TERMS = 4;

/** Terms taken from the question alone, when the answer names nothing: fewer, as they are weaker. */
const FALLBACK_TERMS = 2;

function collect(node: Nodes, type: 'strong' | 'inlineCode', out: string[]): void {
  if (node.type === type) {
    out.push(node.type === 'inlineCode' ? node.value : inlineText(node).replace(/`/g, ''));
    return;
  }
  if ('children' in node) for (const child of node.children as Nodes[]) collect(child, type, out);
}

/** A bold phrase worth listing: short, not a label, not a sentence, not mere emphasis. */
function isTerm(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 48) return false;
  if (/[:：]/.test(t) || /^\d+[.)]?$/.test(t) || /[.!?。？]/.test(t.replace(/\.(?=\w)/g, ''))) return false;
  if (/^(note|tip|answer|explanation|result|problem|solution|why|example|current|future|step \d+)\b/i.test(t))
    return false;
  // The names of an answer's parts ("**Benefit:**", "**Trade-offs**", "**Key takeaway**").
  if (
    /^(?:(?:main|key|the|one|biggest)\s+)?(?:benefits?|pros|cons|trade-?offs?|drawbacks?|(?:dis)?advantages?|impact|outcome|goals?|approach|reasons?|context|challenges?|summary|overview|takeaways?|lessons? learned|implications?|limitations?|caveats?|alternatives?|verdict|conclusion)$/i.test(
      t,
    )
  )
    return false;
  // A single plain lowercase word is emphasis ("**once**"), not a term.
  if (!/\s/.test(t) && /^[a-z]+$/.test(t) && t.length < 7) return false;
  // A whole CJK sentence in bold ("谈谈this的理解") is a question, not a term.
  if (isCjk(t) && [...t].length > 12) return false;
  return t.split(/\s+/).length <= 4;
}

/** Tags that never start or make a term: a clause, a pronoun, a preposition, a bare adjective. */
const NOT_IN_TERM = new Set(['AUX', 'PRON', 'SCONJ', 'ADP', 'PART', 'INTJ']);

/** True when English words are a noun phrase or a name, by their parts of speech. */
function nounPhrase(text: string): boolean {
  const words = tag(text).filter((w) => w.pos !== 'PUNCT');
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return false;
  if (words.some((w) => NOT_IN_TERM.has(w.pos))) return false;
  // "Identify the key operations", "Then simplify": a verb or an adverb first is an instruction;
  // a gerund ("Caching impacts") names an activity, a participle qualifies ("Amortized analysis").
  const participle = /ing$/i.test(first.text) || (/ed$/i.test(first.text) && words.length > 1);
  if ((first.pos === 'VERB' && !participle) || first.pos === 'ADV' || first.pos === 'DET') return false;
  if (words.length === 1) return first.pos !== 'ADJ' && !first.stop;
  return !['ADJ', 'DET', 'CCONJ', 'ADV'].includes(last.pos);
}

/** Literal values in code spans ("true", "null", "42") are answers to a quiz, not terms. */
const LITERAL = /^(?:true|false|null|nil|none|undefined|nan|-?\d[\d.,_]*|(["'`]).*\1)$/i;

/** A code span that names something: an identifier, a path, a flag, a call. */
function isCodeTerm(text: string): boolean {
  return (
    text.length >= 2 &&
    text.length <= 30 &&
    /^[\w.@/$#:~-]+(?:\(\))?$/.test(text) &&
    /[A-Za-z]/.test(text) &&
    !LITERAL.test(text)
  );
}

function clean(term: string): string {
  let t = term.trim().replace(/\s+/g, ' ');
  // A parenthesis that explains ("Distributed Lock (or Request Coalescing)") is not the term.
  // A call's own parentheses ("cancelOrder()", "COUNT(*)") are part of it.
  const bare = t.replace(/\s+\([^)]*\)?\s*$/, '').trim();
  if (bare.length >= 2) t = bare;
  return t
    .replace(/(^|\s)['"‘“]|['"’”](?=\s|$)/g, '$1')
    .replace(/^[("'“]+|["'”.,;:!?]+$/g, '')
    .trim();
}

/** Technology names: the values of the guide's facts, split at separators ("Supabase + Deno"). */
export function factTerms(facts: Fact[]): string[] {
  const out = new Set<string>();
  for (const f of facts) {
    for (const part of f.value.split(/\s*(?:[/+,·]|\band\b)\s*/)) {
      const t = part.replace(/\([^)]*\)/g, '').trim();
      if (/^[A-Z][\w.-]*(?:\s[A-Z0-9][\w.-]*){0,2}$/.test(t) && t.length >= 3) out.add(t);
    }
  }
  return [...out];
}

/** Words shaped like product names: WebSocket, PM2, BullMQ, FFmpeg, sync.Mutex. Code blocks
 * are left out: their keywords are not terms. */
function nameLike(text: string): string[] {
  // Links and addresses are left out too: "[Import in GoLang](…)" names a page, not a term.
  // Each pattern starts only where a match can (a token's start, a `[` with no other inside), so
  // a long word or a run of `[` is read once, not once per character.
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/\[[^[\]]*\]\([^()]*\)/g, ' ')
    .replace(/(?<!\S)[^\s:]*:\/\/\S*/g, ' ')
    // An emoji's shortcode (`:blue_book:`) is decoration.
    .replace(/:[a-z0-9_+-]+:/g, ' ');
  const out: string[] = [];
  for (const m of prose.matchAll(
    /(?<![\p{L}\p{N}_.@/-])([A-Za-z]+[a-z][A-Z]\w*|[A-Z][a-z]*[A-Z]\w*|[A-Za-z]+\d\w*|\w+\.[A-Za-z]\w+(?:\(\))?|[a-z]+_[a-z_]*[a-z])(?![\p{L}\p{N}_@/-]|\.\w)/gu,
  )) {
    const w = m[1] ?? '';
    if (!/^\d/.test(w) && !/^(?:https?|www)\b/i.test(w)) out.push(w);
  }
  return out;
}

/** Letters that make words with spaces between them: they continue a term written next to them. */
const ALPHABETS =
  '\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Armenian}\\p{Script=Georgian}';

/** A letter, digit or joining mark right before a term continues it… */
const CONTINUES_BEFORE = new RegExp(`[${ALPHABETS}\\p{N}_./-]$`, 'u');
/** …and right after it, as does a dot before a word character ("index.js"). */
const CONTINUES_AFTER = new RegExp(`^(?:[${ALPHABETS}\\p{N}_/-]|\\.\\w)`, 'u');

/**
 * True when `piece` occurs in `text` with neither `before` matching what precedes it nor `after`
 * what follows: found with indexOf and fixed patterns, as a pattern made per piece costs more to
 * compile than to run.
 */
function occursAlone(piece: string, text: string, before: RegExp, after: RegExp): boolean {
  if (piece === '') return false;
  for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
    const end = at + piece.length;
    if (before.test(text.slice(Math.max(0, at - 2), at))) continue;
    if (after.test(text.slice(end, end + 2))) continue;
    return true;
  }
  return false;
}

/** True when `term` stands as a whole in `text`, not as a piece of a longer word or name. */
function standsAlone(term: string, text: string): boolean {
  // Written against Chinese, Japanese or Korean ("HTML与XML", "SDK는"), a name still stands alone:
  // only letters of an alphabet continue it.
  if (isCjk(term)) return term !== '' && text.includes(term);
  return occursAlone(term, text, CONTINUES_BEFORE, CONTINUES_AFTER);
}

/** A letter or digit at the end, or at the start, of a piece of text. */
const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_START = /^[\p{L}\p{N}]/u;

/** True when `part` is a word or words of the longer `term` ("Fatal" of "log.Fatal"), in any case. */
function partOf(part: string, term: string): boolean {
  if (part.length >= term.length) return false;
  return occursAlone(part.toLowerCase(), term.toLowerCase(), WORD_END, WORD_START);
}

/** Latin-script names inside other prose, up to four words written together: "requireJS",
 * "Block Formatting Context", "GROUP BY", "equals()". */
function latinRuns(text: string): string[] {
  return [
    ...text.matchAll(
      /(?<![A-Za-z0-9_.-])([A-Za-z][\w.+#-]*(?:\(\))?(?: [A-Za-z][\w.+#-]*(?:\(\))?){0,3})(?![A-Za-z0-9_-])/gu,
    ),
  ].map((m) => (m[1] ?? '').replace(/[.-]+$/, ''));
}

/** Questions labelled as a numbered follow-up ("꼬리질문1:", "Follow-up 2:") start after the label. */
function questionText(question: string): string {
  return question.replace(/^[^:：\s]{1,12}\s?\d*\s*[:：]\s*/u, '');
}

/** Hyphens other than `-`: U+2010 and the non-breaking U+2011. */
const HYPHENS = /[\u2010\u2011]/g;

/**
 * Function words of the other Latin-script languages the extraction reads: French, Spanish,
 * German, Italian, Portuguese, Dutch and Indonesian (the others show by their accented letters).
 */
const NOT_ENGLISH =
  /(?<![\p{L}\p{N}])(?:le|la|les|est|des|une|du|qu'|c'est|el|los|las|es|una|qué|cómo|der|die|das|ist|und|nicht|wie|il|che|è|um|uma|não|como|é|het|een|niet|wat|zijn|voor|ook|maar|wordt|worden|yang|dengan|untuk|adalah|dari|tidak|pada|dalam|atau)(?![\p{L}\p{N}])/giu;

/** Latin letters with a mark (`ą`, `ı`, `ş`, `ư`, `é`): a few in English, many in most other languages. */
const MARKED_LETTER = /(?![A-Za-z])\p{Script=Latin}/gu;

/**
 * Latin-script prose is read as English unless another language's function words show, or one
 * letter in twenty or more carries a mark (Polish, Turkish, Vietnamese, Czech…).
 */
function isEnglish(text: string): boolean {
  if (/[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}]/u.test(text)) return false;
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .slice(0, 600);
  if ((prose.match(NOT_ENGLISH)?.length ?? 0) >= 2) return false;
  const marked = prose.match(MARKED_LETTER)?.length ?? 0;
  return marked < 3 || marked * 20 < (prose.match(/\p{Script=Latin}/gu)?.length ?? 0);
}

/** Up to MAX_TERMS terms for an entry; `explicit` is the guide's own list and is kept verbatim. */
export function keyTermsFor(
  question: string,
  answer: string,
  explicit: string[] | null,
  facts: Fact[],
  tree: Root = parseMarkdown(answer),
  /** The guide's title: the topic of every entry, so no key term of any. */
  title = '',
): string[] {
  if (explicit && explicit.length > 0) return explicit;
  const bold: string[] = [];
  const code: string[] = [];
  collect(tree, 'strong', bold);
  collect(tree, 'inlineCode', code);
  // A hyphen that is not `-` (U+2010, or U+2011 that keeps "end‑to‑end" on one line) splits the
  // words for the tagger: read as `-`, the term keeps its words together.
  for (const list of [bold, code]) for (const [i, t] of list.entries()) list[i] = t.replace(HYPHENS, '-');
  answer = answer.replace(HYPHENS, '-');
  const asked = questionText(question).replace(HYPHENS, '-');
  const haystack = `${asked}\n${answer}`;
  const english = !isCjk(haystack) && isEnglish(`${asked}\n${answer}`);
  const cjk = isCjk(asked) || isCjk(answer.slice(0, 400));
  const techs = factTerms(facts).filter((t) => standsAlone(t, haystack));
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (t: string, check: (c: string) => boolean = () => true): void => {
    if (terms.length >= MAX_TERMS) return;
    const c = clean(t);
    const key = c.toLowerCase();
    if (c.length < 2 || seen.has(key) || seen.has(`${key}s`) || seen.has(key.replace(/s$/, ''))) return;
    if (!standsAlone(c, haystack)) return;
    // A word of a term already listed adds nothing ("Lock" after "Distributed Lock").
    if (terms.some((k) => partOf(c, k))) return;
    if (!check(c)) return;
    // …and a term listed before that is a word of this one goes ("Fatal" before "log.Fatal").
    for (let i = terms.length - 1; i >= 0; i--) if (partOf(terms[i] as string, c)) terms.splice(i, 1);
    seen.add(key);
    terms.push(c);
  };
  const phraseCheck = (c: string): boolean =>
    !english || (!/\s/.test(c) && /[`_./()@$#]/.test(c)) || nounPhrase(c);
  // The question names what it is about: its noun phrases first.
  const mentions = (c: string): number => answer.toLowerCase().split(c.toLowerCase()).length - 1;
  if (english) {
    // The tagger reads "breaks" and "load" as nouns too: a phrase of the question counts when
    // the answer uses it as well, or when it is a name (capitalised words) or a compound.
    for (const p of nounPhrases(stripCode(asked))) {
      if (!isTermPhrase(p)) continue;
      const named = /^[A-Z0-9]/.test(p) || mentions(p) > (/\s/.test(p) ? 0 : 1);
      if (named) add(p);
    }
  } else if (cjk) {
    for (const w of [...latinRuns(asked), ...cjkWords(asked)]) add(w, (c) => !isCjk(c) || mentions(c) > 0);
  }
  const restated = (b: string): boolean =>
    asked.toLowerCase().startsWith(b.toLowerCase().replace(/[?？]$/, ''));
  for (const b of bold) if (isTerm(b) && !restated(b)) add(b, phraseCheck);
  for (const c of code) if (isCodeTerm(c)) add(c);
  for (const t of techs) add(t);
  // In Cyrillic prose a Latin run is a name ("GROUP BY"); in French or Spanish, only a word
  // shaped like one ("WebAPI", "localStorage").
  if (!english && !cjk) {
    // Latin-script prose (French, Italian…) is told by having no letters of another alphabet.
    const latin = !/[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}]/u.test(asked);
    if (latin) {
      // A one-word name the guide's title holds ("Go" in a guide of Go questions) is its topic.
      const topic = new Set(title.toLowerCase().split(/[^\p{L}\p{N}.+#]+/u));
      for (const w of namesInProse(asked, answer)) if (/\s/.test(w) || !topic.has(w.toLowerCase())) add(w);
    } else {
      for (const w of latinRuns(asked)) if (/[A-Z]{2}|[a-z][A-Z]/.test(w)) add(w);
    }
  }
  for (const n of nameLike(asked)) add(n);
  // Nothing better: a name the answer repeats, or opens with, is what it is about.
  if (terms.length === 0) {
    const names = nameLike(answer);
    const lead = new Set(nameLike(answer.slice(0, 160)));
    for (const n of names) if (lead.has(n) || names.filter((m) => m === n).length > 1) add(n);
  }
  // Still nothing (a behavioural question, an unanswered one): the question's own noun phrases,
  // the words a reader would say back ("a difficult decision", "initiative").
  if (terms.length === 0 && english) {
    // Longer phrases first: "difficult decision" says more than "year".
    const phrases = nounPhrases(stripCode(asked)).sort((a, b) => b.split(' ').length - a.split(' ').length);
    for (const p of phrases) {
      if (terms.length >= FALLBACK_TERMS) break;
      // A single word counts when the answer uses it too, or when there is no answer to ask.
      const backed = /\s/.test(p) || answer.trim() === '' || mentions(p) > 0;
      if (backed && isTermPhrase(p) && p.length >= 4) add(p, nounPhrase);
    }
  }
  return terms;
}

/** The question words of the Latin-script languages read, which open a question capitalized. */
const ASKING_WORD =
  /^(?:como|qual|quais|quando|onde|porque|cómo|cuál|cuáles|qué|dónde|cuándo|comment|quel|quelle|quels|pourquoi|wie|was|warum|welche|welcher|wann|wo|come|quale|quali|perché|cosa|dove|hoe|wat|waarom|welke|wanneer|waar|jak|jaki|jaka|co|czym|dlaczego|kiedy|gdzie|bagaimana|apa|mengapa|kapan|nasıl|neden|hangi|what|how|why|which|when|where)$/iu;

/** German capitalizes every noun: there a capital says nothing of a name. */
const GERMAN =
  /(?<![\p{L}])(?:der|die|das|ist|und|nicht|wie|ein|eine|einen|sind|wird|werden|mit|für|von|auf|zwischen|sie)(?![\p{L}])/iu;

/**
 * The names in a question of Latin-script prose that is not English (Italian, Turkish,
 * Vietnamese…), where the English tagger cannot be asked: words shaped like code or acronyms
 * (`InputStream/OutputStream`, `OOP`, `ES6`), and runs of capitalized words (`AWS Lambda`,
 * `Callback Hell`; one word, `Java`, only inside a sentence, or where the answer writes it
 * capitalized inside one too, as a sentence's first word is capitalized whatever it is).
 */
function namesInProse(question: string, answer: string): string[] {
  const german = GERMAN.test(question);
  const out: string[] = [];
  let run: string[] = [];
  let shapedIn = false;
  let first = false;
  let last = -1;
  const flush = (): void => {
    // A word a sentence starts with is a name when the answer writes it so inside a sentence too.
    const named = (w: string): boolean =>
      new RegExp(`[\\p{Ll},;]\\s+${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{L}])`, 'u').test(answer);
    // A question word opening the sentence is no part of the name after it ("Como Go …" gives "Go").
    if (first && run.length >= 2 && ASKING_WORD.test(run[0] ?? '')) {
      run.shift();
      first = false;
    }
    if (run.length >= 2 || shapedIn || (run.length === 1 && (!first || named(run[0] ?? ''))))
      out.push(run.join(' '));
    run = [];
    shapedIn = false;
  };
  for (const m of question.matchAll(/\p{L}[\p{L}\p{N}_.+#/-]*[\p{L}\p{N}_+#]|\p{L}/gu)) {
    const w = m[0];
    const at = m.index ?? 0;
    const shaped = /\p{Ll}\p{Lu}|\p{Lu}{2}|\d/u.test(w) || (/[./]\p{L}/u.test(w) && /\p{Lu}/u.test(w));
    const named = (shaped && /\p{L}{2}/u.test(w)) || (!german && /^\p{Lu}\p{Ll}/u.test(w));
    if (run.length > 0 && (!named || !/^[ \t]$/.test(question.slice(last, at)))) flush();
    if (named) {
      // The first word of the question, or of a sentence in it, is capitalized whatever it is.
      if (run.length === 0) {
        const before = question.slice(Math.max(0, at - 12), at).replace(/[\s¿¡"“”'‘’«»([{*_–—-]+$/u, '');
        first = (before === '' && at <= 12) || /[.?!？:;。]$/u.test(before);
      }
      run.push(w);
      shapedIn ||= shaped;
    }
    last = at + w.length;
  }
  flush();
  return out;
}

/** Code spans in a question are named on their own; left in, they break the phrase around them. */
function stripCode(text: string): string {
  return text.replace(/`[^`]*`/g, ' , ');
}

/** A noun phrase that names something: not a light noun alone ("time", "way", "difference"). */
function isTermPhrase(phrase: string): boolean {
  return !/^(?:time|times|way|thing|things|example|difference|differences|lot|kind|type|part|case|situation|something|someone|one|ones|year|years|month|months|day|days|week|weeks|today|hours?|minutes?|seconds?|project|projects|features?)$/i.test(
    phrase,
  );
}
