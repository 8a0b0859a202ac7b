// The playground's module Worker: checks and fits a program with the library, so that a long fit never blocks the page.
import { DataText, loadModel, PplcError, type FitOptions } from '../api/library.js';
import { fitPlotSpec } from '../cli/fit-chart.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { PlacedDiagnostic, Reply, Request } from './protocol.js';

const reply = (r: Reply): void => postMessage(r);

function placed(ds: readonly Diagnostic[]): PlacedDiagnostic[] {
  return ds.map((d) => ({
    file: d.file,
    from: d.span?.start.offset ?? 0,
    to: d.span?.end.offset ?? 0,
    line: d.span?.start.line ?? 1,
    column: d.span?.start.column ?? 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
}

/** The settings row's values as fit options (the library checks them, as it checks any app's). */
function fitOptions(req: Request, onProgress: FitOptions['onProgress']): FitOptions {
  const s = req.settings;
  return {
    backend: s.backend,
    ...(s.steps === undefined ? {} : { steps: s.steps }),
    ...(s.lr === undefined ? {} : { lr: s.lr }),
    ...(s.seed === undefined ? {} : { seed: s.seed }),
    ...(s.method === undefined ? {} : { method: s.method as FitOptions['method'] }),
    ...(onProgress ? { onProgress } : {}),
  };
}

async function handle(req: Request): Promise<Reply> {
  const { id } = req;
  const model = await loadModel(req.program.text, req.program.file);
  const data = model.data(new DataText(req.data.text, req.data.file));
  if (req.kind === 'check') return { id, kind: 'checked', warnings: data.warnings };
  const onProgress = (step: number, loss: number): void =>
    reply({ id, kind: 'progress', step, loss });
  const fit = await model.fit(data, fitOptions(req, onProgress));
  return {
    id,
    kind: 'fitted',
    answer: {
      json: fit.toJSON(),
      backend: fit.backend,
      note: fit.note ?? null,
      spec: fitPlotSpec(fit, req.program.file),
    },
  };
}

addEventListener('message', (e: MessageEvent<Request>) => {
  const req = e.data;
  handle(req).then(reply, (err: unknown) => {
    const diagnostics = err instanceof PplcError ? placed(err.diagnostics) : [];
    const message = err instanceof Error ? err.message : String(err);
    reply({ id: req.id, kind: 'error', message, diagnostics });
  });
});
