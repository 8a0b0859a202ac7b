// Every fuzz category, and how many cases of each the npm-test run tries (at least 3000 in all).
import type { Category } from './category.js';
import { api } from './api.js';
import { cli } from './cli.js';
import { data } from './data.js';
import { numericCpu, numericWebgpu } from './numeric.js';
import { programs } from './programs.js';

export const CATEGORIES: readonly Category[] = [
  programs,
  data,
  cli,
  api,
  numericCpu,
  numericWebgpu,
];

/** Cases per category in the npm-test run (fixed seed). */
export const QUICK_COUNTS: Readonly<Record<string, number>> = {
  programs: 1700,
  data: 700,
  cli: 400,
  api: 300,
  'numeric-cpu': 150,
  'numeric-webgpu': 24,
};
