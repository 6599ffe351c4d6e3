// Rewrites the SQL snapshots of the hot paths: `npm run sql:snapshots` (see capture.ts).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_DIR, captureSqlSnapshots } from './capture';

const started = Date.now();
const files = await captureSqlSnapshots();
for (const old of readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith('.sql') && !files.has(f))) rmSync(join(SNAPSHOT_DIR, old));
for (const [name, text] of files) writeFileSync(join(SNAPSHOT_DIR, name), text);
console.log(`wrote ${[...files.keys()].join(', ')} in ${SNAPSHOT_DIR} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
