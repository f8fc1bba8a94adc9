/** A shipped example the menu opens: an architecture, a workload and, to compare, a second architecture. */
export interface Example {
  title: string;
  architecture: string;
  workload: string;
  /** Compared against `architecture` on the same workload. */
  architectureB?: string;
  /** Overrides the example starts with (`key=value` lines). */
  overrides?: string;
}

/** The menu, in the README's order. */
export const EXAMPLES: readonly Example[] = [
  {
    title: 'Demo chip (memory and a 3-stage chain)',
    architecture: 'architectures/examples/demo-chip.yaml',
    workload: 'workloads/examples/demo-ops.jsonl',
  },
  {
    title: 'ISAAC (ReRAM) on a small CNN',
    architecture: 'architectures/isaac-small.yaml',
    workload: 'workloads/examples/cnn-small.yaml',
  },
  {
    title: 'RED against zero insertion (DCGAN deconvolution)',
    architecture: 'architectures/zero-insertion.yaml',
    architectureB: 'architectures/red.yaml',
    workload: 'workloads/examples/deconv-dcgan.yaml',
  },
  {
    title: 'Spiking neural network on its spike file',
    architecture: 'architectures/snn-small.yaml',
    workload: 'workloads/examples/spikes-small.csv',
  },
  {
    title: 'Systolic array on a SCALE-Sim topology',
    architecture: 'architectures/systolic-os-32.yaml',
    workload: 'workloads/examples/scalesim-conv.csv',
  },
  {
    title: 'LLM accelerator on a request trace',
    architecture: 'architectures/llm-accelerator.yaml',
    workload: 'workloads/examples/llm-llama-2-7b-trace.yaml',
  },
];
