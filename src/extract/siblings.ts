// Headings decided by their siblings: a heading among sibling headings that ask is a question too,
// even without a question mark (`## 3. Difference Between Mutex and Semaphore` among numbered
// questions, `### 连接池的工作原理` among `### …？`), and a short generic heading under a question
// ("### Why?", "### When is it used?") is part of that question's answer.
import type { Heading, RootContent } from 'mdast';
import { ANSWER_LEAD, META_HEADING, mayAsk, QUESTION_GROUP, SAY_LABEL } from './lexicon.js';
import { looksLikeQuestion, opensLikeQuestion, plain, stripEmoji, stripNumbering } from './text.js';

export type HeadingRole = 'question' | 'answer-part';

interface Info {
  node: Heading;
  index: number;
  parent: number;
  text: string;
  /** Text or code under it before the next heading, or nothing under it at all. */
  body: boolean;
  /** The heading is only a link. */
  link?: boolean;
  /** Its first sub-heading, when a deeper heading comes next. */
  child: Heading | undefined;
  /** Asks by its own form: a question mark, a request, a `Q3:` label. */
  asks: boolean;
  /** Could ask, though alone it could be a title: "what is closures", "X vs Y", "Design Twitter". */
  mayAsk: boolean;
  numbered: boolean;
  /** The mark a heading opens with: its numbering, a `Q3:` label, or a leading emoji (`❓`). */
  marker: string;
  /** The number it opens with, when numbered. */
  number: number | null;
  meta: boolean;
  /**
   * Asks alone, whatever its siblings: a quiz's stem over options some ticked and some not, or a
   * topic whose text opens with an answer's label (`### 2. Vite` over `**What to say:**`).
   */
  alone?: boolean;
}

/** The longest text of a heading that is only a link and only points on (`[more]`, `[See the notes]`). */
const POINTER_MAX = 24;

/** Share of a group's headings with a body that must ask for the rest to be questions too. */
const MAJORITY = 0.5;

/** A heading that stands for questions still to write: `Q21-25: [Continue with …]`. */
const PLACEHOLDER = /(?:^|[:：]\s*)\[[^\]]*\]$/;

/** Numbering such as `3.`, `1.1.`, `Q3`, `Q3.`, `#3`, `(3)`. */
const NUMBERED = /^(?:q(?:uestion)?\s*)?#?\(?\d+(?:\.\d+)*[.)]?(?:\s|$)|^q\d+\b/i;

/** The mark a heading opens with: `number`, `q` for a `Q3:` label, or its leading emoji. */
function markerOf(text: string): string {
  const t = text.trim().replace(/^[*_]+/, '');
  // A `Question 3:` label or a number after a decorating emoji (`## 📋 **Question 1: …**`, each
  // heading with its own emoji) is the mark the questions share, not the emoji.
  const bare = stripEmoji(t).replace(/^[*_]+/, '');
  if (/^q(?:uestion)?\s*#?\d*\s*[:.)]/i.test(bare)) return 'q';
  const emoji = /^\p{Extended_Pictographic}/u.exec(t)?.[0];
  if (emoji) return emoji;
  return NUMBERED.test(t) ? 'number' : '';
}

function numberOf(text: string): number | null {
  const m = /^\D{0,12}?(\d+)/.exec(stripEmoji(text).replace(/^[*_]+/, ''));
  return NUMBERED.test(stripEmoji(text).replace(/^[*_]+/, '')) && m?.[1] ? Number(m[1]) : null;
}

/** True when everything under the heading is links: a reading list, not an answer. */
export function onlyLinks(nodes: RootContent[]): boolean {
  if (nodes.length === 0) return false;
  return nodes.every((n) => {
    if (n.type === 'list') {
      return n.children.every((item) =>
        item.children.every((c) => c.type === 'paragraph' && c.children.every(linkOrSpace)),
      );
    }
    return n.type === 'paragraph' && n.children.every(linkOrSpace);
  });
}

function linkOrSpace(n: { type: string; value?: string }): boolean {
  if (n.type === 'link') return true;
  // A bare address is a link too, whether or not the parser made it one.
  return n.type === 'text' && /^(?:[\s,;·|-]|<?https?:\/\/\S+>?)*$/.test(n.value ?? '');
}

/** The heading's text as the sibling rules read it: no emoji, numbering or emphasis. */
function bare(text: string): string {
  return stripNumbering(stripEmoji(text)).replace(/^[*_`"“]+|[*_`"”]+$/g, '');
}

/**
 * Decides the headings whose role their siblings give: questions by the majority of a group of
 * sibling headings (same depth, same parent heading), and generic sub-headings of a question.
 * `title` is the heading read as the guide's title, left out of every group.
 */
/** A quiz's options: a task list of two items or more, some ticked and some not. */
function tickedOptions(node: RootContent | undefined): boolean {
  if (node?.type !== 'list' || node.children.length < 2) return false;
  const ticks = node.children.map((item) => item.checked);
  return ticks.every((t) => typeof t === 'boolean') && ticks.includes(true) && ticks.includes(false);
}

export function headingRoles(
  nodes: RootContent[],
  title: Heading | null,
  /** Headings that open the items of a numbered list (`1. ### What is X`): numbered by it. */
  listed?: WeakSet<RootContent>,
): Map<Heading, HeadingRole> {
  const infos: Info[] = [];
  const open: Info[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node?.type !== 'heading' || node === title) continue;
    while (open.length > 0 && (open[open.length - 1]?.node.depth ?? 0) >= node.depth) open.pop();
    const under: RootContent[] = [];
    let next: RootContent | undefined;
    for (let j = i + 1; j < nodes.length; j++) {
      const n = nodes[j];
      if (n?.type === 'heading') next = n;
      if (!n || n.type === 'heading') break;
      if (n.type !== 'thematicBreak' && !(n.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(n.value)))
        under.push(n);
    }
    const text = plain(node);
    const clean = bare(text);
    const numbered = NUMBERED.test(stripEmoji(text).replace(/^[*_]+/, '')) || listed?.has(node) === true;
    // Over a quiz's options, some ticked and some not, a heading worded as a sentence, numbered
    // or leading into them with a colon, asks however it is worded ("## 2. The config files live
    // in the folder:"); a checklist's ("## 3. Tooling", "## Day-before checklist:") does not.
    const stem = (/[:：]$/.test(clean) || numbered) && clean.split(/\s+/).length >= 4;
    const first = under[0];
    // Only a word labels a topic's answer here: `A:` or `Ans -` under a heading may start options.
    const lead = first?.type === 'paragraph' ? plain(first) : '';
    const labelled = (ANSWER_LEAD.test(lead) && !/^[\s>*_]*(?:a|ans)\b/i.test(lead)) || SAY_LABEL.test(lead);
    const alone = (stem && tickedOptions(first)) || labelled;
    const asks = looksLikeQuestion(text) || alone;
    // A link as the whole heading points elsewhere (`## [more](types.md#L31)`), unless it reads
    // as a heading of its own: numbered or a sentence long (`##### [1.1.2 Explain X …](a.md)`).
    const pointer = node.children.every(linkOrSpace) && !numbered && clean.length <= POINTER_MAX;
    const info: Info = {
      node,
      index: i,
      parent: open[open.length - 1]?.index ?? -1,
      text: clean,
      // Set below: a heading with nothing of its own over sub-headings that ask groups them.
      body: under.length > 0 || next?.type !== 'heading' || next.depth <= node.depth,
      child: next?.type === 'heading' && next.depth > node.depth ? next : undefined,
      asks,
      mayAsk: asks || mayAsk(clean) || (opensLikeQuestion(clean) && !/[:：]$/.test(clean)),
      numbered,
      marker: markerOf(text),
      number: numberOf(text),
      alone,
      meta:
        clean === '' ||
        PLACEHOLDER.test(clean) ||
        META_HEADING.test(clean) ||
        (!asks && QUESTION_GROUP.test(clean)) ||
        pointer ||
        (!numbered && !asks && onlyLinks(under)),
    };
    infos.push(info);
    open.push(info);
  }
  const infoOf = new Map(infos.map((h) => [h.node, h]));
  // A heading that is only a link (`## [click](notes.md#L31)`) points on from the answer above it,
  // unless it asks: `### [What is libuv?](#libuv)` is a question that links to itself.
  for (const h of infos)
    if (h.meta && h.node.children.every(linkOrSpace) && h.node.children.length > 0 && !h.asks) h.link = true;
  for (const h of infos) {
    const child = h.child ? infoOf.get(h.child) : undefined;
    // Over sub-headings that do not ask ("### Step-by-step approach"), it is their question.
    if (!h.body && child && !child.mayAsk) h.body = true;
  }

  const roles = new Map<Heading, HeadingRole>();
  for (const h of infos) if (h.link) roles.set(h.node, 'answer-part');
  const byIndex = new Map(infos.map((h) => [h.index, h]));
  const groups = new Map<string, Info[]>();
  for (const h of infos) {
    const key = `${h.parent}:${h.node.depth}`;
    const group = groups.get(key) ?? [];
    group.push(h);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const withBody = group.filter((h) => h.body && !h.meta);
    const asking = withBody.filter((h) => h.mayAsk);
    const parent = byIndex.get(group[0]?.parent ?? -1);
    const underQuestion = parent !== undefined && (parent.asks || roles.get(parent.node) === 'question');
    if (underQuestion) {
      // Under a question, a heading without a number of its own ("### Why?", "### When is it
      // used?", "### Example") explains that question's answer.
      for (const h of group) if (!h.numbered) roles.set(h.node, 'answer-part');
      continue;
    }
    const sure = withBody.some((h) => h.asks);
    if (!sure || asking.length < 2 || asking.length < withBody.length * MAJORITY) {
      // Numbering shared with questions: numbered siblings of numbered questions ask too.
      const numbered = withBody.filter((h) => h.numbered);
      const numberedAsking = numbered.filter((h) => h.mayAsk);
      if (!numbered.some((h) => h.asks)) continue;
      if (numberedAsking.length < 2 || numberedAsking.length < numbered.length * MAJORITY) continue;
      for (const h of numbered) roles.set(h.node, 'question');
      continue;
    }
    // Questions that all carry a number or a `Q3:` label make a sibling without one (`## Bonus: …`)
    // something else.
    const marks = new Map<string, number>();
    for (const h of asking) if (h.marker) marks.set(h.marker, (marks.get(h.marker) ?? 0) + 1);
    const [dominant = '', count = 0] = [...marks].sort((a, b) => b[1] - a[1])[0] ?? [];
    const labelled = count >= asking.length * 0.8;
    // With a mark of their own (`## ❓ …` among `## 🧩 Code example`), only marked siblings join.
    for (const h of withBody) if (h.asks || !labelled || h.marker === dominant) roles.set(h.node, 'question');
  }
  // Numbering runs on across sections (`### 4. Design Twitter` under another `##` than `### 1. Design
  // a URL shortener`): numbered headings of one depth that mostly ask all ask.
  const depths = new Map<number, Info[]>();
  for (const h of infos) {
    if (!h.numbered || !h.body || h.meta || roles.get(h.node) === 'answer-part') continue;
    const same = depths.get(h.node.depth);
    if (same) same.push(h);
    else depths.set(h.node.depth, [h]);
  }
  for (const numbered of depths.values()) {
    const asking = numbered.filter((h) => h.mayAsk).length;
    if (numbered.filter((h) => h.asks).length < 2 || asking < numbered.length * MAJORITY) continue;
    // A section whose numbering starts over (`### 1. Prepare well` under "Tips") is a list of its own.
    const firsts = new Map<number, Info>();
    const askingParents = new Set<number>();
    for (const h of numbered) {
      if (!firsts.has(h.parent)) firsts.set(h.parent, h);
      if (h.asks) askingParents.add(h.parent);
    }
    const restarts = new Set<number>();
    for (const [parent, first] of firsts)
      if (first.number === 1 && !askingParents.has(parent)) restarts.add(parent);
    for (const h of numbered)
      if (!roles.has(h.node) && !restarts.has(h.parent)) roles.set(h.node, 'question');
  }
  for (const h of infos) if (h.alone && !h.meta && !roles.has(h.node)) roles.set(h.node, 'question');
  return roles;
}
