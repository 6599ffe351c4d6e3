import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/server/platform/db/client';
import { account } from '../../src/server/platform/auth/schema';
import { event } from '../../src/server/platform/audit/schema';
import { verifyPassword } from '../../src/server/platform/auth/password';

const root = join(import.meta.dirname, '../..');

/** Runs `npx zhongshu …` as an operator on the server would, with the given standard input. */
function cli(
  args: string[],
  env: Record<string, string>,
  stdin: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/zhongshu.js', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe('the command line takes passwords from standard input, never from its arguments', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-cli-'));
  const env = { ZHONGSHU_DATA_DIR: dataDir, DATABASE_URL: '', ZHONGSHU_DEMO: '0', LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a password on the command line is refused, and nothing is created', async () => {
    const r = await cli(['user', 'create', '--name', '安全员', '--username', 'anquan', '--password', 'Temp-pass-2026'], env, '');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('不再从命令行接受密码');
  });

  it('an administrator is created and recovered with passwords piped in, and the recovery is recorded', async () => {
    const created = await cli(
      ['user', 'create', '--name', '安全员', '--username', 'anquan', '--admin-role', 'securityAdmin'],
      env,
      'Temp-pass-2026\n',
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const reset = await cli(['user', 'reset-password', '--username', 'anquan'], env, 'Recover-pass-2027\n');
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('已重置 anquan 的密码');
    const unlocked = await cli(['user', 'unlock', '--username', 'anquan'], env, '');
    expect(unlocked.code).toBe(0);

    const database = await openDatabase({ databaseUrl: undefined, dataDir });
    try {
      const [acc] = await database.db.select().from(account).where(eq(account.username, 'anquan'));
      expect(await verifyPassword(acc!.passwordHash, 'Recover-pass-2027')).toBe(true);
      const resets = await database.db.select().from(event).where(eq(event.action, 'user.password.reset'));
      expect(resets.map((e) => [e.requestId, e.summary])).toEqual([['cli', { via: 'cli' }]]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
