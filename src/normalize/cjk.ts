// Words of Chinese, Japanese and Korean text, for key terms: Intl.Segmenter splits the text, and
// what is left of the grammar (particles, verb endings, kana between words) is dropped.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const HAN = /^\p{Script=Han}+$/u;
const KATAKANA = /^[\p{Script=Katakana}ー・]+$/u;
const HANGUL = /^\p{Script=Hangul}+$/u;

/** True when the text is written mostly in Chinese, Japanese or Korean. */
export function isCjk(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const cjk = letters.filter((c) => CJK.test(c)).length;
  return cjk > 0 && cjk >= letters.length / 3;
}

/** Chinese characters that join words rather than form them: never part of a term. */
const ZH_FUNCTION = /[的与和或及是在了被把会对就也都而之其这那些个吗呢么什如何为]/u;

/** Korean particles that follow a noun: "타입이나" → "타입", "다형성을" → "다형성". */
const KO_PARTICLE = /(?:이나|에서|에게|으로|로서|부터|까지|이란|와|과|을|를|이|가|은|는|의|에|로|도|만)$/u;
/** Korean predicate endings: a word that ends so is a verb or an adjective, not a term. */
const KO_PREDICATE = /(?:다|요|까|죠|해|지|고|면|서|게|며|니|한|된|는|을|할|인|던)$/u;

/**
 * The nouns of CJK text as Intl.Segmenter finds them: runs of Han characters or katakana (the
 * segmenter may cut an unknown word into single characters; those are joined again), and Korean
 * words without their particle. Words of one character are left out: they are grammar.
 */
export function cjkWords(text: string): string[] {
  const lang = /[\p{Script=Hangul}]/u.test(text)
    ? 'ko'
    : /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)
      ? 'ja'
      : 'zh';
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  const out: string[] = [];
  let run = '';
  let runKind: 'han' | 'kata' | 'mixed' | null = null;
  const flush = (): void => {
    // Two Han characters alone are as often a verb ("使用", "実装") as a noun: longer runs only.
    const min = runKind === 'han' ? 3 : 2;
    if ([...run].length >= min) out.push(run);
    run = '';
    runKind = null;
  };
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    const kind = HAN.test(segment) ? 'han' : KATAKANA.test(segment) ? 'kata' : null;
    if (
      isWordLike &&
      kind !== null &&
      !(kind === 'han' && ZH_FUNCTION.test(segment) && [...segment].length === 1)
    ) {
      // Chinese prose has no kana to mark where one word ends: only single characters, which
      // the segmenter leaves when it does not know a word, are joined.
      // In Japanese, kana between words mark where they end: what is written together is one
      // word ("ブロック整形文脈"). Chinese words written together are joined too, function
      // characters (的, 与, 和) excepted.
      const joins = runKind !== null && (lang !== 'ko' || runKind === kind);
      if (!joins) flush();
      run += segment;
      runKind = runKind === null || runKind === kind ? kind : 'mixed';
      continue;
    }
    flush();
  }
  flush();
  if (lang === 'ko') out.push(...koreanNouns(text));
  if (lang === 'ja') {
    // A Latin name before a katakana word is one term: "CSS プリプロセッサ".
    for (const m of text.matchAll(/(?<![A-Za-z])[A-Za-z][\w.-]* [\p{Script=Katakana}ー]{2,}/gu))
      out.unshift(m[0]);
  }
  return out;
}

/**
 * Korean nouns: a bare word and the word after it are one term ("추상 클래스와" → "추상 클래스",
 * "JIT 컴파일러가" → "JIT 컴파일러"); a word alone counts from three syllables, its particle
 * dropped, and never with a predicate's ending.
 */
function koreanNouns(text: string): string[] {
  const words = text.split(/[\s,.?!:()（）]+/u).filter(Boolean);
  const out: string[] = [];
  words.forEach((w, i) => {
    const noun = w.replace(KO_PARTICLE, '');
    const bare = noun === w && !KO_PREDICATE.test(w) && /^[\p{Script=Hangul}A-Za-z]+$/u.test(w);
    const next = words[i + 1];
    if (bare && next && [...w].length >= 2) {
      const second = next.replace(KO_PARTICLE, '');
      if (HANGUL.test(second) && (second !== next || !KO_PREDICATE.test(second))) out.push(`${w} ${second}`);
    }
    if (HANGUL.test(noun) && [...noun].length >= 3 && (noun !== w || !KO_PREDICATE.test(noun)))
      out.push(noun);
  });
  return out;
}
