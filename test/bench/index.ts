// `npm run bench`: every benchmark, one after another, in one process. They print their figures and
// targets; a missed target is reported, never an exit code, because benchmarks do not gate CI.
// `npm run bench -- renderer` (or `-- password`, `-- scale`) runs only the one named.
import { runPasswordBench } from './password';
import { runRendererBench } from './renderer';
import { runScaleBench } from './scale';

const benches = { password: runPasswordBench, renderer: runRendererBench, scale: runScaleBench };
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}

const started = performance.now();
for (const [name, run] of Object.entries(benches)) {
  // The renderer bench needs the built renderer (npm run build) and Debian's Chromium.
  if (asked.length === 0 || asked.includes(name)) await run();
}
console.log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
