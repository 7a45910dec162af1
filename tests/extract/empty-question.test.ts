// A question that is only a label once cleaned (`1. **问题：**` with the question in the lines
// below it, `## Question:`) must never become an entry with an empty question: the pack would
// fail its schema, and the whole guide its build.
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../src/schema.js';
import { packOf } from '../helpers.js';

const GUIDE = [
  '# 项目面试',
  '',
  '### 技术能力',
  '',
  '1. **问题：**',
  '   - 中文：你遇到过的最难的技术挑战是什么？',
  '   - English: What was the hardest technical challenge you met?',
  '',
  '**参考答案：**',
  '   - 中文：一个页面加载很慢，我加了缓存。',
  '',
  '2. **Question:**',
  '   - How do you roll out a schema change?',
  '',
  '## Question:',
  '',
  'Text under a label heading.',
  '',
  '## Why Redis?',
  '',
  'Because it is fast.',
  '',
].join('\n');

describe('questions that are only a label', () => {
  it('give no entry with an empty question, and the pack passes its schema', () => {
    const pack = packOf(GUIDE);
    for (const entry of pack.entries) expect(entry.question.trim()).not.toBe('');
    expect(() => validatePack(JSON.parse(JSON.stringify(pack)))).not.toThrow();
    expect(pack.entries.map((e) => e.question)).toContain('Why Redis?');
  });

  it('would be reported by the schema on one line that names the entry and the field', () => {
    const pack = JSON.parse(JSON.stringify(packOf(GUIDE)));
    pack.entries[0].question = '';
    expect(() => validatePack(pack)).toThrow(/^its pack does not fit the schema: entries\.0\.question: .+/);
    try {
      validatePack(pack);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
