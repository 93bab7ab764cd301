#!/usr/bin/env node
// The CLI, compiled and bundled into dist/bundle/ by `npm install` (the prepare script).
import { main } from '../dist/bundle/main.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
