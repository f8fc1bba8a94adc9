import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzSandbox, runs } from './fuzz-helpers.js';

// Include graphs: cycles, exponential expansion, symbolic links, include bombs in a
// child process. The contract is in fuzz-helpers.ts.

const { workDir, outcome } = fuzzSandbox();

describe('loader fuzzing: includes', () => {
  it('property: random include graphs (top-level and component-level) report every reachable cycle, located at an include', () => {
    const N = 4;
    const graph = fc.array(fc.subarray([0, 1, 2, 3], { maxLength: 2 }), { minLength: N, maxLength: N });
    fc.assert(
      fc.property(graph, fc.boolean(), (edges, componentLevel) => {
        const reachesCycle = (() => {
          const state = new Array<number>(N).fill(0);
          const dfs = (v: number): boolean => {
            state[v] = 1;
            for (const w of edges[v]!) if (state[w] === 1 || (state[w] === 0 && dfs(w))) return true;
            state[v] = 2;
            return false;
          };
          return dfs(0);
        })();
        const files: Record<string, string> = {};
        for (let i = 0; i < N; i++) {
          const head = i === 0 ? 'name: g\nclock: 1GHz\n' : '';
          if (componentLevel) {
            const kids = edges[i]!.map((j) => `  c${j}:\n    include: f${j}.yaml\n`).join('');
            const body = `type: generic.group\n${kids ? `children:\n${kids}` : ''}`;
            files[`f${i}.yaml`] = i === 0 ? `${head}components:\n  root:\n    include: f0-body.yaml\n` : body;
            if (i === 0) files['f0-body.yaml'] = body.replace(/f0\.yaml/g, 'f0-body.yaml');
          } else {
            files[`f${i}.yaml`] =
              `${head}include: [${edges[i]!.map((j) => `f${j}.yaml`).join(', ')}]\nparams:\n  p${i}: ${i}\n`;
          }
        }
        const r = outcome('graph', files);
        const cycles = r.kind === 'errors' ? r.problems.filter((p) => p.code === 'E_INCLUDE_CYCLE') : [];
        expect(cycles.length > 0).toBe(reachesCycle);
        for (const c of cycles) expect(c.message).toMatch(/include cycle: .+ → .+/);
        if (!reachesCycle) expect(r.kind).toBe('model');
      }),
      runs(150),
    );
  });

  it('property: include chains that repeat includes (exponential expansion) and symbolic links in and out of the tree yield a model or located HelenErrors, promptly, never quoting a file outside', () => {
    const SECRET = 'SECRET-b41d-DO-NOT-PRINT';
    const outside = join(workDir, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'passwd'), `root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:${SECRET}\n`);
    const LEAF = 'type: generic.unit\n';
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.constantFrom('none', 'inside', 'outside', 'folder-outside'),
        fc.nat(),
        (depth, fanout, componentLevel, link, linkAt) => {
          // f0 … f(depth-1) each include the next one `fanout` times; f(depth) is the leaf.
          const files: Record<string, string | { link: string }> = {};
          const next = (i: number) => Array.from({ length: fanout }, () => `f${i + 1}.yaml`);
          files['arch.yaml'] = componentLevel
            ? 'name: x\nclock: 1GHz\ncomponents:\n  top: { include: f0.yaml }\n'
            : 'name: x\nclock: 1GHz\ninclude: f0.yaml\n';
          for (let i = 0; i < depth; i++) {
            files[`f${i}.yaml`] = componentLevel
              ? `type: generic.group\nchildren: { ${next(i)
                  .map((f, k) => `c${k}: { include: ${f} }`)
                  .join(', ')} }\n`
              : `include: [${next(i).join(', ')}]\nparams: { p${i}: ${i} }\n`;
          }
          files[`f${depth}.yaml`] = componentLevel ? LEAF : `params: { leaf: 1 }\n`;
          const k = (linkAt % depth) + 1;
          const real = files[`f${k}.yaml`] as string;
          if (link === 'inside') {
            // A linked file's own includes are relative to where it really is.
            files[`real/f${k}.yaml`] = real.replaceAll(`f${k + 1}.yaml`, `../f${k + 1}.yaml`);
            files[`f${k}.yaml`] = { link: `real/f${k}.yaml` };
          } else if (link === 'outside') {
            files[`f${k}.yaml`] = { link: join(outside, 'passwd') };
          } else if (link === 'folder-outside') {
            files['ext'] = { link: outside };
            files[`f${k - 1}.yaml`] = (files[`f${k - 1}.yaml`] as string).replaceAll(`f${k}.yaml`, 'ext/passwd');
          }
          const r = outcome('expand', files);
          const problems = r.kind === 'errors' ? r.problems : [];
          for (const p of problems) expect(p.format()).not.toContain(SECRET);
          const codes = new Set(problems.map((p) => p.code));
          // Expansions up to the file that links out: the link is reached unless the budget ran out first.
          const expansionsBeforeLink = fanout ** (link === 'folder-outside' ? k : k - 1);
          if (link === 'outside' || link === 'folder-outside') {
            if (expansionsBeforeLink < 1000) expect(codes, JSON.stringify([...codes])).toContain('E_INCLUDE_OUTSIDE');
          } else if (fanout ** depth > 200_000) {
            expect(codes).toContain('E_LIMIT');
          } else if (fanout ** depth * 20 < 100_000) {
            const groups = Array.from({ length: depth + 1 }, (_, i) => fanout ** i).reduce((a, b) => a + b, 0);
            expect(r).toEqual({ kind: 'model', components: componentLevel ? groups : 0 });
          }
        },
      ),
      runs(30),
    );
  });

  it.each([
    ['component-level', true],
    ['top-level', false],
  ])(
    'thirty %s include files, each including the next twice, are refused with a located E_LIMIT within 20 s in a 256 MB heap',
    (_, componentLevel) => {
      const dir = join(workDir, `bomb-${String(componentLevel)}`);
      mkdirSync(dir, { recursive: true });
      const N = 30;
      writeFileSync(
        join(dir, 'arch.yaml'),
        componentLevel
          ? 'name: bomb\nclock: 1GHz\ncomponents:\n  top: { include: f0.yaml }\n'
          : 'name: bomb\nclock: 1GHz\ninclude: f0.yaml\n',
      );
      // Two lines each, as in the issue.
      for (let i = 0; i < N; i++) {
        const f = `f${i + 1}.yaml`;
        writeFileSync(
          join(dir, `f${i}.yaml`),
          componentLevel
            ? `type: generic.group\nchildren: { a: { include: ${f} }, b: { include: ${f} } }\n`
            : `include: [${f}, ${f}]\nparams: { p${i}: ${i} }\n`,
        );
      }
      writeFileSync(join(dir, `f${N}.yaml`), componentLevel ? 'type: generic.unit\n' : 'params: { leaf: 1 }\n');
      const r = spawnSync(
        process.execPath,
        ['--max-old-space-size=256', 'bin/helen.js', 'validate', join(dir, 'arch.yaml')],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.signal, 'killed: it did not finish within 20 s').toBeNull();
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^\S*f\d+\.yaml:\d+:\d+: \S+: with its includes expanded .* more than \d+ YAML nodes.*\[E_LIMIT\]$/m,
      );
      expect(r.stderr).not.toMatch(/\n\s+at |heap out of memory|internal error/);
    },
    30_000,
  );
});
