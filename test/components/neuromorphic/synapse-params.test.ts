import { describe, expect, it } from 'vitest';
import { MAX_LEVELS, MAX_SYNAPSES } from '../../../components/neuromorphic/synapse-params.js';
import { MAX_NEURONS } from '../../../components/neuromorphic/lif-population.js';
import { problems, tempDir, writeIn } from './yaml-helpers.js';

const ARCH = `name: sizes
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: 4 } }
      w:
        type: neuromorphic.synapse_array
        params:
          rows: 4
          cols: 2
          weight_mean_mv: 5
      out: { type: neuromorphic.lif_population, params: { size: 2 } }
    connections:
      - { from: input.out, to: w.pre }
      - { from: w.post, to: out.in }
`;

describe('neuromorphic sizes', () => {
  // rows = cols = 100 000 asked the typed arrays for 10¹⁰ elements: "Invalid typed array length", an internal error.
  it.each([
    {
      case: 'a 100 000 × 100 000 synapse array',
      set: { 'snn.w.rows': '100000', 'snn.w.cols': '100000' },
      path: 'snn.w.cols',
      message: `parameter "cols" of neuromorphic.synapse_array: rows × cols = 100000 × 100000 synapses; at most ${MAX_SYNAPSES} (2048 × 2048) in one array`,
    },
    {
      case: 'one synapse past the limit',
      set: { 'snn.w.rows': String(MAX_SYNAPSES + 1), 'snn.w.cols': '1' },
      path: 'snn.w.cols',
      message: `parameter "cols" of neuromorphic.synapse_array: rows × cols = ${MAX_SYNAPSES + 1} × 1 synapses; at most ${MAX_SYNAPSES} (2048 × 2048) in one array`,
    },
    {
      case: 'a billion conductance levels',
      set: { 'snn.w.levels': '1e9' },
      path: 'snn.w.levels',
      message: `parameter "levels" of neuromorphic.synapse_array: Too big: expected number to be <=${MAX_LEVELS}`,
    },
    {
      case: 'a population of a billion neurons',
      set: { 'snn.out.size': '1e9' },
      path: 'snn.out.size',
      message: `parameter "size" of neuromorphic.lif_population: Too big: expected number to be <=${MAX_NEURONS}`,
    },
  ])('$case is refused at the parameter that set it', ({ set, path, message }) => {
    const file = writeIn(tempDir(), 'a.yaml', ARCH);
    const [p, ...rest] = problems(file, new Map(Object.entries(set)));
    expect(rest).toEqual([]);
    expect([p!.code, p!.location?.file, p!.location?.path, p!.message]).toEqual(['E_VALUE', '--set', path, message]);
  });

  it('the product is located at cols in the file when the file sets it', () => {
    const file = writeIn(
      tempDir(),
      'a.yaml',
      ARCH.replace('rows: 4', 'rows: 100000').replace('cols: 2', 'cols: 100000'),
    );
    const [p] = problems(file);
    expect([p!.code, p!.location?.line, p!.location?.column]).toEqual(['E_VALUE', 12, 17]);
  });
});
