import { describe, expect, it } from 'vitest';
import { useFileSystem } from '../../../core/io/file-system.js';
import { MemoryFileSystem } from '../../../core/io/memory-file-system.js';
import { LineReader } from '../../../core/io/line-reader.js';
import { readFileSync } from '../../../core/io/fs.js';
import { writeFileAtomic } from '../../../core/io/output-file.js';

/** Runs `body` with `fs` installed, then puts the previous file system back. */
function withFileSystem<T>(fs: MemoryFileSystem, body: () => T): T {
  const previous = useFileSystem(fs);
  try {
    return body();
  } finally {
    if (previous) useFileSystem(previous);
  }
}

describe('MemoryFileSystem', () => {
  it('reads, writes through descriptors and renames as Node’s does, relative paths from its working folder', () => {
    const fs = new MemoryFileSystem('/work');
    fs.writeFile('a/b.txt', 'hello\nworld\n');
    expect(fs.stat('/work/a').isDirectory()).toBe(true);
    expect(fs.readText('/work/a/b.txt')).toBe('hello\nworld\n');
    const fd = fs.open('out.txt', 'w');
    fs.write(fd, new TextEncoder().encode('abc'));
    fs.write(fd, new TextEncoder().encode('def'), 1, 2);
    fs.close(fd);
    expect(fs.readText('out.txt')).toBe('abcef');
    const buf = new Uint8Array(3);
    const rd = fs.open('out.txt', 'r');
    expect(fs.read(rd, buf, 0, 3, null)).toBe(3);
    expect(fs.read(rd, buf, 0, 3, null)).toBe(2);
    expect(new TextDecoder().decode(buf.subarray(0, 2))).toBe('ef');
    fs.rename('out.txt', 'moved.txt');
    expect(() => fs.stat('out.txt')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(fs.list()).toEqual(['/work/a/b.txt', '/work/moved.txt']);
  });

  it('serves core’s readers and atomic writer when installed (the browser’s case)', () => {
    const fs = new MemoryFileSystem('/helen');
    fs.writeFile('t.csv', 'x,y\r\n1,2');
    withFileSystem(fs, () => {
      const r = new LineReader('t.csv');
      expect([r.next(), r.next(), r.next()]).toEqual(['x,y', '1,2', undefined]);
      writeFileAtomic('out/report.json', '{}');
      expect(readFileSync('/helen/out/report.json', 'utf8')).toBe('{}');
    });
    expect(fs.list()).toEqual(['/helen/out/report.json', '/helen/t.csv']);
  });

  it('a missing file is an ENOENT error naming it (LineReader turns it into a located E_FILE)', () => {
    const fs = new MemoryFileSystem();
    expect(() => fs.readFile('nope.yaml')).toThrow("ENOENT: no such file or directory, open 'nope.yaml'");
    withFileSystem(fs, () => {
      expect(() => new LineReader('nope.csv')).toThrow(expect.objectContaining({ code: 'E_FILE' }));
    });
  });
});
