import type { RunProgress } from '../api/index.js';
import type { Reply, Request } from './protocol.js';

/** A request before the client numbers it. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve: (r: Reply) => void; progress?: (p: RunProgress) => void };

/** Distributes a Helen worker's replies to the requests that asked; `stop()` terminates it mid-run and starts afresh. */
export class HelenWorker {
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.ready = new Promise((ready) => {
      this.worker.onmessage = (e: MessageEvent<Reply>) => {
        const reply = e.data;
        if (reply.kind === 'ready') return ready();
        const p = this.pending.get(reply.id);
        if (!p) return;
        if (reply.kind === 'progress') p.progress?.(reply.progress);
        else {
          this.pending.delete(reply.id);
          p.resolve(reply);
        }
      };
    });
  }

  /** Sends a request; resolves with its final reply (progress goes to `progress`). */
  async ask(request: Unnumbered<Request>, progress?: (p: RunProgress) => void): Promise<Reply> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, ...(progress ? { progress } : {}) });
      this.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Terminates the worker (and whatever it was running); pending requests resolve as stopped. */
  stop(): void {
    this.worker.terminate();
    for (const [id, p] of this.pending)
      p.resolve({
        kind: 'failed',
        id,
        problems: [{ code: 'E_STOPPED', message: 'stopped', text: 'stopped by the user' }],
      });
    this.pending.clear();
    this.start();
  }
}
