// The optimizer's update in the kernels, generic in its state arrays: the kernels call opt_update through these
// helpers, so an optimizer with any number of state arrays needs no change here or in the kernel emitters.
import type { Optimizer } from '../optim/optimizer.js';
import { WGSL_LR_AT } from '../optim/optimizer.js';
import type { ParamSlot } from '../plan/types.js';

/** The optimizer's WGSL: its state struct, the shared lr schedule, and its Hyper, hyper_at and opt_update. */
export function optimizerWgsl(o: Optimizer): string {
  const struct =
    o.state.length === 0
      ? []
      : [
          "// One param element's optimizer state (its arrays in the state buffer, in this order).\n" +
            `struct OptState { ${o.state.map((s) => `${s}: f32`).join(', ')} }`,
        ];
  return [...struct, WGSL_LR_AT.trim(), o.wgsl.trim()].join('\n\n');
}

/** `opt_update(&p, g, &s, h)`, or without the state when the optimizer keeps none. */
function call(o: Optimizer, p: string, g: string, s: string): string {
  return o.state.length === 0
    ? `opt_update(&${p}, ${g}, h);`
    : `opt_update(&${p}, ${g}, &${s}, h);`;
}

/** The OptState value read from lvalues (state-buffer elements or registers). */
const gather = (from: readonly string[]): string => `OptState(${from.join(', ')})`;

/** How a param is updated each step: by the optimizer, or set to its output ('assign': QEM's moment matching). */
export type UpdateRule = Optimizer | 'assign';

export const ruleOf = (p: ParamSlot, o: Optimizer): UpdateRule => (p.assign ? 'assign' : o);

/**
 * The update of one element held in the state buffer: its value at word `offset`, its state arrays at the
 * lvalues `state`, and, when `prev` is given, the pre-update value kept there first. Assigned, `g` is the
 * element's next value.
 */
export function storageUpdate(
  o: UpdateRule,
  ind: string,
  offset: string,
  state: readonly string[],
  g: string,
  prev?: string,
): string[] {
  if (o === 'assign')
    return [
      ...(prev === undefined ? [] : [`${ind}state[${prev}] = state[${offset}];`]),
      `${ind}state[${offset}] = ${g};`,
    ];
  const L = [`${ind}{`, `${ind}  let o = ${offset};`, `${ind}  var p = state[o];`];
  if (prev !== undefined) L.push(`${ind}  state[${prev}] = p;`);
  if (o.state.length > 0) L.push(`${ind}  var s = ${gather(state)};`);
  L.push(`${ind}  ${call(o, 'p', g, 's')}`);
  L.push(`${ind}  state[o] = p;`);
  o.state.forEach((name, j) => L.push(`${ind}  ${state[j]} = s.${name};`));
  L.push(`${ind}}`);
  return L;
}

/** Registers for a param element kept in the kernel for a whole dispatch: declarations loading them. */
export function registerLoad(
  o: Optimizer,
  reg: string,
  value: string,
  state: readonly string[],
): string[] {
  const L = [`var ${reg} = ${value};`];
  if (o.state.length > 0) L.push(`var ${reg}_s = ${gather(state)};`);
  return L;
}

/** The update of a register-held element (assigned: `g` is its next value). */
export function registerUpdate(o: UpdateRule, reg: string, g: string): string {
  return o === 'assign' ? `${reg} = ${g};` : call(o, reg, g, `${reg}_s`);
}

/** Stores a register-held element and its state back to their lvalues. */
export function registerStore(
  o: Optimizer,
  reg: string,
  value: string,
  state: readonly string[],
): string[] {
  return [`${value} = ${reg};`, ...o.state.map((name, j) => `${state[j]} = ${reg}_s.${name};`)];
}
