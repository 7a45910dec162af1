// `**Interviewer**: *"…"*`: the question is the interviewer's line, not the heading above it.
import { cleanQuestion, isQuoted, looksLikeQuestion, plain } from '../text.js';
import type { Recognizer } from '../types.js';

/** A bold or italic speaker label naming the person who asks. */
const SPEAKER =
  /^(?:the )?(?:interviewer|recruiter|hiring manager|engineering manager|panel(?:ist)?|tech lead|cto)\b/i;

/** Short sentences of reaction before the question: "Interesting.", "Okay, got it." */
const REACTION = /^(?:[^.!?。！？\s]+(?:[ ,]+[^.!?。！？\s]+){0,2}[.!。！]\s+)+(?=\S[\s\S]*[?？]\s*$)/u;

export const interviewerLine: Recognizer = {
  name: 'interviewer-line',
  claim(node) {
    if (!node.position || node.type !== 'paragraph') return null;
    const first = node.children[0];
    if (!first) return null;
    // The speaker is set off in bold or italics, or written plainly with a colon after it.
    const label =
      first.type === 'strong' || first.type === 'emphasis'
        ? plain(first)
        : /^[^:：]{1,40}(?=[:：])/.exec(plain(node))?.[0];
    if (!label || !SPEAKER.test(label.trim())) return null;
    const m = /^[^:：]{1,40}[:：]\s*(.+)$/.exec(plain(node));
    if (!m?.[1]) return null;
    const said = cleanQuestion(m[1]);
    if (said.length < 4) return null;
    const { line, column } = node.position.start;
    // "Okay, next topic.": the interviewer moves on without asking; the answer before it ends.
    if (
      !looksLikeQuestion(said) &&
      !/[?？]/.test(said) &&
      !isQuoted(m[1].trim().replace(/^[*_]+|[*_]+$/g, ''))
    )
      return [{ kind: 'break', question: said, style: this.name, line, column }];
    // "Interesting. Why TimescaleDB?": a few words of reaction before the question are not it.
    const question = said.replace(REACTION, '');
    return [{ kind: 'question', question, style: this.name, line, column }];
  },
};
