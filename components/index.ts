import type { HelenPlugin } from '../core/index.js';
import { workloadFormats } from '../workloads/index.js';
import { genericPlugin } from './generic/index.js';
import { interconnectPlugin } from './interconnect/index.js';
import { memoryPlugin } from './memory/index.js';
import { neuromorphicPlugin } from './neuromorphic/index.js';
import { reramPlugin } from './reram/index.js';
import { systolicPlugin } from './systolic/index.js';

/**
 * Every family Helen ships, each one plug-in registered through the same
 * `register(session)` an outside package uses. The one list of built-in
 * families: the API, the CLI and the workload readers name no family but here.
 */
export const builtinPlugins: readonly HelenPlugin[] = [
  workloadFormats,
  genericPlugin,
  memoryPlugin,
  interconnectPlugin,
  reramPlugin,
  systolicPlugin,
  neuromorphicPlugin,
];
