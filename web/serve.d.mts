import type { Server } from 'node:http';

/** Starts serving `folder` on 127.0.0.1:`port` (0: any free port); resolves to the server once listening. */
export function serveStatic(folder: string, port?: number): Promise<Server>;
