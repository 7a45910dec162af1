import { describe, expect, it } from 'vitest';
import { cjkWords } from '../../src/normalize/cjk.js';
import { keyTermsFor } from '../../src/normalize/key-terms.js';
import { nounPhrases } from '../../src/normalize/pos.js';

const terms = (question: string, answer: string, explicit: string[] | null = null) =>
  keyTermsFor(question, answer, explicit, []);

describe('key terms', () => {
  it("keeps the guide's own Key terms list verbatim", () => {
    expect(terms('Why Redis?', 'Because **Redis** is fast.', ['in-memory store', 'they'])).toEqual([
      'in-memory store',
      'they',
    ]);
  });

  it('reads a non-breaking hyphen (U+2011) as a hyphen: "end‑to‑end" stays one term, not "end"', () => {
    const question = 'Why did you choose end‑to‑end encryption for the chat?';
    const answer = 'With **end‑to‑end encryption** the server only relays ciphertext.';
    const got = terms(question, answer);
    expect(got).toEqual(terms(question.replace(/‑/g, '-'), answer.replace(/‑/g, '-')));
    expect(got).toContain('end-to-end encryption');
    expect(got).not.toContain('end');
  });

  it('reads no phrases of Latin-script prose in other languages with the English tagger, only its names', () => {
    // Italian, Turkish, Dutch, Vietnamese: names, code-shaped words and runs of capitals are kept.
    expect(terms('Qual è la differenza tra HashMap e Hashtable?', '')).toEqual(['HashMap', 'Hashtable']);
    expect(terms('Cos’è la Stream API e cosa risolve?', 'Elabora collezioni in modo dichiarativo.')).toEqual([
      'Stream API',
    ]);
    const turkish = terms('Callback Hell nedir? Promise ve Async/Await ile nasıl çözülür?', '');
    expect(turkish).toEqual(expect.arrayContaining(['Callback Hell', 'Async/Await']));
    expect(turkish.join(' ')).not.toMatch(/nedir|nasıl/);
    // The question's words are no terms: "Wat", "verschil tussen", "là gì", "Làm sao".
    expect(terms('Wat is het verschil tussen de callstack en de taakwachtrij?', 'De callstack is …')).toEqual(
      [],
    );
    expect(terms('Làm sao để viết unit test cho TypeScript với Jest?', 'Dùng ts-jest để chạy test.')).toEqual(
      ['TypeScript', 'Jest'],
    );
    // German capitalizes every noun: only words shaped like names count there.
    expect(terms('Beschreiben Sie Vererbung (OOP)?', 'Eine Klasse erbt die Methoden einer anderen.')).toEqual(
      ['OOP'],
    );
    // A sentence's first word is a name only when the answer writes it capitalized inside one.
    expect(
      terms('Virtual DOM nedir? React nasıl çalışır?', 'Bileşenler için React bir sanal ağaç tutar.'),
    ).toEqual(['Virtual DOM', 'React']);
  });

  it("takes no part's name for a term: a bold Benefit, Trade-offs or Key takeaway labels", () => {
    const got = terms(
      'Why a Redis cache in front of Postgres?',
      '- **Benefit**: **cache hits** skip the database\n- **Trade-offs**: stale reads\n\n**Key takeaway** measure first.',
    );
    expect(got).toContain('cache hits');
    for (const label of ['Benefit', 'Trade-offs', 'Key takeaway']) expect(got).not.toContain(label);
  });

  it("takes no one-word name of the guide's topic from prose in other languages, and no question word before a name", () => {
    const question = 'Como Go gerencia os pacotes e as dependências de um módulo?';
    const answer = 'Não há um gerenciador à parte: o arquivo `go.mod` lista as versões de cada dependência.';
    expect(keyTermsFor(question, answer, null, [], undefined, 'Perguntas de entrevista: Go')).toEqual([
      'go.mod',
    ]);
    // Without the title, "Go" is a word of "go.mod", already listed; "Como" is never a term.
    expect(terms(question, answer).join(' ')).not.toMatch(/Como/);
    expect(
      terms('Qual é a saída deste programa em Go, e por quê?', 'Não compila: a variável não é usada.'),
    ).toEqual(['Go']);
    expect(
      keyTermsFor(
        'Qual é a saída deste programa em Go, e por quê?',
        'Não compila: a variável não é usada.',
        null,
        [],
        undefined,
        'Go: perguntas',
      ),
    ).toEqual([]);
  });

  it('takes no unit of time and no "project" for a term', () => {
    const got = terms(
      'How do you explain the project in two minutes?',
      'The project takes minutes to set up.',
    );
    for (const word of ['minutes', 'project']) expect(got).not.toContain(word);
  });

  it('takes no emoji shortcode (`:blue_book:`) for a name', () => {
    expect(terms('What is stringify?', ':blue_book: It turns a value into JSON text.')).not.toContain(
      'blue_book',
    );
  });

  it('takes the noun phrases of the question, not its verbs, pronouns or adjectives', () => {
    const got = terms(
      'What is a hash table and how does it work?',
      'A hash table maps keys to buckets with a hash function.',
    );
    expect(got).toContain('hash table');
    for (const bad of ['What', 'it', 'work', 'does']) expect(got).not.toContain(bad);
  });

  it('reads a Title Case task as a verb and its object: "Design a Rate Limiter" gives "Rate Limiter"', () => {
    const got = terms(
      'Design a Rate Limiter',
      '**Key Points:**\n\n- Token bucket vs Leaky bucket\n- Sliding window',
    );
    expect(got).toContain('Rate Limiter');
    expect(got).not.toContain('Design');
    expect(got).not.toContain('Points');
    expect(got).not.toContain('Leaky');
  });

  it('drops bold instructions and clauses but keeps bold noun phrases', () => {
    const got = terms(
      'How would you approach an unfamiliar algorithm?',
      '1. **Understand the algorithm** first.\n2. **Identify the key operations**.\n3. **Amortized analysis** helps.',
    );
    expect(got).toContain('Amortized analysis');
    expect(got).not.toContain('Identify the key operations');
  });

  it('keeps a call with its parentheses and skips literal values in code spans', () => {
    const got = terms(
      'How is a double cancel handled?',
      '`cancelOrder()` returns `false` when the order is `null`.',
    );
    expect(got).toContain('cancelOrder()');
    expect(got).not.toContain('cancelOrder');
    expect(got).not.toContain('false');
    expect(got).not.toContain('null');
  });

  it('never lists a word split out of a longer term it lists', () => {
    const got = terms('What does log.Fatal do?', '`Fatal` is `log.Fatal`: it calls os.Exit after printing.');
    expect(got).toContain('log.Fatal');
    expect(got).not.toContain('Fatal');
  });

  it('gives no term rather than a weak one', () => {
    expect(terms('How do you work with others?', 'I listen first and then I share what I think.')).toEqual(
      [],
    );
  });

  it('finds terms in Chinese, Japanese and Korean questions with Intl.Segmenter', () => {
    expect(terms('JS垃圾回收机制？', 'JS的垃圾回收机制是为了防止内存泄漏。')).toContain('垃圾回收机制');
    expect(terms('回流与重绘', '回流必将引起重绘。')).not.toContain('回流与重绘');
    expect(
      terms(
        '使用したことのある CSS プリプロセッサについて教えてください。',
        'CSS プリプロセッサは Sass が好きです。',
      ),
    ).toContain('CSS プリプロセッサ');
    expect(
      terms(
        '추상 클래스와 인터페이스의 차이를 설명해주세요.',
        '추상 클래스는 상속을, 인터페이스는 구현을 씁니다.',
      ),
    ).toEqual(expect.arrayContaining(['추상 클래스', '인터페이스']));
  });

  it('names Latin terms inside Russian prose whole: "GROUP BY", not "GROUP"', () => {
    const got = terms('Для чего используется оператор GROUP BY?', 'GROUP BY группирует записи.');
    expect(got).toContain('GROUP BY');
    expect(got).not.toContain('GROUP');
  });
});

describe('noun phrases', () => {
  it('joins hyphenated compounds and splits at "vs"', () => {
    expect(nounPhrases('Design an Event-Driven System')).toEqual(['Event-Driven System']);
    expect(nounPhrases('BFS vs DFS')).toEqual(['BFS', 'DFS']);
  });
});

describe('CJK words', () => {
  it('drops Korean particles and predicates', () => {
    const words = cjkWords('반환 타입이나 예외가 메서드 시그니처에 포함되지 않는 이유를 설명해 주세요.');
    expect(words).toContain('반환 타입');
    expect(words).not.toContain('설명해');
  });
});
