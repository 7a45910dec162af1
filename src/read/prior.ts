// How likely a character is in a guide: a small ranked prior of what technical Markdown is written
// with, then Unicode properties. Used to choose among the repairs a lost byte leaves open.

/**
 * Characters common in technical Markdown, likeliest first. Rank only matters between characters
 * that a lost byte makes indistinguishable (🔐 and 🔍 differ only in a byte both code pages
 * lack), so the order within each group is what counts. An entry written with U+FE0F is the
 * emoji as people type it before that selector; it matches only when the selector follows.
 */
export const PRIOR: readonly string[] = [
  // typographic punctuation
  '’ “ ” ‘ — – … • · « » ′ ″ ‹ › †',
  // arrows
  '→ ← ↓ ↑ ↔ ⇒ ⇐ ⇔ ↳ ↩ ↪ ⇄ ➜ ➡️ ⬅️ ⬆️ ⬇️ ↗️ ↘️',
  // marks and stars
  '✅ ❌ ⚠️ ✓ ✔ ✔️ ✗ ✘ ❗ ❓ ⭐ ★ ☆ ❤️ ✨ ⚡ 🔥',
  // maths and units
  '≈ ≠ ≤ ≥ × ÷ ± ° ∞ ≡ √ ∑ µ € £ © ® ™',
  // box drawing and shapes
  '─ │ ┌ ┐ └ ┘ ├ ┤ ┬ ┴ ┼ ━ ┃ ═ ║ ╔ ╗ ╚ ╝ ╠ ╣ ╦ ╩ ╬ ▶ ▼ ▲ ◀ ► ■ □ ▪ ● ○ ◆ ◇ █ ░',
  // heading emoji of interview and project guides
  '🎯 📋 🎬 🏗️ 🛠️ 🗄️ 📈 🔐 🤖 🔧 💻 🎤 📝 🚀 🐛 🔍 🧪 🧠 💡 📊 🏆 🌐 📚 📖 📌 📁 📂 📦 🔑 🔒 🔓',
  '⚙️ 🧩 🧰 🔗 🔄 🌍 💰 📉 🐍 🐳 ☁️ 🖥️ 📱 🗂️ 🏁 🚦 🚧 💬 🗣️ 📣 📅 ⏱️ ⏳ 🎉 👉 👋 👍 💪 🤝 🧭 ♻️',
  '📄 🧾 🎓 🏢 👥 👤 🌟 🔔 🧹 🏠 🔎 📐 📏 📍 📎 📞',
]
  .join(' ')
  .split(' ');

/** VARIATION SELECTOR-16: asks for emoji presentation of the character before it. */
export const VS16 = 0xfe0f;
/** ZERO WIDTH JOINER: glues emoji into one (👩‍💻). */
export const ZWJ = 0x200d;

interface Rank {
  /** Rank when the character stands alone, if the prior has it so. */
  plain?: number;
  /** Rank when U+FE0F follows, if the prior has it so. */
  vs16?: number;
}

const ranks = new Map<number, Rank>();
PRIOR.forEach((entry, rank) => {
  const code = entry.codePointAt(0) as number;
  const slot = ranks.get(code) ?? {};
  if (entry.endsWith('\uFE0F')) slot.vs16 ??= rank;
  else slot.plain ??= rank;
  ranks.set(code, slot);
});

/** The prior's rank of `code`, written before U+FE0F or not; undefined when it has none. */
export function priorRank(code: number, beforeVs16: boolean): number | undefined {
  const rank = ranks.get(code);
  if (rank === undefined) return undefined;
  if (!beforeVs16) return rank.plain;
  // U+FE0F after a character that is no emoji is noise: no prior bonus for it.
  return rank.vs16 ?? (has(code, Prop.Emoji) ? rank.plain : undefined);
}

/** Bit flags of the properties below. */
const Prop = {
  Forbidden: 1,
  Presentation: 2,
  Pictographic: 4,
  Emoji: 8,
  SymbolOrPunctuation: 16,
  Letter: 32,
  Modifier: 64,
  ModifierBase: 128,
  Compatibility: 256,
} as const;

const props = new Map<number, number>();

/** Unicode properties of `code` that matter here, cached: these regexes are not cheap. */
function propsOf(code: number): number {
  let p = props.get(code);
  if (p !== undefined) return p;
  const c = String.fromCodePoint(code);
  p = 0;
  if (/\p{Cn}|\p{Cc}|\p{Cs}|\p{Co}/u.test(c) || code === 0xfffd) p |= Prop.Forbidden;
  if (/\p{Emoji_Presentation}/u.test(c)) p |= Prop.Presentation;
  if (/\p{Extended_Pictographic}/u.test(c)) p |= Prop.Pictographic;
  // \p{Emoji} holds the digits, # and * too: the bases of keycaps.
  if (/\p{Emoji}/u.test(c)) p |= Prop.Emoji;
  if (/\p{S}|\p{P}/u.test(c)) p |= Prop.SymbolOrPunctuation;
  if (/\p{L}/u.test(c) && /\p{Script=Latin}|\p{Script=Greek}|\p{Script=Cyrillic}/u.test(c)) p |= Prop.Letter;
  if (/\p{Emoji_Modifier}/u.test(c)) p |= Prop.Modifier;
  if (/\p{Emoji_Modifier_Base}/u.test(c)) p |= Prop.ModifierBase;
  if (c.normalize('NFKC') !== c) p |= Prop.Compatibility;
  props.set(code, p);
  return p;
}

const has = (code: number, flag: number): boolean => code >= 0 && (propsOf(code) & flag) !== 0;

/**
 * Whether `code` may be the result of a repair. With every byte present any assigned character
 * may; when a byte had to be guessed, only what guides are written with: symbols, punctuation,
 * emoji, European letters, no-break space; no compatibility characters but emoji.
 */
export function isAcceptable(code: number, guessed: boolean): boolean {
  const p = propsOf(code);
  if (p & Prop.Forbidden) return false;
  if (!guessed || code === VS16 || code === ZWJ || code === 0xa0 || ranks.has(code)) return true;
  // Compatibility characters (︐ for a comma, ﬁ, ㎏) are what fonts need, not what people type;
  // emoji among them (🈁, ℹ️) are typed all the same.
  if (p & Prop.Compatibility && !(p & (Prop.Emoji | Prop.Pictographic))) return false;
  return (p & (Prop.Pictographic | Prop.Emoji | Prop.SymbolOrPunctuation | Prop.Letter)) !== 0;
}

/** What a character offers the next one to attach to: bits of `attachment()`. */
export const CAN_TAKE_VS16 = 1;
export const CAN_TAKE_JOINER = 2;
export const CAN_TAKE_SKIN_TONE = 4;

const bmpAttachment = new Int8Array(0x10000).fill(-1);

/** The attachment bits of `code` (-1: the start of the text): a small state for the reading. */
export function attachment(code: number): number {
  if (code < 0) return 0;
  const cached = code < 0x10000 ? (bmpAttachment[code] as number) : -1;
  if (cached >= 0) return cached;
  let bits = 0;
  if (has(code, Prop.Emoji)) bits |= CAN_TAKE_VS16;
  if (code === VS16 || has(code, Prop.Pictographic | Prop.Modifier)) bits |= CAN_TAKE_JOINER;
  if (has(code, Prop.ModifierBase)) bits |= CAN_TAKE_SKIN_TONE;
  if (code < 0x10000) bmpAttachment[code] = bits;
  return bits;
}

/** What a character needs around it: the attachment bit the one before must offer (0: none). */
export interface Requirement {
  before: number;
  /** True when an emoji must follow, as after a joiner. */
  emojiAfter: boolean;
}

/**
 * What `code` needs to fit: the parts of emoji sequences only where they attach. VS16 after an
 * emoji or a keycap's base; a skin tone after a base that takes one; a joiner after a
 * pictograph (or its VS16 or skin tone) and before another emoji.
 */
export function requirement(code: number): Requirement {
  if (code === VS16) return { before: CAN_TAKE_VS16, emojiAfter: false };
  if (code === ZWJ) return { before: CAN_TAKE_JOINER, emojiAfter: true };
  if (has(code, Prop.Modifier)) return { before: CAN_TAKE_SKIN_TONE, emojiAfter: false };
  return { before: 0, emojiAfter: false };
}

/**
 * How likely `code` is, in [0, 0.5]: emoji parts first, as they are only offered where they
 * attach (see requirement()); then a prior hit, higher ranks before lower; then emoji presentation that agrees with
 * U+FE0F (a VS16 after it means the author picked a text-default emoji, none means one that is
 * emoji by default); then pictographs, symbols, letters. Lower code points win what is left,
 * so choices never depend on the order candidates were listed in.
 */
export function preference(code: number, beforeVs16: boolean): number {
  const tieBreak = code * 1e-12;
  const p = propsOf(code);
  if (code === VS16 || code === ZWJ || p & Prop.Modifier) return 0.5 - tieBreak;
  const rank = priorRank(code, beforeVs16);
  if (rank !== undefined) return 0.25 + 0.2 * (1 - rank / PRIOR.length) - tieBreak;
  let score = 0;
  if (beforeVs16) {
    if (p & Prop.Emoji && !(p & Prop.Presentation)) score = 0.2;
    else if (p & Prop.Presentation) score = 0.12;
    else if (p & Prop.Pictographic) score = 0.1;
    else if (p & Prop.SymbolOrPunctuation) score = 0.04;
    else if (p & Prop.Letter) score = 0.02;
  } else if (p & Prop.Presentation) score = 0.2;
  else if (p & Prop.Pictographic) score = 0.15;
  else if (p & Prop.Emoji) score = 0.1;
  else if (p & Prop.SymbolOrPunctuation) score = 0.05;
  else if (p & Prop.Letter) score = 0.02;
  return score - tieBreak;
}
