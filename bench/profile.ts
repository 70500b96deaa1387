/**
 * A profiling aid for the import path: imports one cached bench file (see bench/synth-cache.ts)
 * several times and prints the CPU time of each phase (JSON.parse, the importer's walk,
 * builder.finish()) as the median and minimum over the repetitions.
 *
 *   node --expose-gc bin/run-ts.mjs bench/profile.ts [--format otlp] [--spans 100000] [--reps 10]
 *        [--phase all|walk|finish]
 *   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/profile.ts ...
 *   node bin/run-ts.mjs bench/profile.ts --summarize /tmp/prof/<file>.cpuprofile [--top 40]
 *
 * `--phase walk` / `finish` repeats only that phase's work many times (after one parse), so that a
 * CPU profile is dominated by it. `--summarize` prints self time by function of a .cpuprofile.
 */
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import { importParsed } from '../web/core/formats/index.ts';
import type { SynthFormat } from '../web/test/generator.ts';
import { synthFile } from './synth-cache.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(name);
  return k >= 0 && k + 1 < process.argv.length ? process.argv[k + 1] : fallback;
}

/** Self time by function (name + file:line) of a .cpuprofile, largest first. */
function summarize(path: string, top: number): void {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  const self = new Map<string, number>();
  let total = 0;
  for (let k = 0; k < p.samples.length; k++) {
    const n = byId.get(p.samples[k]);
    if (n === undefined) continue;
    const f = n.callFrame;
    const file = f.url.replace(/^.*\/(web|bench|node_modules)\//, '$1/');
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    const dt = p.timeDeltas[k] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`total ${(total / 1000).toFixed(0)} ms`);
  for (const [k, us] of rows) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function stats(xs: number[]): string {
  const s = xs.slice().sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, min ${s[0].toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const summary = arg('--summarize', '');
  if (summary !== '') {
    summarize(summary, Number(arg('--top', '40')));
    return;
  }
  const format = arg('--format', 'otlp') as SynthFormat;
  const spans = Number(arg('--spans', '100000'));
  const reps = Number(arg('--reps', '10'));
  const phase = arg('--phase', 'all');
  const file = await synthFile(format, spans);
  const text = readFileSync(file.path, 'utf8');
  const parse: number[] = [];
  const walk: number[] = [];
  const finish: number[] = [];
  let json: unknown = JSON.parse(text);
  for (let r = 0; r < reps; r++) {
    gc();
    let c = cpuMs();
    if (phase === 'all') {
      json = JSON.parse(text);
      parse.push(cpuMs() - c);
      gc();
      c = cpuMs();
    }
    const b = new DatasetBuilder();
    b.beginFile(file.path, 'otlp', text.length);
    if (phase !== 'finish' || r === 0) importParsed(b, file.path, json);
    walk.push(cpuMs() - c);
    if (phase === 'walk') continue;
    c = cpuMs();
    const ds = b.finish();
    finish.push(cpuMs() - c);
    if (phase === 'finish') for (let k = 0; k < 4; k++) b.finish();
    if (r === 0) console.log(`${ds.spanCount} spans, ${ds.traces.length} traces, ${ds.warnings.length} warnings, ${ds.strings.length} strings, ${ds.resources.length} resources, ${ds.scopes.length} scopes`);
  }
  if (parse.length > 0) console.log(`parse  ${stats(parse)}`);
  console.log(`walk   ${stats(walk)}`);
  if (finish.length > 0) console.log(`finish ${stats(finish)}`);
  if (parse.length > 0) {
    const m = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`ratio (median parse / (parse + walk + finish)) ${(m(parse) / (m(parse) + m(walk) + m(finish))).toFixed(2)}`);
  }
}

await main();
