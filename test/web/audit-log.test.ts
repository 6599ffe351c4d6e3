import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_TARGETS } from '../../src/contract/audit';
import { adminEn, adminZhCN } from '../../src/web/i18n/admin-messages';
import { summaryLines } from '../../src/web/admin/audit-summary';

const CJK = /[\u4e00-\u9fff]/;

function serverSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return serverSources(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * The action codes of every recordEvent call in the server: the literals its `action:` can be, including both
 * arms of a conditional and the expansions of a template such as `circulation.${closed ? 'close' : 'withdraw'}`.
 */
function recordedActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of serverSources(join(process.cwd(), 'src', 'server'))) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.split('recordEvent(').slice(1)) {
      const m = /action:\s*([^\n]+?),\s*(targetType|\n)/.exec(call.slice(0, 2000));
      if (!m) continue;
      // What a comparison tests is not a value the expression can take.
      const expr = m[1]!.replace(/[!=]==?\s*'[^']*'/g, '');
      const template = /`([^`]*)\$\{([^}]*)\}([^`]*)`/.exec(expr);
      const literals = [...(template ? template[2]! : expr).matchAll(/'([^']+)'/g)].map((x) => x[1]!);
      for (const l of literals) found.set(template ? `${template[1]}${l}${template[3]}` : l, file);
    }
  }
  return found;
}

describe('the audit log speaks Chinese', () => {
  it('every action recorded anywhere in the server is in the contract’s list', () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(60);
    const unlisted = [...recorded]
      .filter(([a]) => !(AUDIT_ACTIONS as readonly string[]).includes(a))
      .map(([a, f]) => `${a} (${f})`);
    expect(unlisted).toEqual([]);
  });

  it('every action and every kind of object has a name in both catalogs, Chinese in Chinese', () => {
    const zh = adminZhCN as Record<string, string>;
    const en = adminEn as Record<string, string>;
    for (const a of AUDIT_ACTIONS) {
      expect(zh[`admin.audit.action.${a}`], a).toMatch(CJK);
      expect(en[`admin.audit.action.${a}`], a).toBeTruthy();
    }
    for (const x of AUDIT_TARGETS) {
      expect(zh[`admin.audit.target.${x}`], x).toMatch(CJK);
      expect(en[`admin.audit.target.${x}`], x).toBeTruthy();
    }
  });
});

describe('what an event changed, as lines', () => {
  const words = { yes: '是', no: '否', none: '（无）', list: '、' };
  const personId = '5d0c3e1a-2b4f-4c6d-8e9f-0a1b2c3d4e5f';
  const unitId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const names = { [personId]: '刘洋', [unitId]: '中共江州市委办公室' };

  it('a changed value reads “before → after”, one line per changed field; unchanged fields are left out', () => {
    expect(summaryLines({ before: '内部', after: '秘密' }, names, words)).toEqual([{ field: '', before: '内部', after: '秘密' }]);
    expect(
      summaryLines({ before: { name: '市委办', level: '市' }, after: { name: '市委办公室', level: '市' } }, names, words),
    ).toEqual([{ field: 'name', before: '市委办', after: '市委办公室' }]);
  });

  it('a creation lists its values, identifiers by name, flags as yes or no', () => {
    expect(
      summaryLines({ after: { personId, unitId, title: '一级科员', isLeader: false, departmentId: null } }, names, words),
    ).toEqual([
      { field: 'personId', value: '刘洋' },
      { field: 'unitId', value: '中共江州市委办公室' },
      { field: 'title', value: '一级科员' },
      { field: 'isLeader', value: '否' },
      { field: 'departmentId', value: '（无）' },
    ]);
  });

  it('a removal shows what was there; other facts a line each, lists joined, references by name', () => {
    expect(summaryLines({ before: { role: 'registrar', unitId } }, names, words)).toEqual([
      { field: 'role', before: 'registrar' },
      { field: 'unitId', before: '中共江州市委办公室' },
    ]);
    expect(
      summaryLines(
        { principal: { type: 'person', id: personId }, readers: [personId, personId], reason: '传阅', decision: null },
        names,
        words,
      ),
    ).toEqual([
      { field: 'principal', value: '刘洋' },
      { field: 'readers', value: '刘洋、刘洋' },
      { field: 'reason', value: '传阅' },
    ]);
    expect(summaryLines({}, names, words)).toEqual([]);
  });
});
