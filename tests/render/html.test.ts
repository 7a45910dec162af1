import { describe, expect, it } from 'vitest';
import { renderAnkiCsv } from '../../src/render/anki-csv.js';
import { escapeHtml, isSafeUrl, markdownToHtml, textToHtml } from '../../src/render/html.js';
import { makeEntry, makePack, readAnkiCsv } from './anki-factory.js';

/** What a browser shows for an HTML string, enough for our markup: tags dropped, entities decoded. */
function shownText(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#91;/g, '[')
    .replace(/&amp;/g, '&');
}

describe('markdownToHtml', () => {
  it('renders Markdown structure: emphasis, lists, tables', () => {
    const html = markdownToHtml('**Bold** and `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<strong>Bold</strong> and <code>code</code>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain('<td>1</td>');
  });

  it('shows inline raw HTML as text', () => {
    expect(markdownToHtml('Press <kbd>Ctrl</kbd> & <img src=x onerror=alert(1)>')).toBe(
      '<p>Press &lt;kbd>Ctrl&lt;/kbd> &amp; &lt;img src=x onerror=alert(1)></p>',
    );
  });

  it('shows a block of raw HTML as code, line by line', () => {
    const html = markdownToHtml('<details>\n<summary>x</summary>\n</details>');
    expect(html).toBe('<pre><code>&lt;details>\n&lt;summary>x&lt;/summary>\n&lt;/details>\n</code></pre>');
  });

  it('never lets a script element through, whatever the Markdown around it', () => {
    for (const md of [
      '<script>alert(1)</script>',
      'text <script>alert(1)</script>',
      '> <script>alert(1)</script>',
      '- <script>alert(1)</script>',
      '<SCRIPT SRC=x></SCRIPT>',
      '[x](javascript:alert(1))',
      '![x](javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
    ]) {
      const html = markdownToHtml(md);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<a [^>]*href="javascript/i);
      expect(html).not.toMatch(/<img [^>]*src="javascript/i);
    }
  });

  it('drops unsafe links and images but keeps their text', () => {
    expect(markdownToHtml('[see](javascript:alert(1)) ![diagram](data:text/html,x)')).toBe(
      '<p>see diagram</p>',
    );
    expect(markdownToHtml('[ref][r]\n\n[r]: vbscript:msgbox')).toBe('<p>ref</p>');
  });

  it('keeps http, https, mailto and relative links', () => {
    const html = markdownToHtml(
      '[a](https://x.dev) [b](http://x.dev) [c](mailto:me@x.dev) [d](./notes.md#top)',
    );
    expect(html).toContain('href="https://x.dev"');
    expect(html).toContain('href="http://x.dev"');
    expect(html).toContain('href="mailto:me@x.dev"');
    expect(html).toContain('href="./notes.md#top"');
  });

  it('links bare URLs and e-mail addresses, as GitHub does, but never inside code', () => {
    const html = markdownToHtml(
      'Docs at https://example.com/a_b_c (see www.example.org). Mail ops@example.com.\n\n`https://not.a/link`',
    );
    expect(html).toContain('<a href="https://example.com/a_b_c">https://example.com/a_b_c</a> (see');
    expect(html).toContain('<a href="http://www.example.org">www.example.org</a>).');
    expect(html).toContain('<a href="mailto:ops@example.com">ops@example.com</a>.');
    expect(html).toContain('<code>https://not.a/link</code>');
  });

  it('links addresses in any case, or written with character references', () => {
    expect(markdownToHtml('See WWW.EXAMPLE.ORG or HTTPS://EXAMPLE.COM.')).toContain(
      '<a href="http://WWW.EXAMPLE.ORG">WWW.EXAMPLE.ORG</a>',
    );
    expect(markdownToHtml('See WWW.EXAMPLE.ORG or HTTPS://EXAMPLE.COM.')).toContain(
      '<a href="HTTPS://EXAMPLE.COM">HTTPS://EXAMPLE.COM</a>',
    );
    expect(markdownToHtml('Mail ops&#64;example.com')).toContain('href="mailto:ops@example.com"');
    expect(markdownToHtml('No address here, only words.')).toBe('<p>No address here, only words.</p>');
  });

  it('keeps footnotes, task lists and strikethrough', () => {
    const html = markdownToHtml('Done ~~late~~.[^1]\n\n- [x] ship\n\n[^1]: On Friday.');
    expect(html).toContain('<del>late</del>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('On Friday.');
  });

  it("keeps code blocks exactly: line breaks, indentation, tabs, ' $ < & and blank lines", () => {
    const code = 'function f() {\n    if (a < b && c) {\n\treturn \'$\' + "<x>";\n\n    }\n}';
    const html = markdownToHtml(`\`\`\`ts\n${code}\n\`\`\``);
    const inner = html.match(/^<pre><code class="language-ts">([\s\S]*)<\/code><\/pre>$/)?.[1];
    expect(inner).toBeDefined();
    expect(shownText(inner ?? '')).toBe(`${code}\n`);
    expect(inner).toContain("'$'");
  });

  it('keeps indented code blocks too', () => {
    expect(markdownToHtml('Text\n\n    x <- 1\n      y')).toContain(
      '<pre><code>x &lt;- 1\n  y\n</code></pre>',
    );
  });

  it('leaves {{ and }} as text', () => {
    expect(markdownToHtml('Use {{name}} and {{{raw}}}')).toBe('<p>Use {{name}} and {{{raw}}}</p>');
  });

  it('shows a remote image as a link to it, never as an image a card would load', () => {
    const html = markdownToHtml('See ![the logo](https://t.example/p.gif?u=1) and ![](//t.example/q.gif).');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://t.example/p.gif?u=1">the logo</a>');
    expect(html).toContain('<a href="//t.example/q.gif">//t.example/q.gif</a>');
  });

  it('writes Anki sound and template tags so that they show and never play', () => {
    const html = markdownToHtml('[sound:evil.mp3] and `[anki:tts]x[/anki:tts]`');
    expect(html).not.toContain('[sound:');
    expect(html).not.toContain('[anki:');
    expect(shownText(html)).toBe('[sound:evil.mp3] and [anki:tts]x[/anki:tts]');
  });

  it('renders nothing for an empty answer', () => {
    expect(markdownToHtml('')).toBe('');
    expect(markdownToHtml('  \n\n')).toBe('');
  });

  it('composes text in NFC, as Anki stores it', () => {
    expect(markdownToHtml('Cafe\u0301')).toBe('<p>Caf\u00e9</p>');
  });
});

describe('isSafeUrl', () => {
  it('refuses scripting schemes however they are disguised', () => {
    for (const url of [
      'javascript:x',
      'JavaScript:x',
      ' javascript:x',
      'java\tscript:x',
      'java\nscript:x',
      'data:x',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(isSafeUrl(url)).toBe(false);
    }
  });

  it('accepts relative paths whose colon comes after a slash, query or fragment', () => {
    expect(isSafeUrl('a/b:c')).toBe(true);
    expect(isSafeUrl('?q=a:b')).toBe(true);
    expect(isSafeUrl('#a:b')).toBe(true);
  });
});

describe('escapeHtml and textToHtml', () => {
  it('escapes &, <, > and double quotes', () => {
    expect(escapeHtml('a & <b> "c"')).toBe('a &amp; &lt;b&gt; &quot;c&quot;');
  });

  it('turns line breaks into <br>', () => {
    expect(textToHtml('one\r\ntwo\nthree')).toBe('one<br>two<br>three');
  });
});

describe('a guide-like entry through the CSV and back', () => {
  const question = '# Why "WebSockets", not <polling> & SSE, here?\nSecond line';
  const code =
    "async def handler(req):\n    if n < 10 & flags:\n        return {'cost': '$0.08'}\n\n\treturn None";
  const prose = 'Because it\'s simpler, cheaper & "good enough", at 3s < 5s.';
  const entry = makeEntry({ question, answer: `${prose}\n\n\`\`\`python\n${code}\n\`\`\`\n` });
  const record = readAnkiCsv(renderAnkiCsv(makePack([entry]))).records[0];

  it('gives back the question exactly', () => {
    expect(shownText(record?.Front ?? '')).toBe(question);
  });

  it('gives back the answer text and the code block exactly', () => {
    const back = record?.Back ?? '';
    expect(shownText(back)).toContain(prose);
    const inner = back.match(/<pre><code class="language-python">([\s\S]*?)<\/code><\/pre>/)?.[1] ?? '';
    expect(shownText(inner)).toBe(`${code}\n`);
  });
});
