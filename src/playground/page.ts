// The playground page: pick an example, edit the program and its data, fit in a Worker, see the posterior and its chart.
import { FIT_OPTIONS } from '../pipeline/fit-options.js';
import { clearChart, renderChart } from './chart.js';
import { createEditors, setText, showDiagnostics, type Editors } from './editors.js';
import { loadExamples, type Example } from './examples.js';
import { probeWebGpu, type GpuProbe } from './gpu-probe.js';
import { renderTables } from './posterior-table.js';
import type { PlacedDiagnostic } from './protocol.js';
import { initSettings, readSettings, type BackendChoice, type SettingsRow } from './settings.js';
import { WorkerClient, type Source } from './worker-client.js';

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

const ui = {
  example: byId<HTMLSelectElement>('example'),
  gpu: byId('gpu-status'),
  fit: byId<HTMLButtonElement>('fit'),
  stop: byId<HTMLButtonElement>('stop'),
  progress: byId<HTMLProgressElement>('progress'),
  progressText: byId('progress-text'),
  messages: byId('messages'),
  outcome: byId('outcome'),
  tables: byId('tables'),
  chart: byId('chart'),
};
const row: SettingsRow = {
  steps: byId('steps'),
  lr: byId('lr'),
  seed: byId('seed'),
  method: byId('method'),
  backend: byId('backend'),
};

/** Fits run in one Worker (stopped by ending it), checks while typing in another, so neither waits on the other. */
const fitter = new WorkerClient();
const checker = new WorkerClient();
let editors: Editors;
let current: Example | undefined;
let probe: GpuProbe = { available: false, message: 'checking WebGPU…' };
/** Whose text the message area shows: a check's error is cleared by the next good check, a fit's is not. */
let messageFrom: 'check' | 'fit' | null = null;

function say(text: string, from: 'check' | 'fit' | null, kind: 'info' | 'error' = 'info'): void {
  ui.messages.textContent = text;
  ui.messages.className = kind;
  messageFrom = from;
}

function source(): Source {
  const name = current?.name ?? 'program';
  return {
    program: { file: `${name}.ppl`, text: editors.program.state.doc.toString() },
    data: { file: `${name}.json`, text: editors.data.state.doc.toString() },
  };
}

/** Each diagnostic in the editor of its file (the program's or the data's). */
function place(ds: readonly PlacedDiagnostic[]): void {
  const s = source();
  showDiagnostics(
    editors.program,
    ds.filter((d) => d.file === s.program.file),
  );
  showDiagnostics(
    editors.data,
    ds.filter((d) => d.file === s.data.file),
  );
}

function setState(state: 'idle' | 'fitting' | 'done' | 'error'): void {
  document.body.dataset.state = state;
  ui.fit.disabled = state === 'fitting';
  ui.stop.hidden = state !== 'fitting';
}

/** The backend to ask for: `auto` without a WebGPU adapter is `cpu`, said once in the message area. */
function backend(): BackendChoice {
  const chosen = row.backend.value as BackendChoice;
  return chosen === 'auto' && !probe.available ? 'cpu' : chosen;
}

async function fit(): Promise<void> {
  const settings = readSettings(row, backend());
  const asked = settings.steps ?? FIT_OPTIONS.steps.default;
  // A bad number (the library says what is wrong with it) still leaves the bar a length.
  const steps = Number.isFinite(asked) && asked > 0 ? asked : 1;
  setState('fitting');
  ui.tables.replaceChildren();
  ui.outcome.textContent = '';
  clearChart(ui.chart);
  place([]);
  // Why an `auto` fit runs on the CPU, kept in the message area with the answer.
  const notice = settings.backend === 'cpu' && row.backend.value === 'auto' ? probe.message : '';
  say(notice || 'fitting…', null);
  ui.progress.max = steps;
  ui.progress.value = 0;
  ui.progressText.textContent = '';
  const t0 = performance.now();
  const answer = await fitter.send('fit', source(), settings, (step, loss) => {
    ui.progress.value = step;
    ui.progressText.textContent = `step ${step} of ${steps}, loss ${loss.toPrecision(5)}`;
  });
  if (answer === null) {
    say('stopped', 'fit');
    setState('idle');
    return;
  }
  if (answer.kind === 'error') {
    say(answer.message, 'fit', 'error');
    place(answer.diagnostics);
    setState('error');
    return;
  }
  if (answer.kind !== 'fitted') return;
  const { json, note, spec } = answer.answer;
  ui.progress.value = steps;
  renderTables(ui.tables, json, source().program.file);
  const where = answer.answer.backend === 'webgpu' ? 'WebGPU' : 'the CPU';
  const seconds = ((performance.now() - t0) / 1000).toFixed(2);
  ui.outcome.textContent = `Fitted on ${where}: ${seconds} s from the click.${note ? ` (${note})` : ''}`;
  document.body.dataset.backend = answer.answer.backend;
  // Milliseconds from the page's navigation to the table: the playground's time to first answer.
  ui.tables.dataset.answerMs = String(Math.round(performance.now()));
  say(notice, null);
  setState('done');
  await renderChart(ui.chart, spec);
  ui.chart.dataset.drawn = 'true';
}

let checkTimer: ReturnType<typeof setTimeout> | undefined;
let lastCheck = 0;

/** Checks the program and data a moment after the last edit; errors go to their lines and the message area. */
function scheduleCheck(): void {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => {
    const mine = ++lastCheck;
    void checker.send('check', source(), readSettings(row, 'cpu')).then((answer) => {
      if (answer === null || mine !== lastCheck || document.body.dataset.state === 'fitting')
        return;
      if (answer.kind === 'error') {
        say(answer.message, 'check', 'error');
        place(answer.diagnostics);
      } else if (answer.kind === 'checked') {
        place([]);
        if (messageFrom === 'check') say(answer.warnings, answer.warnings ? 'check' : null);
      }
    });
  }, 400);
}

function choose(ex: Example): void {
  current = ex;
  setText(editors.program, ex.program);
  setText(editors.data, ex.data);
  ui.example.value = ex.name;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  initSettings(row, query);
  let loading = true;
  editors = createEditors(byId('program-editor'), byId('data-editor'), () => {
    if (!loading) scheduleCheck();
  });
  const [examples, found] = await Promise.all([loadExamples(), probeWebGpu()]);
  probe = found;
  ui.gpu.textContent = probe.message;
  ui.gpu.className = probe.available ? 'ok' : 'missing';
  ui.example.replaceChildren(
    ...examples.map((ex) => {
      const o = document.createElement('option');
      o.value = o.textContent = ex.name;
      return o;
    }),
  );
  const first = examples.find((ex) => ex.name === (query.get('example') ?? 'scale')) ?? examples[0];
  if (first) choose(first);
  loading = false;
  ui.example.addEventListener('change', () => {
    const ex = examples.find((e) => e.name === ui.example.value);
    if (!ex) return;
    loading = true;
    choose(ex);
    loading = false;
    place([]);
    if (messageFrom === 'check') say('', null);
  });
  ui.fit.addEventListener('click', () => void fit());
  ui.stop.addEventListener('click', () => fitter.stop());
  setState('idle');
  if (query.has('autofit')) await fit();
}

main().catch((e: unknown) => {
  say(
    `the playground failed to start: ${e instanceof Error ? e.message : String(e)}`,
    null,
    'error',
  );
  setState('error');
});
