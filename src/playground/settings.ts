// The settings row (steps, lr, seed, method, backend) and the page's query (?example=&backend=&steps=&lr=&seed=&method=&autofit).
import { FIT_OPTIONS } from '../pipeline/fit-options.js';
import type { FitSettingsInput } from './protocol.js';

export type BackendChoice = FitSettingsInput['backend'];

export interface SettingsRow {
  readonly steps: HTMLInputElement;
  readonly lr: HTMLInputElement;
  readonly seed: HTMLInputElement;
  readonly method: HTMLSelectElement;
  readonly backend: HTMLSelectElement;
}

function options(select: HTMLSelectElement, choices: readonly string[], chosen: string): void {
  select.replaceChildren(
    ...choices.map((c) => {
      const o = document.createElement('option');
      o.value = o.textContent = c;
      return o;
    }),
  );
  select.value = chosen;
}

/** Fills the row from the fit options table (choices, defaults as placeholders) and the query. */
export function initSettings(row: SettingsRow, query: URLSearchParams): void {
  options(
    row.method,
    FIT_OPTIONS.method.choices,
    query.get('method') ?? FIT_OPTIONS.method.default,
  );
  options(
    row.backend,
    FIT_OPTIONS.backend.choices,
    query.get('backend') ?? FIT_OPTIONS.backend.default,
  );
  row.steps.placeholder = String(FIT_OPTIONS.steps.default);
  row.lr.placeholder = FIT_OPTIONS.lr.defaultText;
  row.seed.placeholder = String(FIT_OPTIONS.seed.default);
  for (const k of ['steps', 'lr', 'seed'] as const) row[k].value = query.get(k) ?? '';
}

/** An input's number, or undefined when it is empty (the library's default); a bad one the library reports. */
const numberOf = (input: HTMLInputElement): number | undefined =>
  input.value.trim() === '' ? undefined : Number(input.value);

/** The settings to fit with; `backend` is what the page decided (auto becomes cpu where WebGPU is missing). */
export function readSettings(row: SettingsRow, backend: BackendChoice): FitSettingsInput {
  const steps = numberOf(row.steps);
  const lr = numberOf(row.lr);
  const seed = numberOf(row.seed);
  return {
    backend,
    method: row.method.value,
    ...(steps === undefined ? {} : { steps }),
    ...(lr === undefined ? {} : { lr }),
    ...(seed === undefined ? {} : { seed }),
  };
}
