// mdast → raw question/answer blocks, facts, title, pitch. Walks the guide's top-level blocks
// once, asks the recognizers about each, and decides where every answer ends.
//
// Precedence, in one place:
//  1. A heading whose own content holds an interviewer line is a title, not a question: the
//     interviewer's line is the question (`### 1. The "Hacky" Cookie Choice` + `**Interviewer**: …`).
//  2. A follow-up line (`**Follow-up: "…"**`) beats a plain bold question: it becomes a child of
//     the last question that was not a follow-up.
//  3. Inside the answer of a heading question, a bold question followed by prose in the same
//     paragraph (`**Why X?** Because …`) is the answer asking itself, not a new question; a whole
//     bold question line, a follow-up, a Q: line or a <details> block starts a new block.
//  4. An answer ends at the next question, at a thematic break (`---`), or at a heading as deep
//     as or shallower than the heading that owns it (sub-headings belong to the answer).
//  5. Lists hold questions only outside answers; tables outside answers are facts.
//  6. A blockquote that opens with a `Q:` or `Interviewer:` line holds questions, read as if it
//     were not quoted; one that opens with a bold or quoted question does so outside answers
//     only; any other blockquote is an answer's text (or, outside answers, nothing).
//  7. A request without a question mark ("Walk me through X", "Explain Y.") is a question as a
//     heading with text under it, or as a bold line outside a heading question's answer.
import type { Heading, Root, RootContent } from 'mdast';
import { diagnostic } from '../errors.js';
import type { Diagnostic, Extraction, Fact, RawBlock } from '../model.js';
import { readFrontMatter } from '../parse/front-matter.js';
import { closedFences, depthCuts, MAX_TREE_NESTING, strayFences } from '../parse/index.js';
import { buildAnswer, unquote } from './answer.js';
import { ANSWER_LEAD, ASK_THEM, CONTENTS_HEADING, isRequest, META_HEADING } from './lexicon.js';
import { isLabelDetails, splitPrompt } from './prompt.js';
import { detailsBalance, detailsGroup, isLayoutHtml, rawHtmlIn } from './raw-html.js';
import { boldQuestion } from './recognizers/bold-question.js';
import { detailsQuestion } from './recognizers/details-question.js';
import { followUp } from './recognizers/follow-up.js';
import { titleQuestion } from './recognizers/front-matter-title.js';
import { headingQuestion } from './recognizers/heading-question.js';
import { interviewerLine } from './recognizers/interviewer-line.js';
import { listQuestion } from './recognizers/list-question.js';
import { numberedParagraph } from './recognizers/numbered-paragraph.js';
import { plainPairs } from './recognizers/plain-pairs.js';
import { isLabelBlock, isStatementBlock, statementQuestion } from './recognizers/problem-statement.js';
import { qaParagraph } from './recognizers/qa-paragraph.js';
import { quotedQuestion } from './recognizers/quoted-question.js';
import { tableQuestions } from './recognizers/table-questions.js';
import { headingRoles, onlyLinks } from './siblings.js';
import {
  cleanQuestion,
  cleanSection,
  endsWithQuestionMark,
  isPrompt,
  isQuoted,
  plain,
  spanOf,
  stripEmoji,
} from './text.js';
import type { Claim, Context, Recognizer } from './types.js';

/** Block-level recognizers, in the order they are asked (rule 2: follow-ups first). */
const BLOCK_RECOGNIZERS: Recognizer[] = [
  followUp,
  interviewerLine,
  qaParagraph,
  detailsQuestion,
  boldQuestion,
  numberedParagraph,
  quotedQuestion,
  listQuestion,
  tableQuestions,
  plainPairs,
];

/** A `---` line at the very top followed by a `key:` line: front matter, if only it were closed. */
const UNCLOSED_FRONT_MATTER = /^---[ \t]*\n[A-Za-z_][\w-]*[ \t]*:/;

/** A number or a `Q3:` label before a question: `3.`, `1.1`, `Q3:`, `Q3.`, `Question 3 -`. */
const LABELLED = /^\s*(?:\d+(?:\.\d+)*[.):]\s|q(?:uestion)?\s*#?\d+\s*[:.)\-–—]|q\s*[:.]\s)/i;

const PITCH_HEADING = /\b(elevator pitch|pitch|one[- ]liner|in one (line|sentence)|tl;?dr|in a nutshell)\b/i;

interface StackHeading {
  depth: number;
  text: string;
  line: number;
  /** The heading directly introduces a question (a title such as `### 1. The Cookie Choice`). */
  title: boolean;
  /** Blocks seen under the heading before any question. */
  content: number;
  /** Questions that started under it, at any depth. */
  questions: number;
  pitch: boolean;
  /** It or a heading above it names a section with nothing to study: a summary, a reading list. */
  meta: boolean;
  /** It is over a table of contents (`## Índice`), whose section ends with its links. */
  contents: boolean;
}

interface Open {
  claim: Claim;
  nodes: RootContent[];
  /** Headings this deep or shallower end the answer. */
  depth: number;
  section: string;
  parent: number | null;
  owner: 'heading' | 'paragraph';
  /** Where the claiming node ends, for answers that start inside it. */
  nodeEnd: number | undefined;
  /** The claiming node was inside a blockquote (rule 6). */
  quoted: boolean;
  /** The claiming heading carries a number or a `Q3:` label, as its sibling questions do. */
  labelled: boolean;
  /** For a claim whose answer follows its prompt: how many of `nodes` are the prompt, once known. */
  promptCount?: number;
}

/** A block outside every answer, the heading it sits under, and how many questions that heading had then. */
interface Loose {
  node: RootContent;
  heading: StackHeading | null;
  asked: number;
}

/** A block that holds nothing to study: layout HTML, a comment, a label, a link definition. */
function isLayout(node: RootContent, text: string): boolean {
  if (node.type === 'html') return isLayoutHtml(node.value) || /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
  return node.type === 'definition' || node.type === 'footnoteDefinition' || isLabelBlock(node, text);
}

/**
 * One `section-not-used` warning per run of blocks under one heading that became no question,
 * answer, pitch or fact: nothing of a guide disappears without a word.
 */
function notUsed(loose: Loose[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let k = 0;
  while (k < loose.length) {
    const first = loose[k];
    if (!first) break;
    let last = first;
    while (loose[k + 1] && loose[k + 1]?.heading === first.heading) last = loose[++k] ?? last;
    k++;
    const from = first.node.position?.start.line ?? 1;
    const to = last.node.position?.end.line ?? from;
    const lines = from === to ? `Line ${from}` : `Lines ${from}–${to}`;
    const where = first.heading
      ? `under "${'#'.repeat(first.heading.depth)} ${first.heading.text}"`
      : 'before any section';
    const line = first.heading?.line ?? from;
    // An introduction (to the guide, or to a section that holds questions), a reading list or
    // questions for the interviewer are notes by intent.
    const heading = first.heading ? cleanSection(first.heading.text) : '';
    const notes =
      !first.heading || first.heading.questions > first.asked || first.heading.meta || ASK_THEM.test(heading);
    out.push(
      notes
        ? diagnostic('notes-not-used', `${lines} ${where}: notes, in no card.`, file, line)
        : diagnostic(
            'section-not-used',
            `${lines} ${where} became no question, answer, pitch or fact; make its questions headings or bold lines ending in "?" if they are meant as cards.`,
            file,
            line,
          ),
    );
  }
  return out;
}

/** The heading read as the guide's title: its first H1, unless numbered like other H1s (`# 1. …`). */
function titleCandidate(nodes: RootContent[]): Heading | null {
  const h1s = nodes.filter((n): n is Heading => n.type === 'heading' && n.depth === 1);
  const [first] = h1s;
  if (!first) return null;
  const numbered = (h: Heading) => /^\s*(?:q\s*)?\d+(?:\.\d+)*[.):]?\s/i.test(plain(h));
  return numbered(first) && h1s.filter(numbered).length > 1 ? null : first;
}

/** A heading that asks because its siblings do (siblings.ts). */
function siblingQuestion(node: Heading, headingText: string): Claim[] | null {
  const question = cleanQuestion(headingText).replace(/[:：]$/, '');
  if (question === '' || !node.position) return null;
  const { line, column } = node.position.start;
  return [{ kind: 'question', question, style: 'sibling-heading', line, column, depth: node.depth }];
}

function headingOwnContent(nodes: RootContent[], i: number): RootContent[] {
  const out: RootContent[] = [];
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j];
    if (!n || n.type === 'heading') break;
    out.push(n);
  }
  return out;
}

/** True when a heading deeper than heading `i`, before the next one as high, is a question. */
function questionsBelow(nodes: RootContent[], i: number, text: string): boolean {
  const head = nodes[i];
  if (head?.type !== 'heading') return false;
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j];
    if (n?.type !== 'heading') continue;
    if (n.depth <= head.depth) return false;
    if (headingQuestion.claim(n, { text, open: null })) return true;
  }
  return false;
}

function tableFacts(node: RootContent, group: string): Fact[] {
  if (node.type !== 'table') return [];
  const all = node.children.map((row) => row.children.map((cell) => plain(cell)));
  // A first column that only numbers the rows (`| # | Component | Choice |`) names nothing.
  const numbered =
    /^(?:#|№|no\.?|nr\.?|n[°º]|id)?$/i.test(all[0]?.[0]?.trim() ?? 'x') &&
    all.slice(1).every((cells) => /^\d{1,4}\.?$/.test(cells[0]?.trim() ?? ''));
  const rows = numbered ? all.map((cells) => cells.slice(1)) : all;
  const [, ...body] = rows;
  const facts: Fact[] = [];
  for (const cells of body) {
    const [label = '', value = '', ...rest] = cells;
    if (label === '' && value === '') continue;
    const fact: Fact = { label, value };
    if (rest.length === 1 && rest[0]) fact.note = rest[0];
    else if (rest.length > 1) fact.value = [value, ...rest].filter(Boolean).join(' · ');
    if (group) fact.group = group;
    facts.push(fact);
  }
  return facts;
}

/** The first paragraph's text inside a node, looking into blockquotes. */
function firstParagraph(node: RootContent): string | null {
  if (node.type === 'paragraph') return plain(node);
  if (node.type === 'blockquote') {
    for (const child of node.children) {
      const p = firstParagraph(child);
      if (p) return p;
    }
  }
  return null;
}

function unclosedFence(node: RootContent, text: string): boolean {
  if (node.type !== 'code' || !node.position) return false;
  const src = text.slice(node.position.start.offset, node.position.end.offset);
  const fence = /^[ \t]*(`{3,}|~{3,})/.exec(src);
  if (!fence?.[1]) return false;
  const lines = src.trimEnd().split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  return lines.length < 2 || !last.startsWith(fence[1].slice(0, 3)) || last.replace(/[`~]/g, '') !== '';
}

/**
 * Rule 6: how a blockquote opens. `labelled`: with a `Q:` or `Interviewer:` line, a question
 * wherever it is. `question`: with a bold, quoted or follow-up question, a question only outside
 * answers (inside one, the answer quotes someone: `> **Why this matters?** …`). Else null.
 */
function quoteOpening(children: RootContent[], text: string): 'labelled' | 'question' | null {
  const [first, second] = children;
  if (!first) return null;
  const ctx: Context = { text, open: null };
  if (first.type === 'heading') return headingQuestion.claim(first, ctx) !== null ? 'question' : null;
  if (first.type !== 'paragraph') return null;
  if ([interviewerLine, qaParagraph].some((r) => r.claim(first, ctx) !== null)) return 'labelled';
  if ([followUp, boldQuestion].some((r) => r.claim(first, ctx) !== null)) return 'question';
  // `> "How do you test it?"` alone, its answer below it in the same quote.
  return second !== undefined && quotedQuestion.claim(first, ctx) !== null ? 'question' : null;
}

/** True when an answer label (`Hints:`, `Solution:`) comes after `from`, before the next heading. */
function labelFollows(nodes: RootContent[], from: number): boolean {
  for (let k = from; k < nodes.length; k++) {
    const n = nodes[k];
    if (!n || n.type === 'heading') return false;
    if (n.type === 'paragraph' && ANSWER_LEAD.test(plain(n))) return true;
    if (isLabelDetails(n)) return true;
  }
  return false;
}

/** Finds every question of a guide, its answer, section and follow-ups, plus facts and pitch. */
export function extract(root: Root, text: string, file: string): Extraction {
  const diagnostics: Diagnostic[] = [];
  const [cut, ...moreCuts] = depthCuts(root);
  if (cut) {
    const more = moreCuts.length > 0 ? ` (and ${moreCuts.length} more places)` : '';
    const detail = `Line ${cut.line} nests lists, blockquotes or emphasis more than ${MAX_TREE_NESTING} levels deep${more}; the deeper levels were read as plain text.`;
    diagnostics.push(diagnostic('too-deep', detail, file, cut.line, cut.column));
  }
  for (const line of strayFences(root)) {
    const detail = `The fence at line ${line} closes a code block that was never opened; it was read as text, so the headings after it still count. Add the opening fence where the code starts.`;
    diagnostics.push(diagnostic('stray-code-fence', detail, file, line));
  }
  const closed = closedFences(root);
  for (const fence of closed) {
    const detail = `The code block opened at line ${fence.opened} runs on into the text after it, down to the fence at line ${fence.nextFence}; it was closed after line ${fence.closedAt - 1}, and line ${fence.resumes} on was read as text. Add the closing fence there.`;
    diagnostics.push(diagnostic('unclosed-code-fence', detail, file, fence.opened));
  }
  const quoted = new WeakSet<RootContent>();
  const openers = new WeakSet<RootContent>();
  // A copy: blockquotes that hold questions are replaced by their blocks as they are reached.
  const nodes = [...root.children];
  // `1. ### What is X?` with its answer indented under it: every item opens with a heading, so the
  // list only numbers sections; its blocks are read as if not listed.
  const listed = new WeakSet<RootContent>();
  const numberedByList = new WeakSet<RootContent>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k];
    if (n?.type !== 'list' || !n.children.every((item) => item.children[0]?.type === 'heading')) continue;
    const blocks = n.children.flatMap((item) => item.children) as RootContent[];
    for (const b of blocks) listed.add(b);
    if (n.ordered) for (const item of n.children) if (item.children[0]) numberedByList.add(item.children[0]);
    nodes.splice(k, 1, ...blocks);
  }
  if (UNCLOSED_FRONT_MATTER.test(text) && nodes[0]?.type !== 'yaml') {
    const detail =
      'Front matter opened at line 1 is never closed by a --- line; it was read as part of the guide.';
    diagnostics.push(diagnostic('front-matter-invalid', detail, file, 1));
  }
  const roles = headingRoles(nodes, titleCandidate(nodes), numberedByList);
  const blocks: RawBlock[] = [];
  const facts: Fact[] = [];
  const intro: string[] = [];
  let frontMatter: Record<string, unknown> = {};
  let h1 = '';
  let titleHeading: Heading | null = null;
  let pitch = '';
  /** Under a heading such as "Elevator pitch" or "How to say it in one line": its first paragraph. */
  let pitchPending = false;
  const stack: StackHeading[] = [];
  // Declared through a cast: `finish` and `start` reassign it, which narrowing cannot see.
  let open = null as Open | null;
  let lastPrimary: number | null = null;
  /** `<details>` blocks opened and not yet closed inside the open answer. */
  let answerDetails = 0;
  /** The summary of the `<details>` that groups the questions read now, and how deep it is open. */
  let group: { title: string; depth: number } | null = null;
  /** Prose outside any answer since the last heading: a problem statement, if a `Solution:` follows. */
  let pending: RootContent[] = [];
  /** The depth of the `## Q1` label heading just read, whose first paragraph may ask; else null. */
  let afterLabel: number | null = null;
  /** Blocks outside every answer, with the heading they sit under: used by nothing, unless a later label claims them. */
  const loose: Loose[] = [];
  const claimed = new WeakSet<RootContent>();
  let pitchNode: RootContent | null = null;
  /** The last list read was a list of questions, and only code came after it. */
  let inQuestionList = false;

  /**
   * An answer label (`Hints:`, `Solution:`) with no question above it: the statement before it
   * asks. After an answer that has its label and code already, the prose since that code is the
   * next exercise's statement.
   */
  const labelledStatement = (node: RootContent): boolean => {
    const label = node.type === 'paragraph' ? ANSWER_LEAD.test(plain(node)) : isLabelDetails(node);
    if (!label) return false;
    let statement = pending;
    if (open) {
      const ownLabel = open.nodes.findIndex((n) => n.type === 'paragraph' && ANSWER_LEAD.test(plain(n)));
      let lastCode = -1;
      open.nodes.forEach((n, k) => {
        if (n.type === 'code' && !isStatementBlock(n, text)) lastCode = k;
      });
      if (ownLabel < 0 || lastCode < ownLabel) return false;
      const tail = open.nodes.slice(lastCode + 1).filter((n) => !isLabelBlock(n, text));
      const prose = (n: RootContent, k: number) =>
        isStatementBlock(n, text) || (k > 0 && (n.type === 'list' || n.type === 'table'));
      if (tail.length === 0 || !tail.every(prose)) return false;
      open.nodes.splice(lastCode + 1);
      statement = tail;
    }
    const found = statement.length > 0 ? statementQuestion(statement, text) : null;
    const first = statement[0];
    if (!found || !first) return false;
    start({ ...found.claim, prompt: found.prompt }, first);
    for (const n of statement) claimed.add(n);
    open?.nodes.push(node);
    pending = [];
    return true;
  };

  const sectionNow = (): string => {
    if (group) return cleanSection(group.title);
    for (let k = stack.length - 1; k >= 0; k--) {
      const h = stack[k];
      if (h && !(h.title && h.depth >= 3)) return cleanSection(h.text);
    }
    return '';
  };
  // Under the title alone, a section heading one level below it ends a paragraph's answer.
  const depthNow = (): number =>
    stack[stack.length - 1]?.depth ?? (titleHeading ? titleHeading.depth + 1 : 0);

  const finish = (): void => {
    if (!open) return;
    const { claim } = open;
    let lead = claim.answer ?? '';
    if (claim.answerFrom !== undefined && open.nodeEnd !== undefined) {
      lead = text.slice(claim.answerFrom, open.nodeEnd);
      if (open.quoted) lead = unquote(lead);
      lead = lead.replace(/^[\s:：.)*_-]+/, '');
    }
    let answerNodes = open.nodes;
    let prompt = claim.prompt ?? '';
    if (claim.promptFollows) {
      const promptNodes = open.nodes.slice(0, open.promptCount ?? open.nodes.length);
      const [first] = promptNodes;
      const last = promptNodes[promptNodes.length - 1];
      if (first && last) prompt = spanOf(first, last, text).trim();
      answerNodes = open.nodes.slice(promptNodes.length);
    }
    if (claim.answerFrom === undefined && claim.answer === undefined && claim.prompt === undefined) {
      const split = splitPrompt(open.nodes, text);
      if (split) {
        prompt = split.prompt;
        answerNodes = split.nodes;
        lead = split.lead;
      }
    }
    // `Question 4` / `Level 1` after an exercise's solution labels the next one.
    while (answerNodes.length > 0 && isLabelBlock(answerNodes[answerNodes.length - 1] as RootContent, text))
      answerNodes = answerNodes.slice(0, -1);
    const { markdown, keyTerms, nodes } = buildAnswer(answerNodes, text, lead, quoted, listed);
    const html = rawHtmlIn(open.nodes);
    if (html) {
      const more = html.count > 1 ? ` and ${html.count - 1} more tags` : '';
      const detail = `Raw HTML ${html.sample}${more} in the answer to "${claim.question}" is shown as text on the Anki card, never run; write Markdown, or put code in backticks.`;
      diagnostics.push(diagnostic('unsafe-html', detail, file, html.line, html.column));
    }
    blocks.push({
      question: claim.question,
      answer: markdown,
      ...(prompt ? { prompt } : {}),
      section: open.section,
      parent: open.parent,
      keyTerms,
      ...(nodes ? { nodes } : {}),
      style: claim.style,
      line: claim.line,
      column: claim.column,
    });
    open = null;
  };

  const start = (claim: Claim, node: RootContent): void => {
    // A follow-up written as a paragraph inherits the depth of the answer it interrupts.
    const inherited = claim.kind === 'follow-up' && open ? open.depth : undefined;
    finish();
    const top = stack[stack.length - 1];
    if (top && top.content === 0 && claim.kind === 'question') top.title = true;
    for (const h of stack) h.questions++;
    open = {
      claim,
      nodes: [],
      depth: claim.depth ?? inherited ?? depthNow(),
      section: sectionNow(),
      parent: claim.kind === 'follow-up' ? lastPrimary : null,
      owner: claim.depth !== undefined ? 'heading' : 'paragraph',
      nodeEnd: node.position?.end.offset,
      quoted: quoted.has(node),
      labelled: node.type === 'heading' && LABELLED.test(stripEmoji(plain(node))),
    };
    if (claim.kind === 'question') lastPrimary = blocks.length;
    answerDetails = Math.max(0, node.type === 'html' ? detailsBalance(node.value) : 0);
    if (claim.closed) finish();
  };

  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node) continue;
    // A list item's prompt is the code right below its list, and nothing after.
    if (open?.claim.promptFollows && open.promptCount === undefined && node.type !== 'code') {
      // The code below it was the prompt; what comes next is its answer, or not its at all.
      if (open.claim.answerFollows) open.promptCount = open.nodes.length;
      else finish();
    }
    if (node.type === 'blockquote' && node.children.length > 0) {
      const opening = quoteOpening(node.children, text);
      if (opening === 'labelled' || (opening === 'question' && !open)) {
        // Rule 6: read its blocks as if unquoted, from the next turn of the loop.
        for (const child of node.children) quoted.add(child);
        openers.add(node.children[0] as RootContent);
        nodes.splice(i, 1, ...node.children);
        i--;
        continue;
      }
    }
    if (unclosedFence(node, text) && !closed.some((f) => f.opened === node.position?.start.line)) {
      const line = node.position?.start.line ?? 1;
      diagnostics.push(
        diagnostic(
          'unclosed-code-fence',
          `The code block opened at line ${line} is never closed.`,
          file,
          line,
        ),
      );
    }
    if (node.type === 'yaml') {
      const read = readFrontMatter(text, file);
      frontMatter = read.data;
      diagnostics.push(...read.diagnostics);
      continue;
    }

    if (node.type === 'heading') {
      inQuestionList = false;
      group = null;
      const headingText = plain(node);
      const role = roles.get(node);
      // A table of contents holds its links only: a heading after them, however deep, is out of
      // its section unless it is one of those links (`### [Basics](#basics)` over more links).
      const contents = stack.findIndex((h) => h.contents);
      const ownBlocks = headingOwnContent(nodes, i);
      const linkHeading =
        node.children.every((c) => c.type === 'link' || (c.type === 'text' && c.value.trim() === '')) ||
        (ownBlocks.length > 0 && onlyLinks(ownBlocks));
      if (contents >= 0 && !linkHeading) stack.length = contents;
      // (Over a list, `## Question` names the section of the questions listed under it.)
      if (isLabelBlock(node, text) && !(open && answerDetails > 0) && nodes[i + 1]?.type !== 'list') {
        // `## Q.` over the exercise's statement: it ends the last exercise and names no section.
        finish();
        pending = [];
        afterLabel = node.depth;
        continue;
      }
      // Inside a `<details>` of the answer (`#### Réponse : D`), a heading that does not ask is
      // the answer's; one that asks ends it, so a block left open swallows no question.
      if (open && answerDetails > 0) {
        const asks = role === 'question' || headingQuestion.claim(node, { text, open: null }) !== null;
        if (!asks) {
          open.nodes.push(node);
          continue;
        }
        answerDetails = 0;
      }
      if (node.depth === 1 && !titleHeading && blocks.length === 0 && !open && role !== 'question') {
        titleHeading = node;
        h1 = headingText;
        continue;
      }
      // Rule 1: a heading that holds an interviewer line is that question's title.
      const own = headingOwnContent(nodes, i);
      // (An interviewer line from a quote is a question of its own, after the heading's answer.)
      const hasInterviewer = own.some(
        (n) => !quoted.has(n) && interviewerLine.claim(n, { text, open: null }) !== null,
      );
      let claims =
        hasInterviewer || (role === 'answer-part' && open)
          ? null
          : headingQuestion.claim(node, { text, open: null });
      if (!claims && role === 'question' && !hasInterviewer) claims = siblingQuestion(node, headingText);
      // A heading that is only a label once cleaned (`## 问题：`) asks nothing it says.
      if (claims?.some((c) => c.question.trim() === '')) claims = null;
      // Under a summary, a reading list or notes (`## 总结` over `### 1. Portal 的作用`), a heading
      // without a question mark restates a point: it asks nothing.
      const section = stack.filter((h) => h.depth < node.depth).pop();
      if (claims && section?.meta && !endsWithQuestionMark(headingText)) claims = null;
      // A request without a question mark ("## Walk me through the architecture") over nothing but
      // sub-headings that are questions is their section's title; over other sub-headings
      // ("### Ingest", "### Storage") it asks, and they are its answer.
      if (
        claims &&
        own.length === 0 &&
        isPrompt(headingText) &&
        !endsWithQuestionMark(headingText) &&
        questionsBelow(nodes, i, text)
      )
        claims = null;
      if (!claims && open && role === 'answer-part' && node.children.every((c) => c.type === 'link')) {
        open.nodes.push(node);
        continue;
      }
      const followClaims = !claims && open ? followUp.claim(node, { text, open: open.owner }) : null;
      const ends = open !== null && (claims !== null || followClaims !== null || node.depth <= open.depth);
      if (!ends && open) {
        open.nodes.push(node);
        pitchPending = PITCH_HEADING.test(headingText) || stack.some((h) => h.pitch);
        continue;
      }
      finish();
      while ((stack[stack.length - 1]?.depth ?? 0) >= node.depth) stack.pop();
      const claim = claims?.[0] ?? followClaims?.[0];
      if (claim) {
        start(claim, node);
        continue;
      }
      const isPitch = PITCH_HEADING.test(headingText);
      stack.push({
        depth: node.depth,
        text: headingText,
        line: node.position?.start.line ?? 1,
        title: hasInterviewer,
        content: 0,
        questions: 0,
        pitch: isPitch,
        meta: META_HEADING.test(cleanSection(headingText)) || stack.some((h) => h.meta),
        contents: CONTENTS_HEADING.test(cleanSection(headingText)),
      });
      pitchPending = stack.some((h) => h.pitch);
      continue;
    }

    if (node.type === 'thematicBreak') pending = [];
    if (node.type === 'thematicBreak') {
      // A rule before a sub-heading of the answer (`---` then `### Why?`) only spaces the answer.
      const next = nodes[i + 1];
      if (open && answerDetails > 0) continue;
      // So does one before a heading deeper than the question's (`---` then `### 2. Part two`).
      const deeper = next?.type === 'heading' && open?.owner === 'heading' && next.depth > open.depth;
      if (!(open && next?.type === 'heading' && (roles.get(next) === 'answer-part' || deeper))) finish();
      continue;
    }

    if (labelledStatement(node)) continue;

    // `## Q1` then `What is DI?` then its answer: the label heading's first paragraph asks, when
    // no `Hints:` or `Solution:` label follows to make it an exercise's statement.
    const labelDepth = afterLabel;
    afterLabel = null;
    if (labelDepth !== null && !open && node.type === 'paragraph' && node.position) {
      const asked = plain(node);
      // A request (`Write a loop…`) asks too, when its solution's code follows at once.
      const asks = endsWithQuestionMark(asked) || (isRequest(asked) && nodes[i + 1]?.type === 'code');
      if (asks && cleanQuestion(asked) !== '' && !labelFollows(nodes, i + 1)) {
        const { line, column } = node.position.start;
        start(
          {
            kind: 'question',
            question: cleanQuestion(asked),
            style: 'labelled-heading',
            line,
            column,
            depth: labelDepth,
          },
          node,
        );
        continue;
      }
    }

    // The question a quote opens with starts a question wherever the quote is (rule 6).
    const before = nodes[i - 1];
    const ctx: Context = {
      text,
      // Under a question whose blocks are only its prompt, the next list may ask again.
      open:
        open && !openers.has(node) && (!open.claim.promptFollows || open.promptCount !== undefined)
          ? open.owner
          : null,
      ...(open ? { openStyle: open.claim.style } : {}),
      around: {
        headings: [h1, ...stack.map((h) => h.text)],
        before: before?.type === 'paragraph' ? plain(before) : '',
        inQuestionList,
      },
    };
    let claims: Claim[] | null = null;
    for (const r of BLOCK_RECOGNIZERS) {
      // A claim whose question is empty once cleaned (`1. **问题：**` with the question below the
      // label) asks nothing this recognizer can read: the next one may.
      const found = r.claim(node, ctx)?.filter((c) => c.question.trim() !== '');
      if (!found || found.length === 0) continue;
      // Rule 3: inside a heading question's answer, `**Why X?** Because …` is the answer talking;
      // so is a whole bold question without quotes, a number or a `Q3:` label (`**Why limit?**`,
      // `**Warum?**`): a point the answer raises, not the next card. A quoted one is asked.
      if (
        ctx.open === 'heading' &&
        found.every(
          (c) =>
            c.style === 'bold-question' &&
            (c.answerFrom !== undefined || !(LABELLED.test(plain(node)) || isQuoted(plain(node)))),
        )
      )
        continue;
      claims = found;
      break;
    }

    // A `<details>` over questions in `<details>` of their own is their section (`자기소개 펼치기`).
    const grouping = !open && claims?.[0]?.style === 'details-question' ? detailsGroup(nodes, i) : null;
    if (grouping) {
      group = { title: grouping, depth: 1 };
      continue;
    }

    if (open?.claim.closer?.(node)) {
      // What the closing block holds before its `</details>` is the answer's end.
      const before = node.type === 'html' ? (node.value.split(/<\/details\s*>/i)[0] ?? '') : '';
      const from = node.position?.start;
      if (!claims && node.type === 'html' && from && before.trim() && !isLayoutHtml(before)) {
        // Only that part: the same block may go on to open the next question.
        const end = { ...from, offset: (from.offset ?? 0) + before.length };
        open.nodes.push({ type: 'html', value: before, position: { start: from, end } });
      }
      finish();
      // `</details>` then `<details><summary>Next question?</summary>` in one block.
      if (claims) for (const claim of claims) start(claim, node);
      continue;
    }

    if (!pitch && pitchPending && !claims) {
      const p = firstParagraph(node);
      if (p) {
        pitch = p;
        pitchNode = node;
      }
    }

    if (node.type === 'list') inQuestionList = claims?.some((c) => c.style === 'list-question') ?? false;
    else if (node.type !== 'code') inQuestionList = false;
    if (claims) {
      for (const claim of claims) start(claim, node);
      continue;
    }
    if (open) {
      open.nodes.push(node);
      if (node.type === 'html') answerDetails = Math.max(0, answerDetails + detailsBalance(node.value));
      continue;
    }
    // The group's own closing tags, and the layout around its questions.
    if (group && node.type === 'html') {
      group.depth += detailsBalance(node.value);
      if (group.depth <= 0) group = null;
      if (isLayoutHtml(node.value)) continue;
    }
    // A statement goes on with its lists and tables (criteria, examples).
    if (
      isStatementBlock(node, text) ||
      node.type === 'code' ||
      (pending.length > 0 && (node.type === 'list' || node.type === 'table'))
    )
      pending.push(node);
    else if (!isLabelBlock(node, text)) pending = [];
    const top = stack[stack.length - 1];
    if (top) top.content++;
    if (node.type === 'table') facts.push(...tableFacts(node, sectionNow()));
    else if (node.type === 'paragraph' && blocks.length === 0 && intro.length < 5) intro.push(plain(node));
    if (node.type !== 'table' && node !== pitchNode && !isLayout(node, text))
      loose.push({ node, heading: top ?? null, asked: top?.questions ?? 0 });
  }
  finish();
  // A page that asks nothing under a title that asks: the title is its question, the page its answer.
  const titled = blocks.length === 0 ? titleQuestion(frontMatter, text) : null;
  if (titled) {
    const body = nodes.filter((n) => n.type !== 'yaml' && n !== titleHeading && !isLayout(n, text));
    const { markdown, keyTerms, nodes: answerNodes } = buildAnswer(body, text, '', quoted, listed);
    blocks.push({
      ...titled,
      answer: markdown,
      section: '',
      parent: null,
      keyTerms,
      ...(answerNodes ? { nodes: answerNodes } : {}),
      style: 'front-matter-title',
    });
    for (const n of body) claimed.add(n);
  }
  diagnostics.push(
    ...notUsed(
      loose.filter((l) => !claimed.has(l.node)),
      file,
    ),
  );
  return { blocks, facts, h1, frontMatter, pitch, intro, diagnostics };
}
