#!/usr/bin/env node
// Entry for `npx anlan` and the npm scripts: runs the TypeScript CLI through tsx's loader,
// so a fresh clone needs no compile step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
