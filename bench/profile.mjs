// Summarizes V8 CPU profiles (node --cpu-prof): where a build's time goes, by area of the code
// (a package of node_modules, a folder of dist/, Node itself, GC) and by function, self and total.
// Usage: node bench/profile.mjs <dir or .cpuprofile files…> [--top 25]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The area a call frame belongs to: `pdfkit`, `dist/layout`, `node:internal`, `(garbage collector)`. */
export function areaOf(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return `dist/${dist[1]}`;
  if (/\/dist\/[^/]+\.js$/.test(url)) return 'dist';
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\//, '');
}

function frameKey(frame) {
  const file = (frame.url ?? '').replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

/** Self and total milliseconds per area and per function, over every profile given. */
export function summarize(profiles) {
  const selfArea = new Map();
  const selfFn = new Map();
  const totalFn = new Map();
  const totalArea = new Map();
  let wall = 0;
  let idle = 0;
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    wall = Math.max(wall, (profile.endTime - profile.startTime) / 1000);
    for (let i = 0; i < profile.samples.length; i++) {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const node = byId.get(profile.samples[i]);
      if (!node) continue;
      if (node.callFrame.functionName === '(idle)') {
        idle += ms;
        continue;
      }
      add(selfArea, areaOf(node.callFrame), ms);
      add(selfFn, frameKey(node.callFrame), ms);
      const fns = new Set();
      const areas = new Set();
      for (let id = node.id; id !== undefined; id = parent.get(id)) {
        const f = byId.get(id)?.callFrame;
        if (!f || f.functionName === '(root)') continue;
        fns.add(frameKey(f));
        areas.add(areaOf(f));
      }
      for (const k of fns) add(totalFn, k, ms);
      for (const k of areas) add(totalArea, k, ms);
    }
  }
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  const busy = [...selfArea.values()].reduce((a, b) => a + b, 0);
  return {
    threads: profiles.length,
    wall,
    busy,
    idle,
    selfArea: sorted(selfArea),
    totalArea: sorted(totalArea),
    selfFn: sorted(selfFn),
    totalFn: sorted(totalFn),
  };
}

export function loadProfiles(paths) {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(p, f))
      : [p],
  );
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
}

/** The summary as Markdown tables. */
export function formatSummary(s, top = 25) {
  const pct = (ms) => `${((100 * ms) / s.busy).toFixed(1)}%`;
  const table = (title, rows) => [
    `| ${title} | ms | share of CPU |`,
    '|---|---:|---:|',
    ...rows
      .slice(0, top)
      .map(([k, ms]) => `| \`${k.replaceAll('|', '\\|')}\` | ${ms.toFixed(0)} | ${pct(ms)} |`),
    '',
  ];
  return [
    `${s.threads} thread profile(s); longest ${s.wall.toFixed(0)} ms; CPU busy ${s.busy.toFixed(0)} ms, idle ${s.idle.toFixed(0)} ms (all threads).`,
    '',
    ...table('area (self)', s.selfArea),
    ...table('area (total, incl. callees)', s.totalArea),
    ...table('function (self)', s.selfFn),
    ...table('function (total, incl. callees)', s.totalFn),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (args.length === 0) {
    process.stderr.write('usage: node bench/profile.mjs <dir or .cpuprofile files…> [--top 25]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${formatSummary(summarize(loadProfiles(args)), top)}\n`);
  }
}
