import type { ComponentRegistry } from '../../core/index.js';
import { interconnectBus } from './bus.js';
import { interconnectLink } from './link.js';
import { interconnectRouter } from './router.js';
import { interconnectBusProperties, interconnectLinkProperties, interconnectRouterProperties } from './properties.js';

/** Registers the interconnect family: bus, mesh router, off-chip link. */
export function registerInterconnect(registry: ComponentRegistry): void {
  registry.register({ ...interconnectBus, properties: interconnectBusProperties }).register({ ...interconnectRouter, properties: interconnectRouterProperties }).register({ ...interconnectLink, properties: interconnectLinkProperties });
}
