import { describe, expect, it } from 'vitest';
import { sweepChart, sweepPoints, SWEEP_COLUMNS } from '../../bench/snn-mnist-chart.js';

const header = [
  'index',
  'key',
  'status',
  SWEEP_COLUMNS.levels,
  SWEEP_COLUMNS.variation,
  SWEEP_COLUMNS.accuracy,
  SWEEP_COLUMNS.energyPj,
  'wall_s',
  'worker',
  'error',
].join(',');
const CSV = [
  header,
  '0,a,ok,5,0,0.8,1.5,1,local,',
  '1,b,ok,97,0,0.9,1.6,1,local,',
  '2,c,ok,5,0.2,0.5,1.4,1,local,',
  '3,d,error,97,0.2,,,1,local,boom',
].join('\n');

describe('the MNIST levels × variation chart', () => {
  it('reads the finished points of a sweep results.csv', () => {
    expect(sweepPoints(CSV)).toEqual([
      { levels: 5, variation: 0, accuracy: 0.8, energyPj: 1.5 },
      { levels: 97, variation: 0, accuracy: 0.9, energyPj: 1.6 },
      { levels: 5, variation: 0.2, accuracy: 0.5, energyPj: 1.4 },
    ]);
    expect(() => sweepPoints('index,status\n')).toThrow(SWEEP_COLUMNS.levels);
  });

  it('draws one series per variation with every point readable back from data attributes', () => {
    const svg = sweepChart(CSV);
    expect(svg.match(/class="series"/g)).toHaveLength(2);
    expect(svg).toContain('data-label="variation 20 %"');
    expect(svg).toContain('data-x="1.6" data-y="0.9"');
    expect(sweepChart(CSV)).toBe(svg);
  });
});
