import { describe, expect, it } from 'vitest';
import { logLineChart } from '../../bench/red-chart.js';
import { spliceStudy } from '../../bench/red-study.js';

describe('RED study chart and document splice', () => {
  it('the chart carries every point’s value and is the same bytes for the same data', () => {
    const series = [
      {
        label: 'stride 2',
        points: [
          { x: 4, y: 4.2 },
          { x: 2, y: 3.9 },
        ],
      },
      { label: 'stride 8', points: [{ x: 16, y: 71.4 }] },
    ];
    const svg = logLineChart('t', 'K', 'speed-up', series);
    expect([...svg.matchAll(/data-y="([\d.]+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual([
      3.9, 4.2, 71.4,
    ]);
    expect(svg).toContain('<svg');
    expect(logLineChart('t', 'K', 'speed-up', series)).toBe(svg);
  });

  it('splicing the study table replaces only the generated block', () => {
    const doc = spliceStudy('# RED\n\nprose\n', 'TABLE 1\n');
    expect(doc).toContain('TABLE 1');
    const again = spliceStudy(doc + '\nafter\n', 'TABLE 2\n');
    expect(again).toContain('TABLE 2');
    expect(again).not.toContain('TABLE 1');
    expect(again).toContain('prose');
    expect(again).toContain('after');
  });
});
