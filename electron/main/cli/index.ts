// The admin command line's entry (out/main/cli.js; `sspr` through bin/sspr.mjs). Runs under Node,
// or inside the packaged app with ELECTRON_RUN_AS_NODE=1 (see the README).
import { runCli } from './program';
import { processIo } from './output';

process.exitCode = await runCli(process.argv.slice(2), processIo());
