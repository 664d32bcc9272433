// Reads the repository's Dockerfile into stages and instructions, so that tests can check its rules
// and run what the image runs (CMD, HEALTHCHECK) without a Docker engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Instruction {
  /** upper case: FROM, RUN, COPY, … */
  op: string;
  /** the rest of the instruction, continuation lines joined */
  args: string;
}

export interface Stage {
  /** the image after FROM, without the flags and the AS name */
  image: string;
  name: string | null;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  if (pending.trim() !== '') logical.push(pending.trim());

  const stages: Stage[] = [];
  for (const l of logical) {
    const m = /^(\S+)\s*(.*)$/.exec(l);
    if (!m) continue;
    const op = (m[1] as string).toUpperCase();
    const args = m[2] as string;
    if (op === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: as >= 0 ? (words[as + 1] ?? null) : null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: ${op} before the first FROM`);
    stage.instructions.push({ op, args });
  }
  return stages;
}

export function readDockerfile(file = path.join(ROOT, 'Dockerfile')): Stage[] {
  return parseDockerfile(readFileSync(file, 'utf8'));
}

/** A CMD, ENTRYPOINT or HEALTHCHECK CMD in exec form (a JSON array); the shell form is refused. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string') || parsed.length === 0) {
    throw new Error(`not an exec-form command: ${args}`);
  }
  return parsed;
}

export const find = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);

/** The command of a stage's HEALTHCHECK, without its options. */
export function healthcheckCommand(stage: Stage): string[] {
  const hc = find(stage, 'HEALTHCHECK').at(-1);
  if (!hc) throw new Error('no HEALTHCHECK');
  const m = /^(?:--\S+\s+)*CMD\s+(.*)$/s.exec(hc.args);
  if (!m) throw new Error(`HEALTHCHECK without CMD: ${hc.args}`);
  return execForm(m[1] as string);
}

/** ENV instructions as a map; both `ENV K=V K2=V2` and the old `ENV K V`. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of find(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [k = '', ...v] = args.split(/\s+/);
      env[k] = v.join(' ');
      continue;
    }
    for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) env[m[1] as string] = m[3] ?? (m[2] as string);
  }
  return env;
}

/** The stage's WORKDIR in force at the end (absolute; '/' when none is set). */
export function workdirOf(stage: Stage): string {
  let dir = '/';
  for (const { args } of find(stage, 'WORKDIR')) dir = path.posix.resolve(dir, args.trim());
  return dir;
}

export interface Copy {
  /** the stage it copies from (--from=), or null for the build context */
  from: string | null;
  /** absolute paths in that stage */
  sources: string[];
  /** absolute path in this stage */
  dest: string;
}

/**
 * A stage's COPY instructions with their paths made absolute: sources against the WORKDIR of the stage
 * they come from, the destination against this stage's WORKDIR at that point.
 */
export function copiesOf(stage: Stage, stages: readonly Stage[]): Copy[] {
  const copies: Copy[] = [];
  let dir = '/';
  for (const { op, args } of stage.instructions) {
    if (op === 'WORKDIR') dir = path.posix.resolve(dir, args.trim());
    if (op !== 'COPY') continue;
    const words = args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
    const paths = words.filter((w) => !w.startsWith('--'));
    const source = from === null ? null : stages.find((s) => s.name === from);
    const srcDir = source ? workdirOf(source) : '/';
    copies.push({
      from,
      sources: paths.slice(0, -1).map((p) => path.posix.resolve(srcDir, p)),
      dest: path.posix.resolve(dir, paths.at(-1) ?? '.'),
    });
  }
  return copies;
}
