/**
 * `spanmap` command line: the same pure core as the app, for scripts and CI.
 *
 *   spanmap inspect FILE... [--json]
 *   spanmap graph FILE... [--json | --dot | --mermaid] [--trace ID]
 */
import { loadFiles } from './load.ts';
import { summarize } from '../core/model/summary.ts';
import type { DatasetSummary } from '../core/model/summary.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

const USAGE = `usage:
  spanmap inspect FILE... [--json]
  spanmap graph FILE... [--json | --dot | --mermaid] [--trace ID]`;

export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'inspect') return inspect(rest, io);
  if (command === 'graph') {
    const { graphCommand } = await import('./graph.ts');
    return graphCommand(rest, io);
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  io.err(command ? `unknown command '${command}'\n${USAGE}` : USAGE);
  return 2;
}

/** Splits arguments into files and flags; unknown flags are an error. */
export function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[] = []): { files: string[]; flags: Set<string>; values: Map<string, string> } | string {
  const files: string[] = [];
  const set = new Set<string>();
  const values = new Map<string, string>();
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (valued.includes(a)) {
      const v = args[++k];
      if (v === undefined) return `${a} needs a value`;
      values.set(a, v);
    } else if (a.startsWith('--')) {
      if (!flags.includes(a)) return `unknown option ${a}`;
      set.add(a);
    } else files.push(a);
  }
  if (files.length === 0) return 'no FILE given';
  return { files, flags: set, values };
}

async function inspect(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['--json']);
  if (typeof parsed === 'string') {
    io.err(`spanmap inspect: ${parsed}\n${USAGE}`);
    return 2;
  }
  const ds = await loadFiles(parsed.files);
  const summary = summarize(ds);
  io.out(parsed.flags.has('--json') ? JSON.stringify(summary, null, 2) : inspectText(summary));
  return summary.spans > 0 ? 0 : 1;
}

export function inspectText(s: DatasetSummary): string {
  const lines: string[] = [];
  for (const f of s.files) lines.push(`${f.file}: ${f.format ?? 'not loaded'}`);
  lines.push(`${s.traces} trace(s), ${s.spans} span(s), ${s.services.length} service(s): ${s.services.join(', ') || '(none)'}`);
  lines.push(
    `kinds: ${Object.entries(s.kinds)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '(none)'}`,
  );
  if (s.warnings.length > 0) {
    lines.push(`warnings (${s.warnings.length}):`);
    for (const w of s.warnings) lines.push(`  ${w.code} ${w.where}: ${w.message}`);
  }
  if (s.errors.length > 0) {
    lines.push(`errors (${s.errors.length}):`);
    for (const e of s.errors) lines.push(`  ${e.file}: ${e.message}`);
  }
  return lines.join('\n');
}
