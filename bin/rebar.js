#!/usr/bin/env node
// runs the TypeScript CLI through tsx's loader, so the repo needs no build step
import { register } from 'tsx/esm/api';

register();
await import('../jobs/cli.ts');
