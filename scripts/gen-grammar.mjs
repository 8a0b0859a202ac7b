// Regenerates grammar/railroad.html from the compiled parser (run `npx tsc -p tsconfig.json` first).
import { writeFileSync } from 'node:fs';
import { railroadHtml } from '../dist/src/parser/railroad.js';

const out = new URL('../grammar/railroad.html', import.meta.url);
writeFileSync(out, railroadHtml());
console.log(`wrote ${out.pathname}`);
