// Loads Chevrotain from its single-file bundle: the package entry pulls in hundreds of lodash modules (~400 ms).
import type * as Chevrotain from 'chevrotain';

type ChevrotainModule = typeof Chevrotain;

async function load(): Promise<ChevrotainModule> {
  try {
    const entry = import.meta.resolve('chevrotain'); // .../chevrotain/lib/src/api.js
    return (await import(new URL('../chevrotain.min.mjs', entry).href)) as ChevrotainModule;
  } catch {
    return await import('chevrotain');
  }
}

export const chev: ChevrotainModule = await load();
