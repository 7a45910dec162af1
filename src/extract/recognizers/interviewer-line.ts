// `**Interviewer**: *"…"*`: the question is the interviewer's line, not the heading above it.
import { cleanQuestion, plain } from '../text.js';
import type { Recognizer } from '../types.js';

/** A bold or italic speaker label naming the person who asks. */
const SPEAKER =
  /^(?:the )?(?:interviewer|recruiter|hiring manager|engineering manager|panel(?:ist)?|tech lead|cto)\b/i;

const PLAIN_SPEAKER =
  /^(?:the )?(?:interviewer|recruiter|hiring manager|engineering manager|panel(?:ist)?|tech lead|cto)(?:\s*\d+|\s*\([^)]*\))?$/i;

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
    // Written plainly, the label is the speaker and nothing else: "The interviewer pushed back:
    // …" and "Hiring manager's note: …" are prose.
    if (first.type !== 'strong' && first.type !== 'emphasis' && !PLAIN_SPEAKER.test(label.trim()))
      return null;
    const m = /^[^:：]{1,40}[:：]\s*(.+)$/.exec(plain(node));
    if (!m?.[1]) return null;
    const question = cleanQuestion(m[1]);
    if (question.length < 4) return null;
    const { line, column } = node.position.start;
    return [{ kind: 'question', question, style: this.name, line, column }];
  },
};
