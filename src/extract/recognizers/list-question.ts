// Questions as list items with the answer nested under them: `- **How does X work?**` followed by
// indented paragraphs or a sub-list, or (a bold question) by the answer on the item's next lines.
import type { List, ListItem, Paragraph } from 'mdast';
import { ANSWER_WORD, ASK_THEM, isRequest, QUESTIONS_HEADING } from '../lexicon.js';
import { unfoldAnswerDetails } from '../raw-html.js';
import {
  asksThenRequests,
  cleanQuestion,
  dedent,
  dedentedLines,
  endsWithQuestionMark,
  isPrompt,
  marksQuestion,
  plain,
  sliceOf,
  stripQuotes,
  withoutBadge,
  withoutEmphasis,
  withoutLeadingBadge,
} from '../text.js';
import { type Claim, type Context, closedQuestion, type Recognizer } from '../types.js';

/** The text of an item's nested content, dedented so it reads as Markdown on its own. */
function nestedSource(item: ListItem, text: string): string {
  const second = item.children[1];
  const last = item.children[item.children.length - 1];
  if (!second?.position || !last?.position) return '';
  return dedentedLines(text, second.position.start.offset ?? 0, last.position.end.offset ?? 0);
}

/**
 * An item whose first paragraph asks in bold and then answers: `1. **Why X?**` with the answer
 * on the lines after it (or after the bold part). The question and that answer's source.
 */
function askThenAnswer(head: Paragraph, text: string): { question: string; lead: string } | null {
  const start = head.position?.start.offset;
  const end = head.position?.end.offset;
  if (start === undefined || end === undefined) return null;
  const first = head.children[0];
  if ((first?.type === 'strong' || first?.type === 'emphasis') && first.position?.end.offset !== undefined) {
    const question = plain(first);
    if (!endsWithQuestionMark(question)) return null;
    const after = text.slice(first.position.end.offset, end).replace(/^[ \t:：.)*_-]*\n?/, '');
    const lead = dedent(withoutLeadingBadge(after));
    return lead.trim() ? { question, lead: lead.trim() } : null;
  }
  // A plain first line ending in "?" with a note under it is a list of questions to ask, with
  // notes ("- What does on-call look like?" / "Ask about pager load."): not questions to answer.
  return null;
}

/**
 * An answer's label opening the item's second line (`Answer:`, `` `Answer:` ``, `**A:**`): what is
 * above it asks, question mark or not (`7. Tabs vs spaces` then `` `Answer:` Either…``).
 */
const LABEL_LINE = new RegExp(
  String.raw`\n[ \t]*(?=(?:\*\*|__|\x60)?${ANSWER_WORD}\s*\d*\s*(?:\*\*|__|\x60)?\s*[:：])`,
  'iu',
);

/**
 * An item's first line asks, and the same paragraph answers: `Why X? => Y`, `Why X? - Y`, `Why X?`
 * + next line, or any first line + a labelled answer on the next.
 */
function inlineAnswer(head: Paragraph, text: string): { question: string; lead: string } | null {
  const start = head.position?.start.offset;
  const end = head.position?.end.offset;
  if (start === undefined || end === undefined) return null;
  const source = text.slice(start, end);
  const label = LABEL_LINE.exec(source);
  if (label && !source.slice(0, label.index).includes('\n')) {
    const question = plain({
      type: 'text',
      value: withoutEmphasis(source.slice(0, label.index)).replace(/`/g, ''),
    });
    const lead = dedent(source.slice(label.index + label[0].length)).trim();
    if (question && lead) return { question, lead };
  }
  const m = /[?？](?:[*_"”’'»」]*)(?:[ \t]*(?:=>|->|→|[-–—:：])[ \t]+|[ \t]*\n[ \t]*)(?=\S)/.exec(source);
  if (!m) return null;
  const question = plain({
    type: 'text',
    value: withoutEmphasis(source.slice(0, m.index + 1)).replace(/`/g, ''),
  });
  const lead = dedent(source.slice(m.index + m[0].length)).trim();
  return question && lead ? { question, lead } : null;
}

/** The longest text of a link that names where an answer is (`➜`, `Answer`, `答案`, `more`). */
const POINTER_TEXT_MAX = 16;

/**
 * An item that asks and then links to its answer elsewhere: `What is X? [Answer](x.md)`,
 * `什么是负载？[答案](/os/)`, `**Label:** Explain X. [➜](a.md#x)`, `Why Y? ([answer](#y))`. The
 * question, and the link as its answer: a pointer, so the card stays unanswered but keeps it.
 */
function linkedAnswer(
  head: Paragraph,
  text: string,
  among = false,
): { question: string; lead: string } | null {
  const parts = head.children.filter((c) => !(c.type === 'text' && /^[\s)\]）】]*$/.test(c.value)));
  const link = parts[parts.length - 1];
  if (link?.type !== 'link' || parts.length < 2 || plain(link).length > POINTER_TEXT_MAX) return null;
  const start = head.position?.start.offset;
  const at = link.position?.start.offset;
  if (start === undefined || at === undefined) return null;
  const before = text
    .slice(start, at)
    .replace(/[\s(（【[→➜-]*$/u, '')
    .trim();
  const words = plain({ type: 'text', value: withoutEmphasis(before).replace(/`/g, '') });
  // A short label may come first (`**Locks:** Explain optimistic locking.`), a request may follow
  // the question (`How does X work? Give an example.`).
  const unlabelled = words.replace(/^[^:：?？]{1,40}[:：]\s+/u, '');
  // Among items that ask, one that links to its answer asks too (`Tune X for Y. [➜](a.md#y)`).
  if (!among && !asks(words) && !asks(unlabelled) && !/[?？]\s+\S/u.test(words)) return null;
  return { question: words, lead: sliceOf(link, text) };
}

/** An item that is only a link to a place in the same page. */
function inPageLink(item: ListItem): boolean {
  const head = item.children[0];
  if (head?.type !== 'paragraph') return false;
  const parts = head.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return parts.length === 1 && parts[0]?.type === 'link' && parts[0].url.startsWith('#');
}

/** True when an item's text asks: a question mark, a `Q3:` label, or a request ("Explain X."). */
function asks(text: string): boolean {
  const t = stripQuotes(text);
  if (SCRIPTED.test(text.trim())) return false;
  return marksQuestion(text) || isPrompt(t) || isRequest(t) || asksThenRequests(t);
}

/**
 * A step named, then the words to say for it, which do not ask: `Explain the approach: "Right
 * now, prop drilling is minimal."`, a line of a response's script, whatever its name's verb.
 */
const SCRIPTED = /^[^"“”:：?？]{1,40}[:：]\s*["“][^"“”]*[^"“”?？\s][.!…]?["”][.!]?$/u;

/** The nested list of an item, when most of its items ask: follow-ups, not the answer. */
function nestedQuestions(item: ListItem, share: number): List | null {
  const [head, list, ...rest] = item.children;
  if (list?.type !== 'list' || rest.length > 0) return null;
  // Under a question, requests ("Discuss the trade-offs", "Explain the constraints") tell how to
  // answer it: only questions are follow-ups there.
  const underQuestion = head?.type === 'paragraph' && endsWithQuestionMark(stripQuotes(plain(head)));
  const asking = list.children.filter((sub) => {
    const first = sub.children[0];
    if (first?.type !== 'paragraph' || (share >= 1 && sub.children.length > 1)) return false;
    const own = plain(first);
    // "Have you used any? Give an example." asks too.
    if (underQuestion) return marksQuestion(own) || /[?？]\s+\S/.test(own);
    return asks(own) || /[?？]\s+\S/.test(own);
  });
  return asking.length > 0 && asking.length >= list.children.length * share ? list : null;
}

/** The script most of a text's letters are in: `latin`, `cjk`, `hangul`, `cyrillic` or `other`. */
function scriptOf(text: string): string {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const scores: [string, number][] = [
    ['latin', count(/\p{Script=Latin}/gu)],
    ['cjk', count(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) * 2],
    ['hangul', count(/\p{Script=Hangul}/gu) * 2],
    ['cyrillic', count(/\p{Script=Cyrillic}/gu)],
  ];
  const [best] = scores.sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : 'other';
}

/**
 * The one nested item that says the question again in another script (`- How did you start?`
 * over `  - 始めたきっかけは？`): a translation, shown with the question, neither an answer nor
 * a follow-up.
 */
function translationOf(item: ListItem, text: string): string | null {
  const [head, list, ...rest] = item.children;
  if (head?.type !== 'paragraph' || list?.type !== 'list' || rest.length > 0 || list.children.length !== 1)
    return null;
  const sub = list.children[0];
  const subHead = sub?.children[0];
  if (!sub || subHead?.type !== 'paragraph' || sub.children.length > 1) return null;
  const own = plain(subHead);
  if (!asks(own) && !asks(`${own}?`)) return null;
  return scriptOf(plain(head)) !== scriptOf(own) ? dedent(sliceOf(subHead, text)) : null;
}

/** True when the headings or the line above say the list is for the candidate to ask. */
/** `Réponse :`, `Answer -`, `**A:**`: the label an answer opens with. */
const ANSWER_LABEL = new RegExp(String.raw`^${ANSWER_WORD}\s*\d*\s*(?:[:.)：]|[-–—](?=\s))`, 'iu');

/** True when the item's nested list opens with a labelled answer (`  - Réponse : …`). */
function labelledAnswerBelow(item: ListItem): boolean {
  const nested = item.children[1];
  const first = nested?.type === 'list' ? nested.children[0]?.children[0] : undefined;
  return first?.type === 'paragraph' && ANSWER_LABEL.test(plain(first));
}

function toAsk(ctx: Context): boolean {
  const around = ctx.around;
  if (!around) return false;
  return [...around.headings, around.before].some((t) => ASK_THEM.test(t));
}

export const listQuestion: Recognizer = {
  name: 'list-question',
  claim(node, ctx) {
    // Inside an answer a list is part of it: only lists outside answers hold questions, and the
    // next numbered question after the answer of a one-question list (`2. What is Y?`).
    if (node.type !== 'list' || (ctx.open !== null && ctx.openStyle !== this.name)) return null;
    const claims: Claim[] = [];
    let answered = 0;
    let asking = 0;
    const items = node.children.filter((item) => item.children[0]?.type === 'paragraph');
    // A table of contents (`+ [Что такое SQL?](#chto-takoe-sql)`) repeats the questions below it;
    // a list of one such item with its answer after it (`1. [Explain X.](#x)` then `- …`) asks.
    if (items.length > 1 && items.filter(inPageLink).length * 2 > items.length) return null;
    for (const item of items) {
      const head = item.children[0] as Paragraph;
      if (
        asks(withoutBadge(plain(head))) ||
        inlineAnswer(head, ctx.text) ||
        linkedAnswer(head, ctx.text) ||
        labelledAnswerBelow(item)
      )
        asking++;
    }
    // A list of bare questions (`- Why pick gRPC?` / `- What is a bloom filter?`) is a list of
    // cards to answer, unless it is the candidate's to ask.
    // A list that goes on after a code block (`* Make this work:` + code + `* What is returned?`)
    // continues the question list before it.
    const continues = ctx.around?.inQuestionList === true && asking >= 1;
    // Under a heading that calls them questions ("## Coding questions"), a prompt ending in ":"
    // before its code asks too.
    const section = ctx.around?.headings[ctx.around.headings.length - 1] ?? '';
    const framed = QUESTIONS_HEADING.test(section);
    if (framed)
      for (const item of items)
        if (
          /[:：]$/.test(plain(item.children[0] as Paragraph)) &&
          !asks(plain(item.children[0] as Paragraph))
        )
          asking++;
    const bare =
      ((asking >= 2 && asking * 2 > items.length) || continues || (framed && asking * 2 > items.length)) &&
      !toAsk(ctx);
    const add = (item: ListItem, kind: Claim['kind']): void => {
      const head = item.children[0];
      if (head?.type !== 'paragraph' || !item.position) return;
      // A mark after the question (`**What is X?** ⭐新增`, `🆕`) is no answer.
      const text = withoutBadge(plain(head));
      const translation = bare ? translationOf(item, ctx.text) : null;
      // Nested questions are follow-ups; outside a bare list only when every nested item asks
      // ("- **Why SQL?**" over "  - Which ones have you used?": no answer yet, a follow-up).
      const nestedAsks = !translation ? nestedQuestions(item, bare ? 0.5 : 1) : null;
      const follow = bare || nestedAsks ? nestedAsks : null;
      const nested =
        item.children.length > 1 && !follow && !translation
          ? unfoldAnswerDetails(nestedSource(item, ctx.text))
          : '';
      const split = marksQuestion(text) ? null : askThenAnswer(head, ctx.text);
      const inline =
        !split && bare ? (inlineAnswer(head, ctx.text) ?? linkedAnswer(head, ctx.text, true)) : null;
      // In a numbered list of prompts, a bare term ("12. Sliding-window rate limiter") is one too.
      const topic = bare && node.ordered === true && !/[:：]$/.test(text) && !follow;
      // The last item leads into code below the list (`* Make this work:`): that code is its prompt.
      const last = item === node.children[node.children.length - 1] && kind === 'question';
      const leads = bare && last && item.children.length === 1 && /[:：?？]$/.test(text);
      const itemAsks =
        split !== null ||
        inline !== null ||
        marksQuestion(text) ||
        ((bare || kind === 'follow-up') && asks(text)) ||
        // Among questions, an item answered below under an answer label asks, question mark or not.
        (bare && labelledAnswerBelow(item)) ||
        (kind === 'follow-up' && /[?？]/.test(text)) ||
        topic ||
        leads;
      if (itemAsks) {
        const lead = split?.lead ?? inline?.lead ?? '';
        const answer = [lead, nested].filter(Boolean).join('\n\n');
        if (answer) answered++;
        const question = cleanQuestion(split?.question ?? inline?.question ?? text).replace(/[:：]$/, '');
        const claim: Claim = {
          ...closedQuestion(this.name, question, item.position.start, answer),
          kind,
          ...(translation ? { prompt: translation } : {}),
        };
        // A list of one question with nothing under it (`1. What is X?`, then its answer as a
        // paragraph, then `2. What is Y?`: each number a list of its own): the blocks after it answer.
        const alone = node.children.length === 1 && kind === 'question' && !answer && !follow;
        claims.push(
          alone && (endsWithQuestionMark(text) || isRequest(text) || isPrompt(text))
            ? { ...claim, closed: false, promptFollows: true, answerFollows: true }
            : leads && !answer
              ? { ...claim, closed: false, promptFollows: true }
              : claim,
        );
      }
      // Follow-ups of a question; under a lead that does not ask ("From the technical side:"),
      // questions of their own.
      if (follow) for (const sub of follow.children) add(sub, itemAsks ? 'follow-up' : 'question');
    };
    for (const item of node.children) add(item, 'question');
    // A list with a question or two among notes needs an answer to be Q&A; then its unanswered
    // siblings count too, as unanswered questions.
    if (answered === 0 && !bare && !claims.some((c) => c.kind === 'follow-up')) return null;
    return claims.length > 0 ? claims : null;
  },
};
