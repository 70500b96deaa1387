#!/usr/bin/env node
// The `spanmap` command: the same pure core as the app, run in Node through tsx.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../web/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
