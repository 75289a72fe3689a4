#!/usr/bin/env node
// node bin/run-ts.js FILE.ts [args]: run a TypeScript entry point (benchmarks, scripts)
import { register } from 'tsx/esm/api';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const file = process.argv[2];
if (!file) throw new Error('usage: node bin/run-ts.js FILE.ts [args]');
process.argv.splice(1, 1);
await import(pathToFileURL(path.resolve(file)).href);
