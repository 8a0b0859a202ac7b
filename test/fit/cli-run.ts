// Runs bin/pplc as a user would and parses its JSON output (for end-to-end tests).
import { spawnSync } from 'node:child_process';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function pplc(args: readonly string[], timeoutMs = 600_000): CliRun {
  const r = spawnSync(process.execPath, ['bin/pplc', ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface FitJson {
  steps: number;
  seconds: number;
  loss: number;
  params: Record<string, unknown>;
  latents: Record<string, { mean: unknown; sd: unknown; q05: unknown; q50: unknown; q95: unknown }>;
  diagnostics?: { khat: number | null; ess: number; draws: number };
}

export function fitJson(example: string, extra: readonly string[]): FitJson {
  const r = pplc([
    'fit',
    `examples/${example}.ppl`,
    '--data',
    `examples/${example}.json`,
    '--json',
    ...extra,
  ]);
  if (r.status !== 0) throw new Error(`pplc fit ${example} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as FitJson;
}
