import type { HelenPlugin, Session } from '../../core/index.js';
import { interconnectBus } from './bus.js';
import { interconnectLink } from './link.js';
import { interconnectRouter } from './router.js';
import { interconnectBusProperties, interconnectLinkProperties, interconnectRouterProperties } from './properties.js';

/** The interconnect family as a plug-in: bus, mesh router, off-chip link. */
export const interconnectPlugin: HelenPlugin = {
  name: 'helen-interconnect',
  description: 'interconnect family: bus, mesh router, off-chip link',
  register(session: Session): void {
    session.registry
      .register({ ...interconnectBus, properties: interconnectBusProperties })
      .register({ ...interconnectRouter, properties: interconnectRouterProperties })
      .register({ ...interconnectLink, properties: interconnectLinkProperties });
  },
};
