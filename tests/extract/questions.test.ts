// What a question keeps of its heading: emoji that decorate it go, emoji that say something stay.
import { describe, expect, it } from 'vitest';
import { packOf } from '../helpers.js';

describe('questions', () => {
  it('drop the emoji around a heading and keep those inside it', () => {
    const pack = packOf(
      '# Deploys\n\n## 🧪 Why did the deploy ✅ pass but the canary ❌ fail? 🔥\n\nThe flags were swapped.\n',
    );
    expect(pack.entries.map((e) => e.question)).toEqual([
      'Why did the deploy ✅ pass but the canary ❌ fail?',
    ]);
  });
});
