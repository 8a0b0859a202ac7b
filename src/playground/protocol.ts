// The messages between the playground page and its Worker: a check or a fit request, progress, and the answer or the error.
import type { FitJson } from '../infer/result-json.js';

/** The fit settings the page's settings row gives (unset ones take the library's defaults). */
export interface FitSettingsInput {
  readonly steps?: number;
  readonly lr?: number;
  readonly seed?: number;
  readonly method?: string;
  readonly backend: 'auto' | 'cpu' | 'webgpu';
}

export interface Request {
  readonly id: number;
  /** 'check': parse, type-check and bind the data only; 'fit': also fit and chart. */
  readonly kind: 'check' | 'fit';
  readonly program: { readonly file: string; readonly text: string };
  readonly data: { readonly file: string; readonly text: string };
  readonly settings: FitSettingsInput;
}

/** A diagnostic placed in its file: offsets into the text the request sent. */
export interface PlacedDiagnostic {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
}

export interface FitAnswer {
  readonly json: FitJson;
  readonly backend: 'cpu' | 'webgpu';
  /** Why an `auto` fit ran on the CPU, when it did. */
  readonly note: string | null;
  /** The CLI's --plot chart (src/cli/fit-chart.ts), as Vega-Lite. */
  readonly spec: unknown;
}

export type Reply =
  | { readonly id: number; readonly kind: 'progress'; readonly step: number; readonly loss: number }
  | {
      readonly id: number;
      readonly kind: 'checked';
      /** Warnings about the data (a member no declaration names), rendered; '' when none. */
      readonly warnings: string;
    }
  | { readonly id: number; readonly kind: 'fitted'; readonly answer: FitAnswer }
  | {
      readonly id: number;
      readonly kind: 'error';
      /** The message as the library renders it (code frames with line:column). */
      readonly message: string;
      readonly diagnostics: readonly PlacedDiagnostic[];
    };
