// Promise 5: the same guides give the same bytes, wherever and whenever they are built, and no
// output holds an absolute path, a time or a user name.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCheatsheet } from '../../src/render/cheatsheet.js';
import { packOf } from '../helpers.js';
import { changedPaths, ensureDist, ROOT, runCli, snapshot, workspace } from './helpers.js';

const SEEDS = ['stash.md'];
const BUILD = ['build', '--guides', 'guides', '--out', 'out', '--jobs', '2'];

/** A stranger's environment: another user, home, time zone and locale, and no SOURCE_DATE_EPOCH. */
const ELSEWHERE = {
  USER: 'zqstudyuser',
  LOGNAME: 'zqstudyuser',
  HOME: '/home/zqstudyuser',
  TZ: 'Asia/Kathmandu',
  LANG: 'tr_TR.UTF-8',
  LC_ALL: 'tr_TR.UTF-8',
  SOURCE_DATE_EPOCH: '',
};

/** The text of every output: text files as they are, PDFs with their compressed streams inflated. */
function outputText(path: string): string {
  const data = readFileSync(path);
  if (!path.endsWith('.pdf')) return data.toString('utf8');
  const parts = [data.toString('latin1')];
  const raw = data.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(data.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a Flate stream, or cut short by the trailing newline: its raw bytes are searched above.
    }
  }
  return parts.join('\n');
}

async function buildIn(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  mkdirSync(join(dir, 'guides'), { recursive: true });
  for (const seed of SEEDS) cpSync(join(ROOT, 'guides', seed), join(dir, 'guides', seed));
  const r = await runCli(BUILD, dir, env);
  expect(r.code, r.stderr).toBe(0);
  return join(dir, 'out');
}

describe('reproducible builds', () => {
  let first: string;
  let second: string;
  let ws: string;

  beforeAll(async () => {
    expect(ensureDist(), 'dist/cli.js is missing and could not be built').toBe(true);
    ws = workspace().root;
    const started = Date.now();
    first = await buildIn(join(ws, 'a'), { SOURCE_DATE_EPOCH: '' });
    // Another folder, deeper and with a space; another second of the clock; another environment.
    await new Promise((r) => setTimeout(r, Math.max(0, 1100 - (Date.now() - started))));
    second = await buildIn(join(ws, 'somewhere else', 'much', 'deeper'), ELSEWHERE);
  }, 120_000);

  it('gives byte-identical outputs and identity files from two folders, two times and two environments', () => {
    const a = snapshot(first);
    expect(a.size).toBeGreaterThan(6);
    expect(changedPaths(a, snapshot(second))).toEqual([]);
    expect(readFileSync(join(first, '..', 'guides', 'studypack.lock.json'))).toEqual(
      readFileSync(join(second, '..', 'guides', 'studypack.lock.json')),
    );
  });

  it('writes no absolute path, user name, host name or time into any output', () => {
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const forbidden = [
      ws,
      join(tmpdir(), 'studypack-'),
      ROOT.replace(/\/$/, ''),
      '/home/',
      ELSEWHERE.USER,
      // Short names ("vm") turn up by chance in compressed font data; long ones would not.
      ...(hostname().length >= 6 ? [hostname()] : []),
      day,
      day.replace(/-/g, ''),
      ...(userInfo().username === 'root' ? [] : [userInfo().username]),
    ];
    const seconds = Math.floor(now.getTime() / 1000);
    for (const [rel, kind] of snapshot(second)) {
      if (!kind.startsWith('file:')) continue;
      const text = outputText(join(second, rel));
      for (const s of forbidden) expect(text.includes(s), `${rel} holds ${s}`).toBe(false);
      for (const m of text.matchAll(/\b1\d{9}\b/g)) {
        expect(Math.abs(Number(m[0]) - seconds) > 86_400, `${rel} holds the time ${m[0]}`).toBe(true);
      }
      if (rel.endsWith('.pdf')) {
        const dates = [...text.matchAll(/D:(\d{14})/g)].map((m) => m[1]);
        expect(new Set(dates), rel).toEqual(new Set(['19700101000000']));
        const iso = [...text.matchAll(/<xmp:\w+Date>([^<]*)</g)].map((m) => m[1]);
        expect(new Set(iso), rel).toEqual(new Set(['1970-01-01T00:00:00Z']));
      }
    }
  });

  it('dates a PDF from SOURCE_DATE_EPOCH when it is set, and changes nothing else in it', async () => {
    const pack = packOf(readFileSync(join(ROOT, 'guides', SEEDS[0] ?? ''), 'utf8'), 'guides/stash.md');
    const before = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      const dated = (await renderCheatsheet(pack)).pdf.toString('latin1');
      delete process.env.SOURCE_DATE_EPOCH;
      const undated = (await renderCheatsheet(pack)).pdf.toString('latin1');
      expect(dated).toContain('D:20231114221320Z');
      expect(dated).toContain('<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>');
      // The same bytes but for the dates and the document id pdfkit derives from them.
      const neutral = (pdf: string) =>
        pdf
          .replace(/D:\d{14}Z/g, 'D:date')
          .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'iso-date')
          .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, '/ID');
      expect(neutral(dated)).toBe(neutral(undated));
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
  });
});
