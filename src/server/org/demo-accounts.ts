import { ADMIN_ROLES } from '../platform/access/actor';
import { DEMO_PASSWORD, demoAccountsToTry, demoPeople, demoUnits, type DemoPerson } from './demo-data';

const ADMIN_TITLES: Record<string, string> = {
  sysAdmin: '系统管理员',
  securityAdmin: '安全保密管理员',
  securityAuditor: '安全审计员',
};

function titleOf(p: DemoPerson) {
  const admin = p.roles?.find((r) => (ADMIN_ROLES as readonly string[]).includes(r.role))?.role;
  if (admin) return ADMIN_TITLES[admin] ?? admin;
  const post = p.posts.find((x) => x.isPrimary) ?? p.posts[0];
  if (!post) return '';
  // The city office is the demo's home; elsewhere "文书" alone would not say whose.
  return post.unitKey === 'cityOffice'
    ? post.title
    : `${demoUnits.find((u) => u.key === post.unitKey)?.shortName ?? ''} ${post.title}`;
}

function line(p: DemoPerson, note?: string) {
  return `  ${p.username.padEnd(16)} ${p.name.padEnd(3, '\u3000')}  ${note ?? titleOf(p)}`;
}

/**
 * What a demo start prints about its accounts: first the ones README names (demo-data's `demoAccountsToTry`,
 * with what each shows), then the other leaders and registrars (who sign, and who receive at each unit).
 */
export function demoAccountLines(): string[] {
  const byUsername = new Map(demoPeople.map((p) => [p.username, p]));
  const lines = [`演示账号（密码均为 ${DEMO_PASSWORD}）:`];
  for (const a of demoAccountsToTry) {
    const p = byUsername.get(a.username);
    if (p) lines.push(line(p, a.tryThis));
  }
  const shown = new Set(demoAccountsToTry.map((a) => a.username));
  const others = demoPeople.filter((p) => !shown.has(p.username) && (p.posts.some((x) => x.isLeader) || p.roles?.length));
  if (others.length) {
    lines.push('  其他领导与各单位文书:');
    for (const p of others) lines.push(line(p));
  }
  lines.push(`  （全部 ${demoPeople.length} 个账号见 src/server/org/demo-data.ts）`);
  return lines;
}
