// `npm run bench`: every benchmark, one after another, in one process. They print their figures and
// targets; a missed target is reported, never an exit code, because benchmarks do not gate CI.
import { runPasswordBench } from './password';
import { runRendererBench } from './renderer';

const started = performance.now();
await runPasswordBench();
// Needs the built renderer (npm run build) and Debian's Chromium.
await runRendererBench();
console.log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
