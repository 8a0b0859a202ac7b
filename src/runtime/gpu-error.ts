// GpuError: a runtime failure with a stable code and one plain sentence (raw driver text only as detail).
export type GpuErrorCode =
  | 'GPU001' // no adapter
  | 'GPU002' // device creation failed
  | 'GPU003' // device lost
  | 'GPU004' // out of memory
  | 'GPU005' // WGSL compilation / pipeline validation
  | 'GPU006' // buffer over the binding size limit
  | 'GPU007' // validation error during a submission or readback
  | 'GPU008'; // the webgpu package could not be loaded

/** One WGSL compiler message, 1-based line:col as Dawn reports them. */
export interface WgslMessage {
  readonly type: 'error' | 'warning' | 'info';
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export class GpuError extends Error {
  override readonly name = 'GpuError';
  constructor(
    readonly code: GpuErrorCode,
    /** One plain sentence for the user. */
    readonly sentence: string,
    /** Driver text (Dawn's message), kept apart so it is never shown alone. */
    readonly detail?: string,
    readonly wgslMessages: readonly WgslMessage[] = [],
  ) {
    super(GpuError.format(code, sentence, detail, wgslMessages));
  }

  private static format(
    code: string,
    sentence: string,
    detail: string | undefined,
    msgs: readonly WgslMessage[],
  ): string {
    const lines = [`${code}: ${sentence}`];
    for (const m of msgs) lines.push(`  ${m.line}:${m.col} ${m.type}: ${m.message}`);
    if (detail !== undefined && msgs.length === 0) lines.push(`  (${detail.split('\n')[0]})`);
    return lines.join('\n');
  }
}

export function isGpuError(e: unknown): e is GpuError {
  return e instanceof GpuError;
}
