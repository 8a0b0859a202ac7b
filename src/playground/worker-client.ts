// The page's side of a playground Worker: one request at a time per caller, its progress, its answer; stop ends the Worker.
import type { FitSettingsInput, Reply, Request } from './protocol.js';

type Answer = Exclude<Reply, { kind: 'progress' }>;

export interface Source {
  readonly program: { readonly file: string; readonly text: string };
  readonly data: { readonly file: string; readonly text: string };
}

export class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (a: Answer | null) => void; onProgress?: (step: number, loss: number) => void }
  >();

  /** The Worker, started on first use (the bundle's compiler loads in it, not in the page). */
  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.addEventListener('message', (e: MessageEvent<Reply>) => {
      const r = e.data;
      const p = this.pending.get(r.id);
      if (!p) return;
      if (r.kind === 'progress') p.onProgress?.(r.step, r.loss);
      else {
        this.pending.delete(r.id);
        p.resolve(r);
      }
    });
    // A Worker that fails to load (a broken bundle) answers every pending request with its error.
    w.addEventListener('error', (e: ErrorEvent) => {
      for (const [id, p] of this.pending)
        p.resolve({
          id,
          kind: 'error',
          message: `the Worker failed: ${e.message}`,
          diagnostics: [],
        });
      this.pending.clear();
    });
    this.worker = w;
    return w;
  }

  /** Sends a request; resolves with the answer, or null when stop() ended it first. */
  send(
    kind: Request['kind'],
    source: Source,
    settings: FitSettingsInput,
    onProgress?: (step: number, loss: number) => void,
  ): Promise<Answer | null> {
    const id = this.nextId++;
    const req: Request = { id, kind, ...source, settings };
    return new Promise((resolve) => {
      this.pending.set(id, onProgress ? { resolve, onProgress } : { resolve });
      this.started().postMessage(req);
    });
  }

  /** Ends the Worker and whatever it was running (a fit has no other way to stop); the next send starts another. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
  }
}
