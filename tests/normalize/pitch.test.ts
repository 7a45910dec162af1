// The pitch on the summary card: from a pitch section, else from the answer to the question that
// asks what the project is, never from a question about one part of it.
import { describe, expect, it } from 'vitest';
import { packOf } from '../helpers.js';

describe('pitch', () => {
  it('is not taken from a "What is …?" question about one part of the project', () => {
    const pack = packOf('# Beacon\n\n## Questions\n\n### What is your SLO?\n\n99.9% monthly.\n');
    expect(pack.entries[0]?.category).toBe('overview');
    expect(pack.project.pitch).toBe('');
  });

  it('is taken from a question that names the project or asks about it', () => {
    const named = packOf(
      '# Beacon\n\n## Questions\n\n### What is Beacon?\n\nA tool that pings your sites every minute.\n',
    );
    expect(named.project.pitch).toBe('A tool that pings your sites every minute.');
    const asked = packOf(
      '# Beacon\n\n## Questions\n\n### Walk me through your recent project.\n\nA tool that pings your sites every minute.\n',
    );
    expect(asked.project.pitch).toBe('A tool that pings your sites every minute.');
  });

  it('keeps the start of a pitch that is one sentence longer than a pitch may be', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const pack = packOf(
      `# Beacon\n\n## Elevator pitch\n\n${words}\n\n## Questions\n\n### Why Go?\n\nSpeed.\n`,
    );
    expect(pack.project.pitch.startsWith('word0 word1 word2')).toBe(true);
    expect(pack.project.pitch.endsWith('…')).toBe(true);
    expect(pack.project.pitch.length).toBeLessThanOrEqual(600);
  });
});
