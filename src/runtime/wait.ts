// Waiting for GPU work without spinning: Dawn's Node bindings busy-poll a core while a map or work-done promise is pending.
import type { GpuContext } from './device.js';

/**
 * Why: while any mapAsync/onSubmittedWorkDone promise is pending, the `webgpu` package polls Dawn in a
 * tight loop, burning a whole core; on lavapipe that core is one of the two the "GPU" itself runs on.
 * A setTimeout sleep costs nothing, so we sleep through most of the expected duration first and only
 * then issue the (spinning) promise for the remainder. The expectation comes from the caller or from
 * the last time the same kind of job (a `key`) ran.
 */
export interface WaitPolicy {
  /** Fraction of the estimate slept before polling (below 1, so a faster run loses little latency). */
  readonly sleepFraction: number;
  /** Below this estimate (ms) sleeping is not worth the timer's granularity: poll at once. */
  readonly minSleepMs: number;
}

export const DEFAULT_WAIT_POLICY: WaitPolicy = { sleepFraction: 0.85, minSleepMs: 3 };

/** Recent durations of keyed jobs (ms, from submit to completion). */
export class DurationEstimates {
  private readonly last = new Map<string, number>();
  get(key: string): number | undefined {
    return this.last.get(key);
  }
  record(key: string, ms: number): void {
    const prev = this.last.get(key);
    // Smooth, but follow a slowdown quickly: oversleeping only adds latency, undersleeping only adds spin.
    this.last.set(key, prev === undefined ? ms : Math.min(ms, 0.5 * prev + 0.5 * ms));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sleeps the non-spinning part of an expected wait (no-op for short or unknown waits). */
export async function sleepBeforePoll(
  expectedMs: number | undefined,
  policy: WaitPolicy = DEFAULT_WAIT_POLICY,
): Promise<void> {
  if (expectedMs === undefined || expectedMs < policy.minSleepMs) return;
  await sleep(expectedMs * policy.sleepFraction);
}

/** Races a GPU promise against device loss, so pending work rejects with the device-lost GpuError. */
export function guardLost<T>(ctx: GpuContext, p: Promise<T>): Promise<T> {
  return Promise.race([p, ctx.lost]);
}

/** Waits for all submitted work, sleeping first for `expectedMs` (see WaitPolicy). */
export async function waitForQueue(
  ctx: GpuContext,
  expectedMs?: number,
  policy = DEFAULT_WAIT_POLICY,
): Promise<void> {
  await sleepBeforePoll(expectedMs, policy);
  await guardLost(ctx, ctx.device.queue.onSubmittedWorkDone());
}
