// The rules the image, the compose file and the Kubernetes manifest must keep. There is no Docker
// engine in CI: scripts/container.int.test.ts runs what the image runs, this file checks the files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copiesOf,
  envOf,
  execForm,
  find,
  healthcheckCommand,
  parseDockerfile,
  ROOT,
  readDockerfile,
  workdirOf,
} from './dockerfile';

const stages = readDockerfile();
const final = stages.at(-1) ?? expect.unreachable('no stage');
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('Dockerfile', () => {
  it('is multi-stage: a named build stage, then the runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]?.name).toBe('build');
  });

  it('builds on the official Node image, an LTS line pinned to major.minor.patch, never latest', () => {
    for (const s of stages) {
      const m = /^(?:docker\.io\/library\/)?node:(\d+)\.(\d+)\.(\d+)-[a-z0-9.-]+(@sha256:[0-9a-f]{64})?$/.exec(s.image);
      expect(m, `${s.image} is not node:<major>.<minor>.<patch>-<variant>`).not.toBeNull();
      // Node's LTS lines are the even majors; 20 is the oldest Next.js 16 supports
      const major = Number(m?.[1]);
      expect(major % 2, `${s.image} is not an LTS line`).toBe(0);
      expect(major).toBeGreaterThanOrEqual(20);
      expect(s.image).not.toMatch(/latest|current/);
    }
  });

  it('installs and builds in the build stage', () => {
    const runs = find(stages[0] as (typeof stages)[number], 'RUN').map((r) => r.args);
    // the lock fits every platform, so the image gets exactly the locked tree
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm install\b/.test(r))).toBe(false);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
  });

  it('copies only the two standalone outputs into the final stage, and installs nothing there', () => {
    const copies = copiesOf(final, stages);
    expect(copies.length).toBeGreaterThan(0);
    const build = workdirOf(stages[0] as (typeof stages)[number]);
    for (const c of copies) {
      expect(c.from, 'every COPY comes from the build stage').toBe('build');
      for (const src of c.sources) {
        expect(
          [`${build}/.next/standalone`, `${build}/.next-base-path/standalone`],
          'copied from a standalone output only',
        ).toContain(src);
      }
    }
    for (const r of find(final, 'RUN')) expect(r.args).not.toMatch(/\b(npm|npx|yarn|pnpm|tsx)\b/);
    expect(envOf(final).NODE_ENV).toBe('production');
  });

  it('puts the base-path build where the bundled launcher looks for it: .next-base-path/standalone beside start.mjs', () => {
    const app = workdirOf(final);
    const build = workdirOf(stages[0] as (typeof stages)[number]);
    const copies = copiesOf(final, stages).map((c) => ({ sources: c.sources, dest: c.dest }));
    expect(copies).toContainEqual({ sources: [`${build}/.next/standalone`], dest: app });
    expect(copies).toContainEqual({
      sources: [`${build}/.next-base-path/standalone`],
      dest: `${app}/.next-base-path/standalone`,
    });
  });

  it('runs as a non-root user', () => {
    const user = find(final, 'USER').at(-1)?.args.trim() ?? '';
    expect(user, 'the final stage sets USER').not.toBe('');
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('exposes 4171 and runs the bundled launcher with node', () => {
    expect(find(final, 'EXPOSE').map((e) => e.args.trim())).toContain('4171');
    expect(execForm(find(final, 'CMD').at(-1)?.args ?? '')).toEqual(['node', 'start.mjs']);
    expect(find(final, 'ENTRYPOINT')).toEqual([]);
  });

  it('has a HEALTHCHECK that asks /ping with node (slim images have no curl)', () => {
    const cmd = healthcheckCommand(final);
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/ping');
    const hc = find(final, 'HEALTHCHECK').at(-1)?.args ?? '';
    expect(hc).toMatch(/--timeout=\d+s/);
  });

  it('the parser joins continuation lines and skips comments', () => {
    const s = parseDockerfile('# c\nFROM node:22.1.0-slim AS a\nRUN a \\\n  # inside\n  b\nFROM a\nENV A=1 B="x y"\n');
    expect(s.map((x) => [x.image, x.name])).toEqual([
      ['node:22.1.0-slim', 'a'],
      ['a', null],
    ]);
    expect(s[0]?.instructions).toEqual([{ op: 'RUN', args: 'a b' }]);
    expect(envOf(s[1] as (typeof s)[number])).toEqual({ A: '1', B: 'x y' });
  });

  it('the parser resolves COPY paths against the WORKDIRs', () => {
    const s = parseDockerfile(
      'FROM n AS b\nWORKDIR /src\nFROM n\nWORKDIR /app\nCOPY --from=b /src/x ./\nCOPY --from=b y z/w\nWORKDIR sub\nCOPY a b /abs/\n',
    );
    const last = s[1] as (typeof s)[number];
    expect(workdirOf(last)).toBe('/app/sub');
    expect(copiesOf(last, s)).toEqual([
      { from: 'b', sources: ['/src/x'], dest: '/app' },
      { from: 'b', sources: ['/src/y'], dest: '/app/z/w' },
      { from: null, sources: ['/a', '/b'], dest: '/abs' },
    ]);
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, builds and NSQ binaries out of the build context', () => {
    const ignored = text('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const p of ['node_modules', '.next', '.nsq', '.git']) expect(ignored).toContain(p);
  });
});

describe('docker-compose.yml', () => {
  const compose = text('docker-compose.yml');
  it('runs nsqlookupd and two nsqd from the official image, and the console from the Dockerfile', () => {
    expect(compose.match(/image: nsqio\/nsq:v1\.3\.0/g)).toHaveLength(3);
    expect(compose).toMatch(/command: \/nsqlookupd\b/);
    for (const n of ['nsqd1', 'nsqd2']) {
      expect(compose).toContain(`command: /nsqd --lookupd-tcp-address=nsqlookupd:4160 --broadcast-address=${n}`);
    }
    expect(compose).toMatch(/build: \.\n/);
    expect(compose).toContain('NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: nsqlookupd:4161');
    expect(compose).toContain('"4171:4171"');
  });
});

describe('deploy/kubernetes.yaml', () => {
  const k8s = text('deploy/kubernetes.yaml');
  it('has a Deployment and a Service', () => {
    expect(k8s).toMatch(/^kind: Deployment$/m);
    expect(k8s).toMatch(/^kind: Service$/m);
  });
  it('probes liveness on /ping and readiness on /ready', () => {
    expect(k8s).toMatch(/livenessProbe:\s+httpGet:\s+path: \/ping/);
    expect(k8s).toMatch(/readinessProbe:\s+httpGet:\s+path: \/ready/);
  });
  it('sets requests and limits, runs as non-root, configures through env', () => {
    expect(k8s).toMatch(/resources:\s+requests:\s+cpu: \S+\s+memory: \S+\s+limits:/);
    expect(k8s).toMatch(/runAsNonRoot: true/);
    expect(k8s).toMatch(/allowPrivilegeEscalation: false/);
    expect(k8s).toMatch(/- name: NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS/);
    expect(k8s).toMatch(/containerPort: 4171/);
    // Kubernetes' service-link variables (NSQ_CONSOLE_SERVICE_HOST, …) are not settings
    expect(k8s).toMatch(/enableServiceLinks: false/);
  });
});
