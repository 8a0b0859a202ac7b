// Headless Chromium (Debian's package, which scripts/setup.sh installs) driven by playwright-core, with the flags
// that give it WebGPU on a machine without a GPU: Dawn's Vulkan backend on SwiftShader, Chromium's fallback adapter.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.PPLC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless, no sandbox (root in CI), no network chatter, and WebGPU: `--enable-unsafe-webgpu` exposes it on Linux,
 * `--enable-features=Vulkan` gives Dawn its Vulkan backend. Chromium blocklists CPU adapters (lavapipe included,
 * crbug.com/40057808) except its own SwiftShader, which it offers as the fallback adapter; asking for that one by
 * name keeps the adapter the same on every machine.
 */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium with its own profile folder; fails (never skips) when the browser is missing. */
export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: run scripts/setup.sh (it installs Debian's chromium package)`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'pplc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
