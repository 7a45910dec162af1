// Titles, gists and categories as a reader expects them.
import { describe, expect, it } from 'vitest';
import { clip, makeGist } from '../../src/normalize/gist.js';
import { nameFromHeading, projectTitle } from '../../src/normalize/title.js';

describe('project titles', () => {
  it('drop generic words and emoji from the H1', () => {
    expect(nameFromHeading('PodScribe — Technical Interview Preparation Guide')).toBe('PodScribe');
    expect(nameFromHeading('🧪 Stash Technical Interview Simulation')).toBe('Stash');
    expect(nameFromHeading('Interview Speaking Guide: Flowmingo Project')).toBe('Flowmingo');
    expect(nameFromHeading('Interview Preparation Guide')).toBe('');
  });

  it('come from the opening lines when the H1 is wholly generic, else from the file name', () => {
    const intro = ['This guide helps you discuss the Acme Billing Engine in technical interviews.'];
    expect(projectTitle({ h1: 'Interview Prep', frontMatter: {}, intro, slug: 'x' }).title).toBe(
      'Acme Billing Engine',
    );
    expect(
      projectTitle({ h1: 'Interview Prep', frontMatter: {}, intro: [], slug: 'rate-limiter' }).title,
    ).toBe('Rate Limiter');
  });

  it('prefer front matter', () => {
    expect(
      projectTitle({ h1: 'Whatever', frontMatter: { title: 'Atlas' }, intro: [], slug: 'x' }).title,
    ).toBe('Atlas');
  });
});

describe('gists', () => {
  it('of an answer that is only code or only a table say what it holds, never nothing', () => {
    const code = ['```python', '# the worker', 'while True:', '    job = queue.get()', '    run(job)', '```'];
    expect(makeGist(code.join('\n'))).toBe('Python code, 4 lines: `while True:`');
    const table =
      '| Metric | Before | After |\n|---|---|---|\n| p99 | 900 ms | 120 ms |\n| cost | $4k | $1k |\n';
    expect(makeGist(table)).toBe('Table of Metric, Before, After (2 rows)');
  });

  it('of an answer that opens with a long code span keep the start of the code', () => {
    const url = `\`https://example.com/${'a'.repeat(300)}\` is where the hook points.`;
    const gist = makeGist(url);
    expect(gist).toMatch(/^`https:\/\/example\.com\/a+…`$/);
    expect(gist.length).toBeLessThanOrEqual(220);
  });

  it('take the first sentences of the answer, without the quote marks of a spoken answer', () => {
    expect(
      makeGist('"We poll every three seconds. It is simple. Nobody notices the delay at all, honestly."'),
    ).toBe('We poll every three seconds. It is simple. Nobody notices the delay at all, honestly.');
  });

  it('name the parts of an answer organised by sub-headings', () => {
    const md = 'Three things:\n\n### 1. Database\n\ntext\n\n### 2. Caching\n\ntext\n\n### 3. Queue\n\ntext';
    expect(makeGist(md)).toBe('Three things: Database; Caching; Queue');
  });

  it('list what a lead-in ending in a colon introduces when a list follows it, not the parts after that', () => {
    const answer = [
      '"Yes, SQL is one of my strengths:',
      '- **Two years** with PostgreSQL',
      '- Reports for the billing team',
      '',
      '**How I would use it here:**',
      '1. Usage extracts',
      '',
      '**Example query:**',
      '```sql',
      'SELECT 1;',
      '```"',
    ].join('\n');
    const gist = makeGist(answer);
    expect(gist.startsWith('Yes, SQL is one of my strengths: Two years; Reports for the billing team')).toBe(
      true,
    );
    expect(gist).not.toContain('Example query');
  });

  it('keep the sentence that answers, not the names of bold labels over lists after it', () => {
    const answer = [
      'Polling keeps the worker simple and stateless.',
      '',
      '**Why this choice:**',
      '- no connection to keep open',
      '',
      '**Tradeoff:**',
      '- up to five seconds of delay',
    ].join('\n');
    expect(makeGist(answer).startsWith('Polling keeps the worker simple and stateless.')).toBe(true);
    expect(makeGist(answer)).not.toContain('Why this choice');
    // Labels over code are the steps themselves, and name the parts.
    const steps =
      'Restarts in a loop:\n\n**1. Read the logs:**\n\n```sh\nkubectl logs x\n```\n\n**2. Describe the pod:**\n\n```sh\nkubectl describe pod x\n```';
    expect(makeGist(steps)).toBe('Restarts in a loop: Read the logs; Describe the pod');
  });

  it('read the words to say, not a note on the answer or the example of what not to say', () => {
    const answer = [
      '**❌ Bad:**',
      '```',
      '"Uh, yes, something like that."',
      '```',
      '',
      '**✅ Good:**',
      '```',
      '"I have not run it in production, but I know it trades write speed for **compaction** later."',
      '```',
      '',
      '**Why this works:**',
      '- Honest about the gap',
    ].join('\n');
    expect(makeGist(answer)).toBe(
      'I have not run it in production, but I know it trades write speed for compaction later.',
    );
    // A tick or a cross alone is an answer, not a label.
    expect(makeGist('❌ No')).toBe('❌ No');
  });

  it('list the heads of a list answer and keep inline code', () => {
    expect(makeGist('- **Pre-warm** containers: keep one warm\n- Use `int8` weights\n')).toBe(
      'Pre-warm; Use `int8` weights',
    );
  });

  it('never cut a word or leave a code span open', () => {
    const long = `${'word '.repeat(60)}\`code span here\` end`;
    const gist = clip(long, 220);
    expect(gist.length).toBeLessThanOrEqual(220);
    expect(gist.endsWith('…')).toBe(true);
    expect(gist).toMatch(/word…$/);
    expect((gist.match(/`/g) ?? []).length % 2).toBe(0);
  });

  it('give a quiz the right option with its text, from the options of the prompt', () => {
    const prompt =
      '- A: `Lydia` et `undefined`\n- B: `Lydia` et `ReferenceError`\n- D: `undefined` et `ReferenceError`';
    expect(makeGist('#### Réponse : D\n\nLa variable est levée.', 220, undefined, prompt)).toBe(
      'D: `undefined` et `ReferenceError` — La variable est levée.',
    );
    expect(makeGist('**Answer: B**', 220, undefined, prompt)).toBe('B: `Lydia` et `ReferenceError`');
  });

  it('skip answer labels, announcing intros, notes and links to read', () => {
    expect(makeGist('How to answer:\n\nStart with the goal.')).toBe('Start with the goal.');
    expect(makeGist('Respuesta: JavaScript es un lenguaje.')).toBe('JavaScript es un lenguaje.');
    expect(makeGist('"Three reasons. First, epoll scales."')).toBe('First, epoll scales.');
    expect(makeGist('(Adjust to your story.)\n\nAbout ten days.')).toBe('About ten days.');
    expect(makeGist('```go\nimport "fmt"\n```\n\n[Import in Go](https://go.dev)')).toBe(
      'Go code, 1 line: `import "fmt"`',
    );
  });

  it('list the points under a short label, not the labels themselves', () => {
    const md = '**Key Points:**\n- Token bucket\n- Sliding window\n\n**Approaches:**\n- Fixed window';
    expect(makeGist(md)).toBe('Token bucket; Sliding window — Fixed window');
  });

  it('read text written between HTML line breaks', () => {
    expect(makeGist('<br/>\n다형성이란 여러 가지 형태를 가질 수 있는 성질입니다.')).toBe(
      '다형성이란 여러 가지 형태를 가질 수 있는 성질입니다.',
    );
  });
});
