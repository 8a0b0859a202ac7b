// What every fuzz case must satisfy: no undocumented exception, well-formed diagnostics (a catalogue code and a
// line:column, or a named data member), CLI exit statuses 0/1/2 without stack traces, and no non-finite loss reported
// as a successful fit. Each check returns the problems it found; an empty list is a clean case.
import { CODES } from '../../src/diag/codes.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { InternalError } from '../../src/diag/diagnostic.js';
import { posAt } from '../../src/diag/span.js';
import { PplcError, type Fit } from '../../src/api/fit.js';

export type ProblemKind =
  | 'threw' // an exception the API does not document escaped
  | 'internal' // an internal error: InternalError, E0199/E0299, exit status 3
  | 'bad-diagnostic' // a diagnostic without a known code, a position or a named member, or with an unfilled message
  | 'exit-code' // a CLI exit status other than 0, 1 or 2, or one that disagrees with what was printed
  | 'stack-trace' // a stack trace on stderr
  | 'slow' // over the case's time bound
  | 'hang' // no answer at all within several bounds
  | 'nonfinite-success' // a fit reported as a success with a non-finite loss (or params)
  | 'invalid-wgsl' // generated WGSL that the WebGPU implementation rejects
  | 'crash'; // the fuzzing process died in the case (the long run's parent reports it)

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
  /** The source folder the failure came from (the first src frame of its stack), when known. */
  readonly owner?: string;
}

const INTERNAL_CODES = new Set(['E0199', 'E0299']);
/** Text that only an unfilled template or a stringified object leaves in a message. */
const UNFILLED = /\{[a-zA-Z]+(?::[^}]*)?\}|\ban? (undefined|null)\b|\[object Object\]/;

/** The src folder of the first stack frame inside the compiler (dist/src/<folder>/...). */
export function ownerOf(e: unknown): string | undefined {
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const m = /dist\/src\/([a-z-]+)\//.exec(stack);
  return m ? m[1] : undefined;
}

/**
 * Problems with diagnostics: each needs a catalogue code (not an internal one), a filled message and a position
 * consistent with its file's text; a data diagnostic (E06xx) may instead name the member it is about, and one about
 * data given as an object (whose file has no text in `sources`) has no position to give.
 */
export function diagnosticProblems(
  ds: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): Problem[] {
  const out: Problem[] = [];
  for (const d of ds) {
    const tag = `${d.code} '${d.message}'`;
    if (!(d.code in CODES)) out.push({ kind: 'bad-diagnostic', message: `unknown code ${tag}` });
    if (INTERNAL_CODES.has(d.code))
      out.push({ kind: 'internal', message: `${tag} ${d.note ?? ''}`.trim() });
    if (d.message.length === 0 || UNFILLED.test(d.message))
      out.push({ kind: 'bad-diagnostic', message: `message not filled: ${tag}` });
    if (d.span === null) {
      // Data given as an object (no text) has no positions: its diagnostics name the member instead.
      const fromObject = d.code.startsWith('E06') && !sources.has(d.file);
      const namesMember = d.code.startsWith('E06') && /(member|size) '[^']*'/.test(d.message);
      if (!namesMember && !fromObject && !INTERNAL_CODES.has(d.code))
        out.push({ kind: 'bad-diagnostic', message: `no position: ${tag}` });
      continue;
    }
    const text = sources.get(d.file);
    const { start, end } = d.span;
    if (start.line < 1 || start.column < 1 || start.offset < 0 || end.offset < start.offset)
      out.push({ kind: 'bad-diagnostic', message: `bad span ${JSON.stringify(d.span)}: ${tag}` });
    else if (text !== undefined) {
      // Offsets count from after a byte-order mark, which the readers skip.
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      const p = posAt(body, start.offset);
      if (end.offset > body.length || p.line !== start.line || p.column !== start.column)
        out.push({
          kind: 'bad-diagnostic',
          message: `span ${start.line}:${start.column} (offset ${start.offset}..${end.offset}) does not match the text (${p.line}:${p.column}, length ${body.length}): ${tag}`,
        });
    }
  }
  return out;
}

/** A GPU error that is the environment's or the data's (no device, out of memory, a binding too large), not a bug. */
function environmentalGpu(e: Error): boolean {
  return /^GPU00[1246]:/.test(e.message);
}

/**
 * Problems with an exception from the library: a PplcError (with well-formed diagnostics) is its documented user
 * error; `own` is an error the caller itself threw (from onProgress), which may pass through.
 */
export function thrownProblems(
  e: unknown,
  sources: ReadonlyMap<string, string>,
  own?: unknown,
): Problem[] {
  if (own !== undefined && e === own) return [];
  const owner = ownerOf(e);
  const at = owner === undefined ? {} : { owner };
  if (e instanceof PplcError) {
    const ps = diagnosticProblems(e.diagnostics, sources);
    if (e.message.trim() === '')
      ps.push({ kind: 'bad-diagnostic', message: 'a PplcError with no message' });
    if (/internal error/i.test(e.message))
      ps.push({ kind: 'internal', message: e.message.slice(0, 400), ...at });
    return ps;
  }
  if (e instanceof InternalError)
    return [{ kind: 'internal', message: `InternalError: ${e.message.slice(0, 400)}`, ...at }];
  if (e instanceof Error && e.name === 'GpuError') {
    if (/^GPU00[57]:/.test(e.message))
      return [{ kind: 'invalid-wgsl', message: e.message.slice(0, 600), ...at }];
    if (environmentalGpu(e)) return [];
  }
  const what =
    e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}: ${String(e)}`;
  return [{ kind: 'threw', message: what.slice(0, 600), ...at }];
}

const finite = (v: unknown): boolean =>
  typeof v === 'number'
    ? Number.isFinite(v)
    : Array.isArray(v)
      ? v.every(finite)
      : v !== null && typeof v === 'object'
        ? Object.values(v).every(finite)
        : true;

/** Problems with a fit the library returned as a success: its losses and params must be finite, no divergence. */
export function fitProblems(fit: Fit): Problem[] {
  const out: Problem[] = [];
  if (fit.divergence !== null)
    out.push({
      kind: 'nonfinite-success',
      message: `resolved with a divergence: ${fit.divergence.message}`,
    });
  const bad = fit.losses.findIndex((l) => !Number.isFinite(l));
  if (bad >= 0)
    out.push({
      kind: 'nonfinite-success',
      message: `loss of step ${bad + 1} is ${fit.losses[bad]}, reported as a success (${fit.backend})`,
    });
  const json = fit.toJSON();
  if (!Number.isFinite(json.loss))
    out.push({
      kind: 'nonfinite-success',
      message: `final loss ${json.loss} reported as a success (${fit.backend})`,
    });
  if (!finite(fit.params))
    out.push({
      kind: 'nonfinite-success',
      message: `non-finite params reported as a success (${fit.backend}): ${JSON.stringify(fit.params).slice(0, 200)}`,
    });
  return out;
}

/** A line of a stack trace (`    at f (file:1:2)`). */
const TRACE = /^\s+at .+:\d+:\d+\)?$/m;
/** A rendered diagnostic's head line: `where: error[E0101]: message`. */
const HEAD = /^(.+?): (error|warning)\[([A-Z]+\d+)\]: (.*)$/gm;

export interface CliRun {
  readonly argv: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Problems with one in-process run of `pplc`: the exit status, stderr's form, and a fit's reported loss. */
export function cliProblems(run: CliRun): Problem[] {
  const out: Problem[] = [];
  const { code, stdout, stderr } = run;
  if (![0, 1, 2].includes(code))
    out.push({
      kind: code === 3 ? 'internal' : 'exit-code',
      message: `exit status ${code}: ${stderr.slice(0, 600)}`,
    });
  if (TRACE.test(stderr)) out.push({ kind: 'stack-trace', message: stderr.slice(0, 800) });
  if (code !== 3 && /^pplc: internal error/m.test(stderr))
    out.push({ kind: 'internal', message: stderr.slice(0, 600) });
  if (/GPU00[57]:/.test(stderr)) out.push({ kind: 'invalid-wgsl', message: stderr.slice(0, 600) });
  for (const m of stderr.matchAll(HEAD)) {
    const [, where, , diagCode, message] = m;
    if (!(diagCode! in CODES))
      out.push({ kind: 'bad-diagnostic', message: `unknown code: ${m[0]}` });
    const located = /:\d+:\d+$/.test(where!);
    const namesMember = diagCode!.startsWith('E06') && /(member|size) '[^']*'/.test(message!);
    if (!located && !namesMember)
      out.push({ kind: 'bad-diagnostic', message: `no position: ${m[0]}` });
    if (UNFILLED.test(message!))
      out.push({ kind: 'bad-diagnostic', message: `message not filled: ${m[0]}` });
  }
  if (code === 0 && /(^|\n)pplc: error|\berror\[E/.test(stderr))
    out.push({
      kind: 'exit-code',
      message: `exit status 0 after an error: ${stderr.slice(0, 400)}`,
    });
  if (code !== 0 && stderr.trim() === '')
    out.push({ kind: 'exit-code', message: `exit status ${code} with nothing on stderr` });
  if (code === 0 && run.argv[0] === 'fit') {
    const loss = reportedLoss(stdout, stderr);
    // Only a WebGPU fit's JSON has gpu_bytes; a table says nothing of its backend.
    const backend = /"gpu_bytes"/.test(stdout) ? ' (webgpu)' : '';
    if (loss !== undefined && !Number.isFinite(loss))
      out.push({
        kind: 'nonfinite-success',
        message: `fit exited 0 reporting loss ${loss}${backend}`,
      });
    const params = reportedParams(stdout);
    if (params !== undefined && !finite(params))
      out.push({
        kind: 'nonfinite-success',
        message: `fit exited 0 reporting non-finite params${backend}: ${stdout.slice(0, 200)}`,
      });
  }
  return out;
}

/** The params a successful `pplc fit --json` reported (null stands for a non-finite number in JSON). */
function reportedParams(stdout: string): unknown {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const params = (JSON.parse(text) as { params?: unknown }).params;
    return JSON.parse(JSON.stringify(params), (_, v: unknown) => (v === null ? NaN : v));
  } catch {
    return undefined;
  }
}

/** The loss a successful `pplc fit` reported: --json's `loss`, or the table's "final loss X". */
function reportedLoss(stdout: string, stderr: string): number | undefined {
  const text = stdout.trim();
  if (text.startsWith('{')) {
    try {
      const loss = (JSON.parse(text) as { loss?: unknown }).loss;
      return typeof loss === 'number' ? loss : loss === null ? NaN : undefined;
    } catch {
      return NaN;
    }
  }
  const m = /final loss (\S+)/.exec(stdout + stderr);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}
