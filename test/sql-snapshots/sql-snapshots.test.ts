import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DIR, UPDATE_COMMAND, captureSqlSnapshots } from './capture';

// The hot paths' SQL is reviewed as text: a change to it must come with its rewritten snapshot in the same commit.
describe('SQL snapshots of the hot paths (test/sql-snapshots/*.sql)', () => {
  it('are what the code sends today', async () => {
    const files = await captureSqlSnapshots();
    const committed = readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith('.sql'));
    const hint = `the SQL of a hot path changed: review the difference, then run \`${UPDATE_COMMAND}\` and commit test/sql-snapshots/`;
    expect(committed.sort(), hint).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(text, `${name}: ${hint}`).toBe(readFileSync(join(SNAPSHOT_DIR, name), 'utf8'));
  });
});
