// The words that mark questions, requests, answers and non-question sections, in the languages
// the extraction reads: English, Chinese, Japanese, Korean, Spanish, Portuguese, Russian, German,
// French, Italian, Dutch, Polish, Turkish, Indonesian and Vietnamese. Form, never topic: these say
// how a guide asks and answers, not what about.

/**
 * A request that asks for an answer without a question mark, at the start of a line:
 * "Explain …", "Design a …", "Difference between …", "Explique …", "Опишите …", "谈谈…".
 * The English verbs need an object after them ("Design a URL shortener", "Design Twitter"), so
 * that "Design decisions" or "Implementation notes" stay plain headings.
 */
const REQUEST_START = new RegExp(
  `^(?:${[
    // English verbs that only ask ("Explain login flow"); those that also name things are below.
    String.raw`(?:explain|describe|compare|contrast|discuss|differentiate|distinguish|elaborate on|summari[sz]e|tell (?:me|us)|walk (?:me|us)|talk (?:me |us )?(?:about|through)|take (?:me|us) through)\s+\S`,
    // "Difference between …", "Differences of …", "Pros and cons of …", "Time complexity of …".
    String.raw`(?:the\s+)?differences?\s+(?:between|of|in)\b`,
    String.raw`pros\s+(?:and|&)\s+cons\b`,
    String.raw`(?:time|space)\s+complexity\s+of\b`,
    // Spanish and Portuguese.
    String.raw`(?:explique|explica|expl[ií]queme|describa|describe|descreva|mencione|menciona|defina|define|compare|compara|enumere|nombre|liste|cite|cu[ée]ntame|cu[ée]nteme|h[áa]blame|h[áa]bleme|fale|conte-me|me conte|qu[eé] es|o que [eé]|diferencias?\s+entre|diferen[çc]as?\s+entre)\b`,
    // French.
    String.raw`(?:expliquez|explique|d[ée]crivez|d[ée]cris|d[ée]finissez|comparez|citez|donnez|compl[ée]tez|parlez|pr[ée]sentez|quelle est la diff[ée]rence|diff[ée]rences?\s+entre|qu['’]est[- ]ce que?)\b`,
    // German.
    String.raw`(?:erkl[äa]ren sie|erkl[äa]re|beschreiben sie|beschreibe|nennen sie|nenne|vergleichen sie|definieren sie|erz[äa]hlen sie|erz[äa]hl(?:e)?|was ist|was sind|unterschied(?:e)?\s+zwischen)\b`,
    // Italian.
    String.raw`(?:spiega(?:re|te)?|spieghi|descrivi|descriva|descrivete|illustra|illustri|elenca|elenchi|confronta|confronti|definisci|definisca|parlami|parlaci|raccontami|raccontaci|(?:che\s+)?cos['’]\s*[èe]|qual\s+[èe]\s+la\s+differenza|differenz[ae]\s+tra)(?=[\s,:;]|$)`,
    // Dutch.
    String.raw`(?:leg\s+uit|beschrijf|vergelijk|noem|wat\s+is|wat\s+zijn|verschil(?:len)?\s+tussen)(?=[\s,:;]|$)`,
    // Polish.
    String.raw`(?:om[óo]w|opisz|wyja[śs]nij|wymie[ńn]|por[óo]wnaj|zdefiniuj|podaj|przedstaw|scharakteryzuj|czym\s+(?:jest|s[ąa])|co\s+to\s+(?:jest|s[ąa])|r[óo][żz]nic[ae]\s+mi[ęe]dzy|jaka\s+jest\s+r[óo][żz]nica)(?=[\s,:;]|$)`,
    // Indonesian.
    String.raw`(?:jelaskan|sebutkan|uraikan|bandingkan|apa\s+itu|apa\s+perbedaan|perbedaan\s+antara)(?=[\s,:;]|$)`,
    // Vietnamese.
    String.raw`(?:h[ãa]y\s+)?(?:gi[ảa]i\s+th[íi]ch|tr[ìi]nh\s+b[àa]y|so\s+s[áa]nh|ph[âa]n\s+bi[ệe]t|m[ôo]\s+t[ảa]|li[ệe]t\s+k[êe])(?=[\s,:;]|$)`,
    // Russian.
    `(?:объясните|объясни|опишите|опиши|расскажите|расскажи|перечислите|перечисли|назовите|сравните|напишите|приведите|реализуйте|реализуй|решите|создайте|спроектируйте|покажите|что такое|в ч[её]м разница|чем отличается|чем отличаются|разница между|отличи[ея] между)`,
    // Chinese: `请` asks ("请解释…"), `请求` is a request as a thing ("请求头", "请求类型").
    `(?:谈谈|谈一谈|说说|说一说|讲讲|讲一讲|介绍|简述|简要|描述|解释|列举|比较|对比|什么是|如何|怎么|怎样|为什么|为何|请(?!求))`,
  ].join('|')})`,
  'iu',
);

/** A request by its ending, in the languages that put the verb last: 「…を説明してください」, "…설명해주세요". */
const REQUEST_END = new RegExp(
  [
    `(?:教えて|説明して|述べて|挙げて|書いて|答えて|話して)(?:ください|下さい)?`,
    `(?:ください|下さい|お願いします|お願いいたします)`,
    `(?:とは|とは何ですか|は何ですか)`,
    String.raw`(?:설명해\s*(?:주세요|주십시오|보세요)|설명하(?:세요|시오|라)|말해\s*(?:주세요|보세요)|주세요|주십시오|무엇인가요|무엇입니까|뭔가요|인가요|차이(?:점)?(?:은|는)?)`,
    `(?:的区别|的区别是什么|的不同|的原理|的作用|的理解|列举一下)`,
    // Turkish and Vietnamese put the asking word last: "… nedir", "… açıklayınız", "… là gì".
    String.raw`\s(?:nedir|nelerdir|a[çc][ıi]klay[ıi]n(?:[ıi]z)?|anlat[ıi]n(?:[ıi]z)?|tan[ıi]mlay[ıi]n(?:[ıi]z)?|kar[şs][ıi]la[şs]t[ıi]r[ıi]n(?:[ıi]z)?|l[àa]\s+g[ìi])`,
  ]
    .map((p) => `${p}[。.!！]?$`)
    .join('|'),
  'u',
);

/** Verbs that also name things ("Design decisions"): a request only with an object after them. */
const NAMING_VERB =
  /^(?:design|implement|write|define|list|name|outline|mention|create|build|give|show)\s+(\S+)/i;
const OBJECT_WORD =
  /^(?:a|an|the|your|our|some|two|three|how|why|what|when|where|which|who|whether|each|all|any|me|us)$/i;

/** "Design a URL shortener", "Design Twitter", "Write `map`": a naming verb with its object. */
function namingRequest(text: string, capitalised: boolean): boolean {
  const next = NAMING_VERB.exec(text)?.[1];
  if (!next) return false;
  return OBJECT_WORD.test(next) || /^["“'‘`]/u.test(next) || (capitalised && /^\p{Lu}/u.test(next));
}

/** "X vs Y", "X vs. Y", "X v Y v Z", "X versus Y": a comparison to explain. */
const VERSUS = /\S\s+(?:vs\.?|v\.?|versus)\s+\S/i;

/** True when the text asks for an answer as a request, in any language read. */
export function isRequest(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > 300) return false;
  return REQUEST_START.test(t) || namingRequest(t, false) || REQUEST_END.test(t);
}

/**
 * True when the text may ask, though alone it could also be a title: "Monorepo vs. Polyrepo",
 * "Design Patterns", "Design Twitter". Among siblings that ask, it asks too.
 */
export function mayAsk(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > 300) return false;
  return VERSUS.test(t) || namingRequest(t, true);
}

/**
 * The word of a question's label, in the languages read, with an optional qualifier:
 * `Q`, `Question`, `Example Question`, `Pregunta`, `Pergunta`, `Questão`, `Frage`, `Вопрос`,
 * `问题`, `問題`, `質問`, `질문`, `꼬리질문` (a follow-up).
 */
export const QUESTION_WORD = String.raw`(?:(?:example|sample|typical|common|possible|interview|star|behaviou?ral|technical|bonus|coding|practice|tricky|warm-?up|final|follow-?up)\s+)?(?:q|question|pregunta|pergunta|quest[ãa]o|frage|domanda|vraag|pytanie|soru|pertanyaan|c[âa]u\s+h[ỏo]i|c[âa]u|вопрос|问题|問題|質問|面试题|题目|问|問|질문|꼬리\s*질문|추가\s*질문)`;

/**
 * The word of an answer's label: `A`, `Ans`, `Answer`, `Example Answer`, `Respuesta`, `Resposta`,
 * `Réponse`, `Antwort`, `Ответ`, `答案`, `回答`, `回答例`, `답변`, `정답`.
 */
export const ANSWER_WORD = String.raw`(?:(?:example|sample|model|suggested|short|my|your)\s+)?(?:a|ans|answer|respuesta|resposta|r[ée]ponse|antwort|risposta|antwoord|odpowied[źz]|cevap|yan[ıi]t|jawaban|đáp\s+án|tr[ảa]\s+l[ờo]i|ответ|答案|回答例?|解答|答え|答|답변|정답)`;

/**
 * A heading or line that only labels the example a question shows: `Example:`, `Code:`, `Ví dụ:`,
 * `Beispiel:`, `Ejemplo:`, `Пример:`, `例：`, `예제:`.
 */
export const EXAMPLE_LABEL =
  /^(?:(?:code\s+)?examples?|code|snippet|given|input|ví\s+dụ|beispiel|ejemplo|exemplo|exemple|esempio|voorbeeld|przykład|örnek|contoh|пример|例子?|示例|代码|例題|コード|예제|예시|코드)\s*\d*\s*[:：]?$/iu;

/**
 * The word of an exercise's label: `Task:`, `Exercise:`, `Задача:`, `Aufgabe:`, `Exercice:`,
 * `Ejercicio:`, `Tarefa:`, `题目：`, `課題：`, `과제:`. It labels a question only when a request
 * follows: in a STAR story, `Task:` is followed by what the speaker had to do.
 */
export const TASK_WORD = `(?:task|exercise|coding task|problem|challenge|задача|задание|упражнение|aufgabe|übung|t[âa]che|exercice|probl[èe]me|ejercicio|tarea|problema|tarefa|exerc[íi]cio|任务|题目|練習問題|課題|과제|문제)`;

/** Question labels: `Q:`, `Q3.`, `Question 3 -`, `Pregunta 3:`, `Вопрос 3.`, `问题3：`, `질문 1:`, `꼬리질문1:`. */
export const QUESTION_LABEL = new RegExp(
  String.raw`^${QUESTION_WORD}\s*#?\s*\d*(?:\.\d+)*\s*(?:[:.)）：]|[-–—](?=\s))\s*`,
  'iu',
);

/** A paragraph or heading that is only a question's label and number: `Q.`, `Question 5`, `Вопрос 3`. */
export const LABEL_ONLY =
  /^(?:(?:q|question|pregunta|pergunta|quest[ãa]o|frage|soru|pertanyaan|c[âa]u\s+h[ỏo]i|c[âa]u|вопрос|问题|問題|質問|题目|질문|문제|problem|exercise|task|задача|задание|ejercicio|exercice|aufgabe)\s*#?\s*\d*(?:\.\d+)*|第\s*\d+\s*[题題问問]|\d+\s*번(?:\s*문제)?)\s*[:.)）：]?\s*$/iu;

/**
 * The label of an answer, in the languages read: "Answer", "Show answer", "Solution", "Click to
 * expand", "Réponse", "Respuesta", "Resposta", "Antwort", "Ответ", "答案", "解答", "回答", "答え",
 * "정답", "답변". Alone (a `<summary>`, a heading) or leading a line (`**Answer:** …`).
 */
/** The qualifier Spanish, Portuguese, French and Italian put after the word: `Respuesta correcta`, `Réponse attendue`. */
const ROMANCE_QUALIFIER = String.raw`(?:\s+(?:correct[ao]s?|correcte|corret[ao]s?|corrett[ao]|esperad[ao]|sugerid[ao]|modelo|attendue|sugg[ée]r[ée]e))?`;
const ANSWER_WORDS = String.raw`(?:(?:show|see|view|reveal|check|the|my|your|sample|model|suggested|expected|correct|short|long|full|possible|possibile|posible|poss[íi]vel)\s+)?(?:answers?|solutions?|hints?|explanation|r[ée]ponses?|r[ée]pondre|respuestas?|respostas?|soluci[oó]n|solu[çc][ãa]o|rispost[ae]|soluzione|antwort|l[öo]sung|cevap(?:lar)?|yan[ıi]t|[çc][öo]z[üu]m|jawaban|kunci\s+jawaban|pembahasan|đáp\s+án|tr[ảa]\s+l[ờo]i|l[ờo]i\s+gi[ảa]i|ответ|решение|答案|解答|回答|答え|解説|정답|답변|해설)${ROMANCE_QUALIFIER}`;
const EXPANDERS = String.raw`(?:click\s+(?:here\s+)?(?:to\s+)?(?:expand|show|see|view|reveal)(?:\s+\w+)?|expand|show|toggle|more|details?|点击(?:展开|查看)(?:答案)?|展开|查看答案|ver\s+(?:la\s+)?respuesta|mostrar(?:\s+respuesta)?|voir(?:\s+la)?\s+r[ée]ponse|показать(?:\s+ответ)?|antwort\s+anzeigen|답\s*보기|펼치기)`;

/** "Answer to question 3", "第 1 题的答案", "Question 3 answer", "3번 답": a label naming its question. */
const NUMBERED_ANSWER = String.raw`(?:(?:answer|solution)s?\s+(?:to|for|of)\s+(?:question|q|exercise|problem)\s*#?\d+|(?:question|q|exercise)\s*#?\d+\s+(?:answer|solution)s?|第\s*\d+\s*[题題问問]的?(?:答案|解答|回答)|\d+\s*번\s*(?:답|정답|해설))`;

/** The label of the words to say in a coaching guide: `**What to say:**`, `Say this:`. */
export const SAY_LABEL =
  /^[\s>*_]*(?:what\s+(?:to|you(?:'ll|\s+will)?)\s+say|say\s+this|script)[\s*_]*[:：]/i;

/** A summary or heading that only labels what it hides: never a question. */
export const LABEL_SUMMARY = new RegExp(
  String.raw`^[\s*_:>▶►▸▼→-]*(?:${NUMBERED_ANSWER}|${ANSWER_WORDS}|${EXPANDERS})\s*(?:[:：.!)]|\s[-–—:：]?\s*[A-Da-d1-9]\)?)?[\s*_:]*$|^[\s*_]*(?:${ANSWER_WORDS})\s*[:：]\s*[A-Ea-e1-9]\s*$`,
  'iu',
);

/** A line that opens with an answer label: `**Answer:**`, `A:`, `Solution:`, `Hints`, `> **Answer: C**`, `Ответ:`. */
export const ANSWER_LEAD = new RegExp(
  // `A.` opens an enumeration (`A. Clone the repository.` then `B. …`) more often than an answer:
  // the one-letter label needs a colon or a dash.
  String.raw`^[\s>*_]*(?:(?:a|ans)\s*\d*\s*(?:[*_]*\s*[:：\-–—]|[*_]+\s*(?=\n|$)|(?=\s*$)|\s+[A-Ea-e]\b(?!\w))|${ANSWER_WORDS}\s*(?:[*_]*\s*[:：.\-–—]|[*_]+\s*(?=\n|$)|(?=\s*$)|\s+[A-Ea-e]\b(?!\w)))`,
  'iu',
);

/**
 * A heading that names a section which holds no questions to study, however it is phrased:
 * references, links, sources, contents, preface, tips.
 */
export const META_HEADING =
  /^[\s*_]*(?:references?|links?|useful links|sources?|resources?|further reading|reading list|bibliography|credits|acknowledg(?:e)?ments?|see also|table of contents|contents|toc|index|preface|foreword|introduction|intro|about|license|contributing|changelog|tips?|notes?|todo|summary|conclusion|參考|参考|参考链接|参考资料|参考文献|相关链接|链接|延伸阅读|扩展阅读|拓展阅读|推荐阅读|相关阅读|目录|目次|前言|序言|简介|总结|小结|備考|参照|リンク|まとめ|はじめに|참고|참고\s*자료|목차|링크|정리|referencias|enlaces|fuentes|índice|indice|introducción|références|liens|sources|sommaire|quellen|literatur|inhalt|einleitung|источники|ссылки|литература|содержание|оглавление|введение)[\s*_:：.]*$/iu;

/**
 * A heading over a table of contents: its section is the list of links under it, not the headings
 * after that list, however deep they are (`## Índice` over a list, then `#### Explica X`).
 */
export const CONTENTS_HEADING =
  /^[\s*_]*(?:table of contents|contents|toc|index|目录|目次|목차|índice|indice|sommaire|inhalt|inhaltsverzeichnis|содержание|оглавление|mục lục|içindekiler)[\s*_:：.]*$/iu;

/**
 * A heading or lead line saying that the questions below are for the candidate to ask, not to
 * answer: "Questions to ask the interviewer", "Reverse interview", "Ask them"; or to think over
 * after the interview: "Reflect on:", "Post-interview reflection", "Ask yourself".
 */
export const ASK_THEM =
  /\b(?:reflect\s+on|(?:post[\s-]interview|self)[\s-]reflection|ask\s+yourself|questions?\s+(?:to|you\s+(?:can|could|should|might)|for\s+you\s+to)\s+ask|(?:to\s+)?ask\s+(?:them|the\s+interviewer|your\s+interviewer|the\s+team|the\s+company)|reverse\s+interview|questions?\s+for\s+(?:the|your)\s+(?:interviewer|employer|company|team|manager)|preguntas\s+para\s+(?:el|la)\s+entrevistador|вопросы\s+(?:к|для)\s+(?:работодател|интервьюер)|反问|逆質問|역질문)/iu;

/** A heading that frames the headings under it as questions: "Possible Questions", "Preguntas", "面试题". */
export const QUESTIONS_HEADING =
  /(?:\bquestions?\b|\bq\s*&\s*a\b|\bfaq\b|\bpreguntas\b|\bperguntas\b|\bfragen\b|вопрос|问题|面试题|面试|質問|問題|질문|면접)/iu;

/**
 * A heading that names a group of questions, in the plural: "Scenario-Based Interview Questions",
 * "FAQ", "Preguntas de SQL", "Вопросы по сетям", "常见问题". Among numbered questions it is their
 * section, not one of them.
 */
export const QUESTION_GROUP =
  /(?:\bquestions\b|\bfaqs?\b|\bq\s*&\s*a\b|\bpreguntas\b|\bperguntas\b|\bfragen\b|вопросы|面试题|常见问题|よくある質問|질문\s*모음|면접\s*질문)/iu;
