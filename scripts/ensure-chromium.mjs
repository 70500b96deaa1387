// Makes sure Debian's Chromium is present for the browser tests. Installs it with apt-get when
// running as root; otherwise stops with one line saying how. Never downloads a browser build.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = process.env.SPANMAP_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium not found at ${CHROMIUM}: run "sudo apt-get install -y chromium" (or set SPANMAP_CHROMIUM) and retry.`);
    process.exit(1);
  }
  console.log(`Chromium not found at ${CHROMIUM}; installing Debian's chromium package with apt-get...`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
}
