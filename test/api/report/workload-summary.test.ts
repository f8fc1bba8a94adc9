import { describe, expect, it } from 'vitest';
import { runSimulation, type RunReport } from '../../../api/run.js';
import { renderHtmlReport } from '../../../api/report/index.js';
import { formatMetricValue } from '../../../core/index.js';
import { formatRunReport } from '../../../cli/format.js';
import type { WorkloadSummary } from '../../../core/index.js';

const base = (): RunReport =>
  runSimulation({
    architecture: 'architectures/examples/demo-chip.yaml',
    workload: 'workloads/examples/demo-ops.jsonl',
  });

const summary: WorkloadSummary = {
  metrics: [
    { name: 'ttft_p50', value: 147_700_000_000, unit: 'ps', description: 'median time to first token' },
    { name: 'pj_per_sop', value: 1.234567, unit: 'pJ', description: 'energy per synaptic operation' },
    { name: 'throughput', value: 1234.5678, unit: 'tokens/s', description: 'generated tokens per second' },
  ],
  tables: [
    {
      id: 'roofline',
      title: 'roofline',
      columns: ['op', 'intensity', 'bound'],
      rows: [
        ['qkv', 12.5, 'memory'],
        ['ffn', 2048, 'compute'],
      ],
    },
  ],
  views: { no_such_view: { x: 1 } },
};

describe('workload summaries', () => {
  it('a run whose driver has no summary reports none', () => {
    expect(base().workload_summary).toBeUndefined();
  });

  it('formats metric values in their units', () => {
    expect(formatMetricValue(147_700_000_000, 'ps')).toBe('147.700 ms');
    expect(formatMetricValue(1234.5678, 'tokens/s')).toBe('1 235 tokens/s');
    expect(formatMetricValue(12.345678, 'tokens/s')).toBe('12.35 tokens/s');
    expect(formatMetricValue(20_000, '')).toBe('20 000');
  });

  it('the text summary prints every metric and every table row', () => {
    const text = formatRunReport({ ...base(), workload_summary: summary });
    expect(text).toMatch(/ttft_p50\s+147\.700 ms\s+median time to first token/);
    expect(text).toMatch(/throughput\s+1 235 tokens\/s/);
    expect(text).toContain('roofline:');
    expect(text).toMatch(/qkv\s+12\.5\s+memory/);
    expect(text).toMatch(/ffn\s+2 048\s+compute/);
  });

  it('the HTML report shows metrics as cards, tables by id, and names a view it cannot draw', () => {
    const html = renderHtmlReport({ ...base(), workload_summary: summary });
    expect(html).toContain('<section id="workload">');
    expect(html).toMatch(/id="metric-ttft_p50" data-value="147700000000">147\.700 ms</);
    expect(html).toContain('id="table-roofline"');
    expect(html).toContain('<td data-value="2048">2 048</td>');
    expect(html).toContain('No plug-in loaded draws the "no_such_view" view');
  });
});
