import { defaultRegistry } from '../components/index.js';
import type { ComponentRegistry } from '../core/index.js';
import { defaultWorkloads, type WorkloadRegistry } from '../workloads/index.js';

/** The component types and workload readers one command works with (no global state). */
export interface Session {
  registry: ComponentRegistry;
  workloads: WorkloadRegistry;
}

/** A session with every family and reader Helen ships. */
export function defaultSession(): Session {
  return { registry: defaultRegistry(), workloads: defaultWorkloads() };
}
