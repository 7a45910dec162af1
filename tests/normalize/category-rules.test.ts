// The shipped taxonomy files questions the way a reader would, in the languages extraction reads.
import { describe, expect, it } from 'vitest';
import { type CategoryInput, categorize, loadTaxonomy } from '../../src/normalize/category.js';

const file = (question: string, more: Partial<CategoryInput> = {}): string =>
  categorize({ question, section: '', answer: '', ...more }, loadTaxonomy());

describe('the shipped taxonomy', () => {
  it('files language, runtime and computer-science questions under fundamentals', () => {
    expect(file('What is a closure in JavaScript?')).toBe('fundamentals');
    expect(file('Quelle est la sortie ?', { guide: 'Liste de questions JavaScript (Avancée)' })).toBe(
      'fundamentals',
    );
    expect(file('Java에서 다형성을 설명해주세요.')).toBe('fundamentals');
    expect(file('谈谈this的理解', { section: 'JavaScript基础' })).toBe('fundamentals');
  });

  it('files algorithms, data structures and coding exercises under algorithms', () => {
    expect(file("What's the time complexity of finding an element using binary search?")).toBe('algorithms');
    expect(file('BFS vs DFS')).toBe('algorithms');
    expect(file('Write a Python program to reverse a string')).toBe('algorithms');
  });

  it('takes the section heading as strong evidence: a programming-language section, a DSA day', () => {
    expect(file('What does log.Fatal do?', { section: 'Go (Programming Language)' })).toBe('fundamentals');
    expect(
      file('Which is the only valid import statement in Go?', { section: 'Go (Programming Language)' }),
    ).toBe('fundamentals');
    expect(file('Queue use', { section: 'DSA stack/queue/LL (dsa) · Day 13' })).toBe('algorithms');
    expect(file('npm 模块安装机制')).toBe('fundamentals');
  });

  it('files idempotency under reliability, process models under quality, an exit code under debugging', () => {
    expect(file('How is idempotency handled for double-cancellation?', { section: 'Design Patterns' })).toBe(
      'reliability',
    );
    expect(file('Waterfall vs Agile')).toBe('quality');
    expect(file("A container keeps exiting with code 137. What's happening?")).toBe('debugging');
  });

  it('files a Japanese question about cache invalidation under scalability, not security', () => {
    expect(
      file('キャッシュの無効化はどう設計しましたか？', {
        answer: 'TTL とイベントでキャッシュを無効化します。',
      }),
    ).not.toBe('security');
  });

  it('files "Why did you choose Redis?" under technology choices, not the project overview', () => {
    expect(file('Why did you choose Redis?')).toBe('tech-choices');
  });

  it('files behavioral prompts and design exercises by their form', () => {
    expect(file('Describe a time when you were faced with a stressful situation.')).toBe('behavioral');
    expect(file('How do you work with others?', { guide: 'Behavioral Questions' })).toBe('behavioral');
    expect(file('Design a URL Shortener (TinyURL)')).toBe('architecture');
  });
});
