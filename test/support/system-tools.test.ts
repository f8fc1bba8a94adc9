import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FST2VCD, findProgram, skipWithoutTools, VCD2FST } from './system-tools.js';

const FAKE = { program: 'helen-no-such-program', debianPackage: 'helen-no-such-package' };

describe('a test needing a system program', () => {
  it('skips with one line naming the program and its Debian package when the program is missing', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(skipWithoutTools([FAKE], 'the fake tests', { PATH: '/nonexistent' })).toBe(true);
      expect(write).toHaveBeenCalledTimes(1);
      const line = String(write.mock.calls[0]![0]);
      expect(line).toMatch(
        /^skipped: the fake tests: needs helen-no-such-program \(Debian package helen-no-such-package\)/,
      );
      expect(line.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      write.mockRestore();
    }
  });

  it('fails instead under HELEN_REQUIRE_SYSTEM_TOOLS=1, naming the program and its package', () => {
    expect(() =>
      skipWithoutTools([FAKE], 'the fake tests', { PATH: '/nonexistent', HELEN_REQUIRE_SYSTEM_TOOLS: '1' }),
    ).toThrow(/helen-no-such-program \(Debian package helen-no-such-package\).*HELEN_REQUIRE_SYSTEM_TOOLS=1/);
  });

  it('runs when the program is an executable file on PATH, and not when the file is not executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-tools-'));
    writeFileSync(join(dir, FAKE.program), '#!/bin/sh\n');
    expect(findProgram(FAKE.program, dir)).toBeUndefined();
    chmodSync(join(dir, FAKE.program), 0o755);
    expect(findProgram(FAKE.program, dir)).toBe(join(dir, FAKE.program));
    expect(skipWithoutTools([FAKE], 'the fake tests', { PATH: `/nonexistent:${dir}` })).toBe(false);
  });
});

// The real thing: vitest run on the GTKWave test file with a PATH that holds only node.
describe('the GTKWave test file on a machine without gtkwave', () => {
  const bin = mkdtempSync(join(tmpdir(), 'helen-only-node-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  const runGtkwaveTests = (extraEnv: NodeJS.ProcessEnv) =>
    spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'test/core/trace/gtkwave.test.ts', '--reporter=default'],
      {
        encoding: 'utf8',
        env: { ...process.env, PATH: bin, HELEN_REQUIRE_SYSTEM_TOOLS: '', CI: '1', ...extraEnv },
        timeout: 120_000,
      },
    );
  const tools = `${VCD2FST.program} \\(Debian package ${VCD2FST.debianPackage}\\), ${FST2VCD.program}`;

  it('passes, skipping its tests with one visible line naming vcd2fst, fst2vcd and the gtkwave package', () => {
    const r = runGtkwaveTests({});
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(new RegExp(`skipped: GTKWave's round trip of Helen's VCD: needs ${tools}`));
    expect(out).toMatch(/skipped/);
    expect(out).not.toMatch(/\d+ passed/);
  }, 130_000);

  it('fails under HELEN_REQUIRE_SYSTEM_TOOLS=1', () => {
    const r = runGtkwaveTests({ HELEN_REQUIRE_SYSTEM_TOOLS: '1' });
    const out = r.stdout + r.stderr;
    expect(r.status, out).not.toBe(0);
    expect(out).toMatch(new RegExp(`needs ${tools}.*HELEN_REQUIRE_SYSTEM_TOOLS=1 makes a missing program a failure`));
  }, 130_000);
});
