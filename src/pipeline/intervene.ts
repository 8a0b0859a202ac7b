// Pyro's condition and do on the program text: a conditioned latent becomes observed data, an intervened one data
// that nothing observes (its density dropped); the guide stops sampling both. A pure function of the AST.
import type { CheckedProgram } from '../check/typed.js';
import type { Program, SizeExpr, Stmt, TopItem } from '../parser/ast.js';
import { check } from '../check/check.js';
import type { BoundData } from '../data/bound.js';
import { validateData, type ValidateOptions } from '../data/validate.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { unnest } from '../infer/summary.js';

/** `condition`: the site is observed at the value (its density counts); `do`: it is set to it (no density). */
export type InterventionKind = 'condition' | 'do';

export interface Intervention {
  readonly kind: InterventionKind;
  readonly site: string;
  /** A number, or nested arrays over the site's plates (checked as a data member of that name). */
  readonly value: unknown;
}

/** An intervention that names no latent of the model; the message says what the name is instead. */
export class InterventionError extends Error {}

export interface Intervened {
  readonly program: Program;
  /** The values to bind as data, one member per intervened site. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Each intervened site's plate sizes (the shape its value must have) and whether its values are integers. */
  readonly shapes: ReadonlyMap<string, { dims: readonly SizeExpr[]; int: boolean }>;
}

/** Why a name is not a model latent, for the error message. */
function whyNot(checked: CheckedProgram, name: string): string {
  const isNot = (what: string): string => `it is ${what}, not a latent of the model`;
  if (checked.data.some((d) => d.name === name)) return isNot('a data name');
  const site = checked.sites.find((s) => s.name === name);
  if (site?.role === 'param') return isNot(`a param of the ${site.block}`);
  if (site?.block === 'model') return isNot('an observed site of the model');
  if (site) return isNot('a site of the guide only');
  const latents = checked.sites.filter((s) => s.block === 'model' && s.role === 'latent');
  return latents.length
    ? `the model has no latent of that name (its latents: ${latents.map((s) => s.name).join(', ')})`
    : 'the model has no latents';
}

/** The model with the site's sample statements rewritten; `dims` receives the sizes of the plates around them. */
function rewriteModel(
  body: readonly Stmt[],
  iv: Intervention,
  plates: readonly SizeExpr[],
  found: { dims: readonly SizeExpr[] | null },
): Stmt[] {
  const out: Stmt[] = [];
  for (const s of body) {
    switch (s.kind) {
      case 'Sample':
        if (s.name.name !== iv.site) out.push(s);
        else {
          found.dims ??= plates;
          if (iv.kind === 'condition') out.push({ ...s, kind: 'Observe' });
        }
        break;
      case 'Plate':
        out.push({ ...s, body: rewriteModel(s.body, iv, [...plates, s.size], found) });
        break;
      case 'Group':
        out.push({ ...s, body: rewriteModel(s.body, iv, plates, found) });
        break;
      case 'If':
        out.push({
          ...s,
          then: rewriteModel(s.then, iv, plates, found),
          else: s.else && rewriteModel(s.else, iv, plates, found),
        });
        break;
      default:
        out.push(s);
    }
  }
  return out;
}

/** The guide without its sample statements of `site` (the model no longer has that latent). */
function dropFromGuide(body: readonly Stmt[], site: string): Stmt[] {
  const out: Stmt[] = [];
  for (const s of body) {
    if (s.kind === 'Sample' && s.name.name === site) continue;
    if (s.kind === 'Plate' || s.kind === 'Group')
      out.push({ ...s, body: dropFromGuide(s.body, site) });
    else if (s.kind === 'If')
      out.push({
        ...s,
        then: dropFromGuide(s.then, site),
        else: s.else && dropFromGuide(s.else, site),
      });
    else out.push(s);
  }
  return out;
}

/** Applies the interventions in order; each must name a latent `sample` site of the model, at most once. */
export function intervene(
  program: Program,
  checked: CheckedProgram,
  ivs: readonly Intervention[],
): Intervened {
  let items: readonly TopItem[] = program.items;
  const data: Record<string, unknown> = {};
  const shapes = new Map<string, { dims: readonly SizeExpr[]; int: boolean }>();
  for (const iv of ivs) {
    if (iv.site in data)
      throw new InterventionError(`'${iv.site}' is conditioned or intervened on twice`);
    const site = checked.sites.find(
      (s) => s.name === iv.site && s.block === 'model' && s.role === 'latent',
    );
    if (!site)
      throw new InterventionError(`cannot ${iv.kind} '${iv.site}': ${whyNot(checked, iv.site)}`);
    const found: { dims: readonly SizeExpr[] | null } = { dims: null };
    items = items.map((it): TopItem => {
      if (it.kind === 'Model') return { ...it, body: rewriteModel(it.body, iv, [], found) };
      if (it.kind === 'Guide') return { ...it, body: dropFromGuide(it.body, iv.site) };
      return it;
    });
    const span = site.span;
    // A vector-valued site's values have its length as their last dim.
    const event: SizeExpr[] =
      site.event === null
        ? []
        : [
            site.event.kind === 'lit'
              ? { kind: 'SizeLit', value: site.event.value, span }
              : { kind: 'SizeName', name: site.event.name, span },
          ];
    const dims = [...(found.dims ?? []), ...event];
    const decl: TopItem = {
      kind: 'DataDecl',
      name: { kind: 'Ident', name: iv.site, span },
      type: { kind: 'Type', base: site.valueType, dims, span },
      span,
    };
    // After the other declarations: the sizes its dims name are declared before it.
    const at = items.findIndex((it) => it.kind !== 'DataDecl');
    items = at < 0 ? [...items, decl] : [...items.slice(0, at), decl, ...items.slice(at)];
    data[iv.site] = iv.value;
    shapes.set(iv.site, { dims, int: site.valueType === 'int' });
  }
  return { program: { ...program, items }, data, shapes };
}

/** Why a value does not fit its site (shape `sizes`, integers when `int`), or null when it does. */
export function valueMismatch(
  value: unknown,
  sizes: readonly number[],
  int: boolean,
): string | null {
  const want =
    sizes.length === 0
      ? `a single ${int ? 'integer' : 'number'}`
      : `nested arrays of shape [${sizes.join(', ')}] of ${int ? 'integers' : 'numbers'}`;
  const xs = unnest(value, sizes);
  return xs !== null && xs.every((x) => Number.isFinite(x) && (!int || Number.isInteger(x)))
    ? null
    : `must be ${want}${sizes.length ? ' (the sizes of the plates around the site)' : ''}`;
}

/** The interventions of `condition` and `do` records (site name to value), conditions first. */
export function interventionList(
  condition: Readonly<Record<string, unknown>> | undefined,
  fixed: Readonly<Record<string, unknown>> | undefined,
): Intervention[] {
  return [
    ...Object.entries(condition ?? {}).map(([site, value]) => ({
      kind: 'condition' as const,
      site,
      value,
    })),
    ...Object.entries(fixed ?? {}).map(([site, value]) => ({ kind: 'do' as const, site, value })),
  ];
}

/** The intervened program checked and its data bound, or the diagnostics of either. */
export type Bound =
  | { readonly program: CheckedProgram; readonly bound: BoundData }
  | { readonly diagnostics: readonly Diagnostic[] };

/**
 * Applies the interventions and binds the data: `base` is the data as given (an object), `sizes` the sizes it
 * binds (for the shapes the values must have). A name that is no latent, or a value of the wrong shape, throws an
 * InterventionError.
 */
export function bindIntervened(
  ast: Program,
  checked: CheckedProgram,
  ivs: readonly Intervention[],
  base: unknown,
  file: string,
  sizes: ReadonlyMap<string, number>,
  options: ValidateOptions = {},
): Bound {
  const iv = intervene(ast, checked, ivs);
  for (const [site, { dims, int }] of iv.shapes) {
    const n = dims.map((d) => (d.kind === 'SizeLit' ? d.value : (sizes.get(d.name) ?? NaN)));
    const why = valueMismatch(iv.data[site], n, int);
    const kind = ivs.find((x) => x.site === site)!.kind;
    if (why) throw new InterventionError(`the value to ${kind} '${site}' on ${why}`);
  }
  const c = check(iv.program);
  if (!c.checked || hasErrors(c.diagnostics)) return { diagnostics: c.diagnostics };
  const given = base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {};
  const r = validateData(c.checked, { ...given, ...iv.data }, file, undefined, options);
  if (!r.data || hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  return { program: c.checked, bound: r.data };
}
