// The kernels' storage buffers, defined once: binding number, WGSL type and access; kernels declare and list them from here.

/** The buffers a kernel may bind. The data buffer is also seen as vec4s ('data4') or as windows of it. */
export type BufferName =
  'data' | 'state' | 'cfg' | 'ctrl' | 'losses' | 'partials' | 'totals' | 'glob' | 'estimates';

export type Access = 'read' | 'read_write';

export interface BufferDecl {
  readonly binding: number;
  readonly type: string;
  readonly access: Access;
  readonly doc: string;
}

export const BUFFERS: { readonly [K in BufferName]: BufferDecl } = {
  data: {
    binding: 0,
    type: 'array<f32>',
    access: 'read',
    doc: 'the data arrays, concatenated (layout in the plan)',
  },
  state: {
    binding: 1,
    type: 'array<f32>',
    access: 'read_write',
    doc: 'params, optimizer state and (wide params) pre-update copies; layout in the plan',
  },
  cfg: { binding: 2, type: 'Config', access: 'read', doc: 'the run: seed, steps, hyperparameters' },
  ctrl: { binding: 3, type: 'Ctrl', access: 'read_write', doc: 'steps done, first failing step' },
  losses: {
    binding: 4,
    type: 'array<f32>',
    access: 'read_write',
    doc: 'one per step, read back only when asked',
  },
  partials: {
    binding: 5,
    type: 'array<f32>',
    access: 'read_write',
    doc: "each workgroup's plate sums: [workgroup][accumulator]",
  },
  totals: {
    binding: 6,
    type: 'array<f32>',
    access: 'read_write',
    doc: 'finished plate sums of this step',
  },
  glob: {
    binding: 7,
    type: 'array<f32>',
    access: 'read_write',
    doc: 'global values the loops read',
  },
  estimates: {
    binding: 8,
    type: 'array<f32>',
    access: 'read_write',
    doc: "the objective's estimates at the last step done",
  },
};

/**
 * The data buffer as vec4s (`data4`, blocked rows) binds here; data larger than one binding binds as windows
 * of vec4s from here on, one binding each (see DataWindows in the plan).
 */
export const DATA_VIEW_BINDING = 9;

/** Storage buffers a kernel binds besides the data's views: bounds how many data windows a device allows. */
export const OTHER_BUFFERS = Object.keys(BUFFERS).length - 1;

/** Persistent control words, as the host reads them back (ctrl is two u32 words). */
export const WGSL_CTRL = /* wgsl */ `
// Persistent control words: steps done so far and the first step whose loss or gradient was non-finite.
struct Ctrl {
  step: u32,
  status: u32,
}
`;

/** One binding of a kernel: which buffer, how, and (data views) which bytes of it. */
export interface KernelBinding {
  readonly binding: number;
  readonly buffer: BufferName;
  readonly access: Access;
  /** A view of part of the buffer (a data window); absent: the whole buffer. */
  readonly range?: { readonly offset: number; readonly size: number };
}

/** The WGSL declaration of a buffer's binding. */
export function declareBuffer(name: BufferName): string {
  const b = BUFFERS[name];
  const access = b.access === 'read' ? 'read' : 'read_write';
  return `@group(0) @binding(${b.binding}) var<storage, ${access}> ${name}: ${b.type}; // ${b.doc}`;
}

export function bindingOf(name: BufferName): KernelBinding {
  const b = BUFFERS[name];
  return { binding: b.binding, buffer: name, access: b.access };
}
