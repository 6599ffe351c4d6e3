#!/usr/bin/env node
// Builds the web app into dist/web when its sources are newer than the last build (or it was never built),
// so `npm start` on a fresh clone serves the site and a restart does not rebuild needlessly.
import { buildWebIfStale } from './web-build.js';

const force = process.argv.includes('--force');
const built = await buildWebIfStale({ force });
console.log(built ? '前端已构建：dist/web' : '前端无改动，跳过构建');
