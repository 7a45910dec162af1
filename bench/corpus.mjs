// Deterministic benchmark corpora: variants of the seed guides (renamed, sections shuffled,
// questions reworded, small text changes) and synthetic 200-question guides written in the
// authoring styles studypack reads. The same seed always gives byte-identical files.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A small seeded PRNG (mulberry32 over an FNV-1a hash of the seed text). */
export function prng(seedText) {
  let h = 2166136261;
  for (const ch of seedText) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const between = (lo, hi) => lo + int(hi - lo + 1);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => next() < p;
  const shuffle = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { next, int, between, pick, chance, shuffle };
}

/** The seed guides: name → text. */
export function readSeeds(guidesDir) {
  return readdirSync(guidesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ name: basename(f, '.md'), text: readFileSync(join(guidesDir, f), 'utf8') }));
}

// ---------------------------------------------------------------------------------------------
// Seed variants

const REWORDINGS = [
  [/\bWhy did you\b/, 'What made you'],
  [/\bHow does\b/, 'How exactly does'],
  [/\bWhat is\b/, "What's"],
  [/\bWhat was\b/, 'What would you say was'],
  [/\bWalk me through\b/, 'Take me through'],
  [/\bHow would you\b/, 'How might you'],
  [/\bHow do you\b/, 'How do you actually'],
  [/\bTell me about\b/, 'Talk me through'],
  [/\bWhy not\b/, 'Why not simply'],
  [/\bwhy\b/, 'why exactly'],
  [/\?/, ', in your own words?'],
];

const SYNONYMS = [
  ['really', 'truly'],
  ['simple', 'straightforward'],
  ['fast', 'quick'],
  ['because', 'since'],
  ['problem', 'issue'],
  ['users', 'people'],
  ['large', 'big'],
  ['important', 'essential'],
  ['about', 'roughly'],
  ['slow', 'sluggish'],
];

const NAME_SHAPES = [
  (base, n) => `${base}-${n}.md`,
  (base, n) => `${base[0]?.toUpperCase()}${base.slice(1)} notes ${n}.md`,
  (base, n) => `${base}_v${n}_prep.md`,
  (base, n) => `interview-${base}-${n}.md`,
];

const FENCE = /^\s*(```|~~~)/;

/** A question line: a heading or bold line that asks something. */
function isQuestionLine(line) {
  return /^(#{2,4} |\*\*)/.test(line) && line.includes('?');
}

function varyNumber(rng, text) {
  return text.replace(/\b(\d{2,4})\b/, (m) =>
    String(Math.max(1, Math.round(Number(m) * (0.8 + rng.next() * 0.4)))),
  );
}

function varySentence(rng, line) {
  if (rng.chance(0.5)) return varyNumber(rng, line);
  const [from, to] = rng.pick(SYNONYMS);
  return line.replace(new RegExp(`\\b${from}\\b`), to);
}

/**
 * One variant of a seed guide: a new file name, its H2 sections shuffled (the part before the
 * first H2 stays first), some questions reworded and a few sentences changed.
 */
export function seedVariant(seed, n, rng) {
  const lines = seed.text.split('\n');
  const segments = [[]];
  let fenced = false;
  for (const line of lines) {
    if (FENCE.test(line)) fenced = !fenced;
    if (!fenced && /^## /.test(line)) segments.push([]);
    segments[segments.length - 1]?.push(line);
  }
  const [head = [], ...sections] = segments;
  const body = [...head, ...rng.shuffle(sections).flat()];
  fenced = false;
  const out = body.map((line) => {
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced || line.trim() === '') return line;
    if (isQuestionLine(line)) {
      if (!rng.chance(0.3)) return line;
      const rule = REWORDINGS.find(([re]) => re.test(line) && rng.chance(0.6));
      return rule ? line.replace(rule[0], rule[1]) : line;
    }
    if (/^(#|\||<)/.test(line)) return line;
    return rng.chance(0.08) ? varySentence(rng, line) : line;
  });
  // Sections shuffled to the end lose their trailing blank line: keep the file well formed.
  const text = `${out.join('\n').replace(/\n*$/, '')}\n`;
  return { file: rng.pick(NAME_SHAPES)(seed.name, n), text };
}

// ---------------------------------------------------------------------------------------------
// Synthetic guides

const PROJECT_NAMES = [
  'Atlas',
  'Nimbus',
  'Quill',
  'Tidewater',
  'Ember',
  'Harbor',
  'Lumen',
  'Orbit',
  'Pixel',
  'Relay',
  'Sprout',
  'Vector',
  'Zephyr',
  'Cobalt',
  'Fable',
  'Granite',
  'Helix',
  'Juniper',
  'Kestrel',
  'Meridian',
];
const PROJECT_KINDS = ['Search', 'Pay', 'Notes', 'Chat', 'Cast', 'Sync', 'Board', 'Track', 'Docs', 'Lens'];
const COMPONENTS = [
  'ingestion pipeline',
  'search index',
  'rate limiter',
  'auth service',
  'job queue',
  'cache layer',
  'notification fan-out',
  'billing webhook',
  'upload service',
  'feature flag store',
  'event bus',
  'recommendation model',
  'analytics rollup',
  'session store',
  'API gateway',
  'scheduler',
  'thumbnail worker',
  'audit log',
  'sync engine',
  'payment ledger',
  'export service',
  'permissions model',
  'realtime presence',
  'email digest',
];
const TECHS = [
  'PostgreSQL',
  'Redis',
  'Kafka',
  'RabbitMQ',
  'gRPC',
  'GraphQL',
  'Kubernetes',
  'Docker',
  'Terraform',
  'AWS Lambda',
  'S3',
  'DynamoDB',
  'Elasticsearch',
  'ClickHouse',
  'Next.js',
  'React Native',
  'FastAPI',
  'Go',
  'Rust',
  'Node.js',
  'Celery',
  'Supabase',
  'Cloudflare Workers',
  'SQLite',
  'MongoDB',
  'Nginx',
  'Prometheus',
  'OpenTelemetry',
];
const SYMPTOMS = [
  'memory leak in the worker',
  'p99 latency spike',
  'duplicate webhook deliveries',
  'deadlock between two migrations',
  'cold-start timeouts',
  'cache stampede after a deploy',
  'clock skew between nodes',
  'connection pool exhaustion',
  'silent message loss in the queue',
  'retry storm after an outage',
];
const THINGS = ['jobs', 'webhooks', 'uploads', 'payments', 'emails', 'events', 'exports', 'sync batches'];
const MODELS = ['ranking', 'embedding', 'transcription', 'classification', 'summarization'];
const REASONS = [
  'the access pattern is mostly reads by key',
  'the team already ran it in production',
  'it gives us transactions across the two tables',
  'it scales horizontally without a rewrite',
  'the managed offering removed a whole on-call rotation',
  'its ecosystem had the client libraries we needed',
];
const TRADEOFFS = [
  'one more moving part to operate',
  'eventual consistency between the two stores',
  'a higher bill at peak',
  'slower cold starts',
  'less flexibility in the schema',
  'more code on the client',
];
const EMOJI = ['🚀', '⚠️', '✅', '💡', '🔥', '📈', '🧪', '🛠️'];

/** The sections of a synthetic guide: category title and the question templates it draws from. */
const SECTIONS = [
  [
    'Project Overview',
    [
      'Tell me about {project}.',
      'What problem does {project} solve?',
      'Who uses the {c} and why?',
      'What was your role on the {c}?',
    ],
  ],
  [
    'Architecture & Design',
    [
      'How does the {c} work?',
      'Walk me through the {c} end to end.',
      'Why did you split the {c} from the {c2}?',
      'How do the {c} and the {c2} talk to each other?',
    ],
  ],
  [
    'Tech Stack Choices',
    [
      'Why {t} over {t2}?',
      'Why did you pick {t} for the {c}?',
      'Would you still choose {t} for the {c} today?',
      'What did {t} cost you in the {c}?',
    ],
  ],
  [
    'Database & Data Modelling',
    [
      'How is the {c} data modelled in {t}?',
      'What indexes does the {c} rely on?',
      'How do you migrate the {c} schema without downtime?',
      'How do you back up the {c}?',
    ],
  ],
  [
    'Security',
    [
      'How do you secure the {c}?',
      'Where do the secrets of the {c} live?',
      'How do you stop abuse of the {c}?',
      'What would an attacker try first against the {c}?',
    ],
  ],
  [
    'Scalability & Performance',
    [
      'How would the {c} handle {n}x the traffic?',
      'What breaks first in the {c} at {n} requests per second?',
      'How did you make the {c} faster?',
      'Where is the bottleneck of the {c}?',
    ],
  ],
  [
    'Reliability',
    [
      'What happens when the {c} goes down?',
      'How do you retry failed {things} safely?',
      'How do you know the {c} is healthy?',
      'What is the blast radius of a bad deploy of the {c}?',
    ],
  ],
  [
    'Debugging Stories',
    [
      'How did you track down the {symptom}?',
      'What was the hardest bug in the {c}?',
      'How did you reproduce the {symptom}?',
      'What did the {symptom} teach you?',
    ],
  ],
  [
    'Testing & Quality',
    [
      'How do you test the {c}?',
      'What does CI run before the {c} ships?',
      'How do you catch regressions in the {c}?',
      'How do you review changes to the {c}?',
    ],
  ],
  [
    'AI & ML',
    [
      'How is the {model} model served?',
      'How do you evaluate the {model} model?',
      'How do you keep the {model} model fresh?',
      'Why not call a hosted API for the {model} model?',
    ],
  ],
  [
    'Behavioral',
    [
      'Tell me about a time you disagreed about the {c}.',
      'What would you do differently on the {c}?',
      'How did you prioritise work on the {c}?',
      'What are you proudest of in the {c}?',
    ],
  ],
];

/** Templates that end in a question mark, for the styles that need one. */
const ASKING = SECTIONS.flatMap(([, templates]) => templates.filter((t) => t.endsWith('?')));

const FOLLOW_UPS = [
  'What if the {c} is down for an hour?',
  'How would that change at {n}x the load?',
  'Why not just use {t}?',
  'How do you know it worked?',
  'What would you monitor for the {c}?',
];

const CHINESE = ['如何处理{c}的迁移？', '为什么选择{t}而不是{t2}？', '{c}的整体架构是怎样的？'];

function fill(rng, template, project) {
  return template
    .replaceAll('{project}', project)
    .replace('{c2}', rng.pick(COMPONENTS))
    .replaceAll('{c}', rng.pick(COMPONENTS))
    .replace('{t2}', rng.pick(TECHS))
    .replace('{t}', rng.pick(TECHS))
    .replace('{n}', String(rng.pick([2, 5, 10, 50, 100])))
    .replace('{things}', rng.pick(THINGS))
    .replace('{symptom}', rng.pick(SYMPTOMS))
    .replace('{model}', rng.pick(MODELS));
}

function sentence(rng) {
  const c = rng.pick(COMPONENTS);
  const t = rng.pick(TECHS);
  const shapes = [
    () => `The ${c} runs on ${t} because ${rng.pick(REASONS)}; the trade-off is ${rng.pick(TRADEOFFS)}.`,
    () =>
      `We measured p95 at ${rng.between(120, 900)} ms before the change and ${rng.between(20, 110)} ms after it.`,
    () =>
      `Requests go client → ${rng.pick(COMPONENTS)} → ${c} → ${t}, and nothing on that path blocks on I/O.`,
    () =>
      `I would keep ${t} for the ${c}, but I would add ${rng.pick(TECHS)} in front of it once traffic grows.`,
    () =>
      `${rng.pick(EMOJI)} **Result:** about ${rng.between(2, 40)}% fewer errors and a ${rng.between(2, 9)}x smaller bill.`,
    () =>
      `The key insight was that the ${c} only needs to be *eventually* consistent with the ${rng.pick(COMPONENTS)}.`,
    () => `Every write to the ${c} carries an idempotency key, so a retry never charges or sends twice.`,
    () =>
      `We kept \`${t.toLowerCase().replace(/[^a-z]/g, '')}_timeout_ms\` at ${rng.between(100, 5000)} after load tests showed no gain above it.`,
  ];
  return rng.pick(shapes)();
}

function paragraph(rng) {
  return Array.from({ length: rng.between(2, 4) }, () => sentence(rng)).join(' ');
}

const CODE = [
  (rng) =>
    `\`\`\`ts\nexport async function handle(req: Request): Promise<Response> {\n  const key = req.headers.get('idempotency-key');\n  if (!key) return new Response('missing key', { status: 400 });\n  await queue.send({ key, at: Date.now(), retries: ${rng.between(1, 9)} });\n  return new Response(null, { status: 202 });\n}\n\`\`\``,
  (rng) =>
    `\`\`\`sql\nCREATE INDEX CONCURRENTLY idx_events_user_created\n  ON events (user_id, created_at DESC)\n  WHERE deleted_at IS NULL; -- ${rng.between(10, 99)}M rows\n\`\`\``,
  (rng) =>
    `\`\`\`python\n@app.post("/jobs")\nasync def create_job(body: JobIn) -> JobOut:\n    job = await repo.insert(body, ttl=${rng.between(30, 600)})\n    await broker.publish("jobs", job.id)\n    return JobOut.from_orm(job)\n\`\`\``,
  (rng) =>
    `\`\`\`yaml\nresources:\n  requests: { cpu: ${rng.between(100, 900)}m, memory: ${rng.between(128, 1024)}Mi }\nautoscaling:\n  minReplicas: 2\n  maxReplicas: ${rng.between(4, 40)}\n\`\`\``,
];

function answer(rng, { short = false } = {}) {
  const parts = [paragraph(rng)];
  if (short) return parts.join('\n\n');
  if (rng.chance(0.4)) {
    const items = Array.from(
      { length: rng.between(2, 5) },
      () => `- **${rng.pick(TECHS)}**: ${sentence(rng)}`,
    );
    parts.push(items.join('\n'));
  }
  if (rng.chance(0.2)) parts.push(rng.pick(CODE)(rng));
  if (rng.chance(0.05)) {
    const rows = Array.from(
      { length: rng.between(2, 4) },
      () => `| ${rng.pick(COMPONENTS)} | ${rng.between(1, 500)} ms | ${rng.pick(TECHS)} |`,
    );
    parts.push(['| Step | Latency | Runs on |', '|---|---|---|', ...rows].join('\n'));
  }
  if (rng.chance(0.5)) parts.push(paragraph(rng));
  if (rng.chance(0.3)) {
    const terms = rng.shuffle(TECHS).slice(0, rng.between(2, 4));
    parts.push(`**Key terms:** ${terms.join(', ')}.`);
  }
  return parts.join('\n\n');
}

const quote = (text) =>
  text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/** One question written in one of the styles studypack recognizes. */
function writeQuestion(rng, style, q, n) {
  const a = answer(rng);
  switch (style) {
    case 'heading':
      return `### ${q}\n\n${rng.chance(0.3) ? '**Answer:**\n\n' : ''}${a}`;
    case 'quoted-heading':
      return `### "${q}"\n\n${a}`;
    case 'numbered-heading':
      return rng.chance(0.5) ? `### Q${n}: "${q}"\n\n${a}` : `### **Q${n}: ${q}**\n\n${a}`;
    case 'bold':
      return `**"${q}"**\n\n${a}`;
    case 'bold-inline':
      return `**${q}** ${a}`;
    case 'interviewer':
      return `### ${n}. The ${rng.pick(COMPONENTS)} probe\n**Interviewer**: *"${q}"*\n\n${quote(`**How to Answer**:\n${a}`)}`;
    case 'details':
      return `<details>\n<summary>${q}</summary>\n\n${a}\n\n</details>`;
    default:
      throw new Error(`unknown style ${style}`);
  }
}

const HEADING_STYLES = new Set(['heading', 'quoted-heading', 'numbered-heading', 'interviewer']);

const MIXED_STYLES = [
  'heading',
  'heading',
  'quoted-heading',
  'numbered-heading',
  'bold',
  'bold-inline',
  'interviewer',
  'details',
];

/**
 * A synthetic guide of exactly `total` questions (follow-ups included): a pitch, two facts
 * tables, then numbered sections in mixed styles, a rapid-fire list, a Q/A block and a part
 * whose questions are H2 headings; plus tips and questions-to-ask that are not entries.
 */
export function syntheticGuide(rng, n, total = 200) {
  const project = `${rng.pick(PROJECT_NAMES)} ${rng.pick(PROJECT_KINDS)}`;
  const seen = new Set();
  const asked = [];
  let count = 0;
  const question = (template) => {
    for (let attempt = 0; ; attempt++) {
      let q = fill(rng, template, project);
      if (attempt > 4) q = q.replace(/\?$|\.$/, ` (case ${attempt})$&`);
      const key = q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
      if (!seen.has(key)) {
        seen.add(key);
        asked.push(q);
        count++;
        return q;
      }
    }
  };
  const out = [
    `# ${project} — Interview Prep ${rng.pick(['🚀', '🎯', '📚'])}`,
    '',
    `Questions an interviewer asks about ${project}, with answers to practise out loud.`,
    '',
    '## Elevator pitch',
    '',
    `${project} is a ${rng.pick(COMPONENTS)} for small teams. ${paragraph(rng)}`,
    '',
    '## Key numbers',
    '',
    '| Metric | Value |',
    '|--------|-------|',
    ...Array.from(
      { length: rng.between(4, 8) },
      () =>
        `| ${rng.pick(['Daily active users', 'Requests per second', 'p95 latency', 'Monthly cost', 'Jobs per day', 'Uptime'])} of the ${rng.pick(COMPONENTS)} | ${rng.between(1, 9000).toLocaleString('en-US')} |`,
    ),
    '',
    '## Tech stack',
    '',
    '| Layer | Technology | Why |',
    '|-------|------------|-----|',
    ...['Frontend', 'API', 'Queue', 'Storage', 'Infra'].map(
      (layer) => `| ${layer} | ${rng.pick(TECHS)} | ${rng.pick(REASONS)} |`,
    ),
    '',
    '---',
    '',
  ];
  // Rapid-fire list, Q/A paragraphs and the H2 part take fixed shares; sections take the rest.
  const listCount = 8;
  const qaCount = 8;
  const h2Count = 12;
  const sectionBudget = total - listCount - qaCount - h2Count;
  let section = 0;
  let qn = 0;
  while (count < sectionBudget) {
    const [title, templates] = SECTIONS[section % SECTIONS.length];
    section++;
    out.push(`## ${section}. ${title} Questions`, '');
    const size = Math.min(rng.between(14, 22), sectionBudget - count);
    let open = false;
    for (let k = 0; k < size && count < sectionBudget; k++) {
      qn++;
      const q = rng.chance(0.02) ? question(rng.pick(CHINESE)) : question(rng.pick(templates));
      // A question without a question mark is recognized only when quoted.
      const style = q.endsWith('?') || q.endsWith('？') ? rng.pick(MIXED_STYLES) : 'quoted-heading';
      // Under a question heading a bold line or <details> belongs to its answer: close it first.
      if (open && !HEADING_STYLES.has(style)) out.push('---', '');
      out.push(writeQuestion(rng, style, q, qn), '');
      open = HEADING_STYLES.has(style);
      if (count < sectionBudget && rng.chance(0.15)) {
        const f = question(rng.pick(FOLLOW_UPS));
        const label = rng.chance(0.6) ? 'Follow-up' : 'If they ask';
        out.push(`**${label}: "${f}"**`, '', answer(rng, { short: true }), '');
      }
      if (rng.chance(0.4)) {
        out.push('---', '');
        open = false;
      }
    }
  }
  out.push('## Rapid-fire questions', '');
  for (let k = 0; k < listCount; k++) {
    const q = question(rng.pick(ASKING));
    out.push(`- **${q}**`, '', `  ${answer(rng, { short: true })}`, '');
  }
  out.push('## Quick Q&A', '');
  for (let k = 0; k < qaCount; k++) {
    const q = question(rng.pick(ASKING));
    out.push(`Q: ${q}`, `A: ${answer(rng, { short: true })}`, '');
  }
  out.push('# Part 2: Deep dives', '', '*Pick two or three, depending on the interviewer.*', '');
  for (let k = 0; k < h2Count; k++) {
    const q = question(rng.pick(ASKING));
    out.push(`## ${q}`, '', answer(rng), '', '---', '');
  }
  out.push(
    '## Tips for the interview',
    '',
    '- Lead with the user problem, then the design.',
    '- Give numbers: latency, cost, scale.',
    '- Say what you would change with more time.',
    '',
    '## Questions to ask the interviewer',
    '',
    '- "How big is the team?"',
    '- "What does on-call look like?"',
    '',
  );
  const slug = project.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { file: `${slug}-${String(n).padStart(4, '0')}.md`, text: out.join('\n'), questions: count, asked };
}

// ---------------------------------------------------------------------------------------------
// Corpora

/**
 * The corpus of `size` guides: every tenth a synthetic 200-question guide, the others variants
 * of the seeds in turn. Guide i depends only on the seed and i, so a smaller corpus is the
 * start of a larger one and every size has the same mix.
 */
export function corpus(seeds, size, seedText) {
  const files = [];
  let variant = 0;
  for (let i = 0; i < size; i++) {
    const rng = prng(`${seedText}:${i}`);
    if (i % 10 === 9) files.push(syntheticGuide(rng, i));
    else files.push(seedVariant(seeds[variant++ % seeds.length], i, rng));
  }
  return files;
}

/**
 * A small edit to one guide, different for every `round`: one sentence appended to the answer
 * in the middle of the file (the first prose line after the halfway point).
 */
export function editGuide(text, round) {
  const lines = text.split('\n');
  let fenced = false;
  const start = Math.floor(lines.length / 2);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) fenced = !fenced;
    if (i < start || fenced || !/^[A-Za-z>]/.test(line) || line.includes('?') || /^>\s*$/.test(line))
      continue;
    lines[i] = `${line} In revision ${round} this held up well under load.`;
    return lines.join('\n');
  }
  return `${text}\nRevision ${round}.\n`;
}
