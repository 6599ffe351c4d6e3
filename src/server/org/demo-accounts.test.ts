import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoAccountsToTry, demoPeople } from './demo-data';
import { demoAccountLines } from './demo-accounts';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const usernames = new Set(demoPeople.map((p) => p.username));
const namedInReadme = [...new Set([...readme.matchAll(/`([a-z][a-z0-9]*)`/g)].map((m) => m[1]!).filter((u) => usernames.has(u)))];

describe('the demo accounts a start prints and README names', () => {
  it('prints every demo account README tells a newcomer to try', () => {
    const printed = demoAccountLines().join('\n');
    expect(namedInReadme.length).toBeGreaterThan(0);
    for (const u of namedInReadme) expect(printed, u).toMatch(new RegExp(`^  ${u} `, 'm'));
  });

  it('README names exactly the accounts demo-data says to try, each of them a demo person', () => {
    expect([...namedInReadme].sort()).toEqual(demoAccountsToTry.map((a) => a.username).sort());
    for (const a of demoAccountsToTry) expect(usernames.has(a.username), a.username).toBe(true);
  });

  it('lists those first with what each shows, then the other leaders and registrars, and says where the rest are', () => {
    const lines = demoAccountLines();
    expect(lines[0]).toMatch(/演示账号（密码均为 Zhongshu@2026）/);
    expect(lines.slice(1, 1 + demoAccountsToTry.length).map((l) => l.trim().split(/\s+/)[0])).toEqual(
      demoAccountsToTry.map((a) => a.username),
    );
    expect(lines.join('\n')).toMatch(/liuyang\s+刘洋\s+秘书科科员/);
    expect(lines.join('\n')).toMatch(/auditor\s+方志诚\s+安全审计员/);
    expect(lines.join('\n')).toMatch(/wangshumin\s+王淑敏\s+办公室副主任/);
    expect(lines.at(-1)).toContain(`全部 ${demoPeople.length} 个账号`);
  });
});
