// Parts of speech of English text, from wink-nlp and its light English model: what tells a noun
// phrase ("rate limiter", "order state machine") from a clause, a verb or a bare adjective.
// The model takes about 0.3 s to load, so it is required on first use only: a build that finds
// nothing to rebuild, or guides without English prose, never loads it.
import { createRequire } from 'node:module';

/** One word of a text with its universal part-of-speech tag (NOUN, PROPN, VERB, ADJ, …). */
export interface Tagged {
  text: string;
  pos: string;
  /** True for the model's stop words (the, is, what, …). */
  stop: boolean;
}

interface Nlp {
  readDoc(text: string): {
    tokens(): { out(f?: unknown): string[]; each(cb: (t: { out(f?: unknown): unknown }) => void): void };
  };
  its: { pos: unknown; stopWordFlag: unknown; value: unknown; precedingSpaces: unknown };
}

let nlp: Nlp | undefined;

function load(): Nlp {
  if (nlp) return nlp;
  const require = createRequire(import.meta.url);
  // wink-nlp is CommonJS; its types describe far more than the little used here.
  const winkNLP = require('wink-nlp') as (model: unknown) => Nlp;
  nlp = winkNLP(require('wink-eng-lite-web-model'));
  return nlp;
}

/** The words of `text` with their tags. */
export function tag(text: string): Tagged[] {
  const n = load();
  const out: Tagged[] = [];
  let glued = false;
  n.readDoc(text)
    .tokens()
    .each((t) => {
      const word = {
        text: String(t.out(n.its.value)),
        pos: String(t.out(n.its.pos)),
        stop: Boolean(t.out(n.its.stopWordFlag)),
      };
      const spaced = String(t.out(n.its.precedingSpaces)) !== '';
      const prev = out[out.length - 1];
      // "Event-Driven", "pod-to-pod": a compound written with hyphens is one word; it names a
      // thing when its last part does, else it describes one.
      if (prev && !spaced && (word.text === '-' || glued)) {
        prev.text += word.text;
        if (word.text !== '-') prev.pos = ['NOUN', 'PROPN'].includes(word.pos) ? 'NOUN' : 'ADJ';
        prev.stop = false;
        glued = word.text === '-';
        return;
      }
      glued = false;
      out.push(word);
    });
  return out;
}

const NOUNISH = new Set(['NOUN', 'PROPN']);

/** Verbs that open a request and also name things: "Design Twitter" asks, "Design decisions" names. */
const REQUEST_VERB = /^(?:design|implement|build|create|write|explain|describe|compare)$/i;
const MODIFIER = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);

/** A participle that modifies the noun after it: "linked list", "rolling updates". */
function participle(words: Tagged[], i: number): boolean {
  const w = words[i];
  const next = words[i + 1];
  // After its subject ("you showed initiative") the verb is finite, not a modifier.
  const before = words[i - 1]?.pos;
  if (before === 'PRON' || before === 'AUX') return false;
  return (
    w !== undefined &&
    w.pos === 'VERB' &&
    /(?:ed|ing)$/i.test(w.text) &&
    next !== undefined &&
    NOUNISH.has(next.pos)
  );
}

/**
 * The noun phrases of `text`: runs of nouns with the adjectives, numbers and participles before
 * them, ending in a noun, at most `maxWords` words, stop words trimmed from the front.
 * "What is a hash table and how does it work?" → ["hash table"].
 */
export function nounPhrases(text: string, maxWords = 4): string[] {
  // A title in Title Case starts with its verb ("Design a Rate Limiter"), which the tagger reads
  // as a name unless it is written in lower case.
  const words = tag(text.replace(/^([A-Z][a-z]+)\b/, (w) => w.toLowerCase()));
  // A first word before an article is the verb of a request ("design an Event-Driven System"),
  // and so is a naming verb before a name ("Design Twitter Clone").
  if (
    words[0] &&
    (words[1]?.pos === 'DET' || (REQUEST_VERB.test(words[0].text) && /^\p{Lu}/u.test(words[1]?.text ?? '')))
  )
    words[0].pos = 'VERB';
  // The rest of a title in Title Case is a name, whatever the tagger makes of its words
  // ("a Distributed Lock" is not a verb twice).
  const rest = words.slice(1).filter((w) => w.pos !== 'PUNCT' && w.pos !== 'DET');
  if (words[0]?.pos === 'VERB' && rest.length > 0 && rest.every((w) => /^\p{Lu}/u.test(w.text))) {
    for (const w of rest) if (w.pos === 'VERB' || w.pos === 'ADJ' || w.pos === 'NOUN') w.pos = 'PROPN';
  }
  const phrases: string[] = [];
  let run: Tagged[] = [];
  const flush = (): void => {
    while (run.length > 0 && (run[0]?.stop || run[0]?.pos === 'NUM')) run.shift();
    // "different Kubernetes service types": an adjective before a compound only grades it.
    if (run.length > 2 && run[0]?.pos === 'ADJ') run.shift();
    while (run.length > 0 && !NOUNISH.has(run[run.length - 1]?.pos ?? '')) run.pop();
    if (run.length > 0 && run.length <= maxWords && run.some((w) => !w.stop)) {
      phrases.push(join(run));
    }
    run = [];
  };
  words.forEach((w, i) => {
    // A hyphen or slash inside a compound ("event-driven", "read/write") comes as its own token.
    const glue =
      /^[-/]$/.test(w.text) && run.length > 0 && words[i + 1] && MODIFIER.has(words[i + 1]?.pos ?? '');
    // "BFS vs DFS" is two terms.
    const versus = /^(?:vs\.?|versus)$/i.test(w.text);
    if (!versus && (MODIFIER.has(w.pos) || participle(words, i) || glue)) run.push(w);
    else flush();
  });
  flush();
  return phrases;
}

/** Words joined back as they were written: no space around a hyphen or slash. */
function join(words: Tagged[]): string {
  return words
    .map((w) => w.text)
    .join(' ')
    .replace(/\s*([-/])\s*/g, '$1');
}
