#!/usr/bin/env node
// Builds the web app into dist/web when its sources are newer than the last build (or it was never built),
// so `npm start` on a fresh clone serves the site and a restart does not rebuild needlessly. It says when it
// starts building and how long it took, so a first start is not half a minute of silence.
import { buildWebIfStale } from './web-build.js';

const force = process.argv.includes('--force');
const built = await buildWebIfStale({ force, log: (line) => console.log(line) });
if (!built) console.log('前端无改动，跳过构建');
