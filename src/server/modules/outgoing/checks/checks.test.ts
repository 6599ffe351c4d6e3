import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../../test/support/engines';
import { openTestDatabase } from '../../../../../test/support/db';
import { CHECK_STAGES, RULES, type CheckContext, type CheckStage, type Finding } from '../../../../contract/outgoing-checks';
import type { Draft, DraftInput } from '../../../../contract/outgoing-draft';
import type { Database } from '../../../platform/db/client';
import { department, unit } from '../../../org/schema';
import { blockingFindings, checkDraft } from '.';
import { ALLOWED, BAD_CASES, type BadCase } from './cases';
import { buildCheckContext, resolveCheckContext } from './context';
import {
  EXTRA_UNITS,
  FAMILIES,
  atStage,
  bind,
  departmentKey,
  joint,
  notice,
  orgSnapshot,
  report,
  request,
  type Family,
} from './fixtures';

// 规范性审核 (条例 Art.20(四), GB/T 9704-2012): a known-good document of each family passes at every stage, and
// for every rule a minimal change of one makes that rule, and only that rule, fire. The same table runs on a
// snapshot of the org tree and on the demo organisation in the database.

type ContextOf = (draft: Draft) => CheckContext | Promise<CheckContext>;

const rulesOf = (findings: Finding[]) => [...new Set(findings.map((f) => f.rule))];
const show = (findings: Finding[]) => findings.map((f) => `${f.rule}: ${f.message}`).join('\n');

async function check(input: DraftInput, stage: CheckStage, ids: Map<string, string>, contextOf: ContextOf) {
  const draft = bind(input, ids);
  return checkDraft(draft, await contextOf(draft), stage);
}

/** The stages a family's document goes through, each with the document as it stands then. */
const STAGED = FAMILIES.flatMap((f) => CHECK_STAGES.map((stage) => ({ f, stage })));
const badInput = (c: BadCase) => c.change(atStage(c.family, c.stage ?? 'draft'));

/** The table-driven part, run against one org tree. */
function ruleTable(tree: () => { ids: Map<string, string>; contextOf: ContextOf }) {
  it.each(STAGED.map(({ f, stage }) => [f.name, stage, f] as const))(
    'known good: %s, at %s, has no findings',
    async (_name, stage, f: Family) => {
      const { ids, contextOf } = tree();
      const findings = await check(atStage(f, stage), stage, ids, contextOf);
      expect(findings, show(findings)).toEqual([]);
    },
  );

  it.each(BAD_CASES.map((c) => [c.what, c.rule, c] as const))('%s (%s)', async (_what, rule, c: BadCase) => {
    const { ids, contextOf } = tree();
    const findings = await check(badInput(c), c.stage ?? 'draft', ids, contextOf);
    expect(rulesOf(findings), show(findings)).toEqual([rule]);
    const r = RULES.find((x) => x.id === rule)!;
    for (const f of findings) {
      expect(f).toMatchObject({ severity: r.severity, source: r.source });
      expect(f.message).toMatch(/\p{Script=Han}/u);
      if (c.quote) expect(f.message).toContain(c.quote);
    }
  });

  it.each(ALLOWED.map((c) => [c.what, c] as const))('allowed: %s', async (_what, c) => {
    const { ids, contextOf } = tree();
    const findings = await check(c.change(atStage(c.family, c.stage ?? 'draft')), c.stage ?? 'draft', ids, contextOf);
    expect(findings, show(findings)).toEqual([]);
  });
}

describe('规范性审核 on a snapshot of the org tree', () => {
  const { org, ids } = orgSnapshot();
  ruleTable(() => ({ ids, contextOf: (d) => buildCheckContext(org, d) }));

  it('has a bad document for every rule in RULES, and no bad document for a rule that is not there', () => {
    const tested = new Set(BAD_CASES.map((c) => c.rule));
    expect(RULES.map((r) => r.id).filter((id) => !tested.has(id))).toEqual([]);
    expect([...tested].filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  const staged = async (f: Family, draftStage: CheckStage, checkedAt: CheckStage) =>
    rulesOf(await check(atStage(f, draftStage), checkedAt, ids, (d) => buildCheckContext(org, d)));

  it('asks for 成文日期 and an upward document’s 签发人 from 签发 on, for 发文字号 and 印发 only at 编号', async () => {
    expect(await staged(notice, 'draft', 'draft')).toEqual([]);
    expect(await staged(notice, 'draft', 'sign')).toEqual(['F-DATE-WRITTEN']);
    expect(await staged(notice, 'sign', 'number')).toEqual(['F-DOCNO', 'F-DATE-PRINTED']);
    expect(await staged(request, 'draft', 'sign')).toEqual(['F-SIGNER-COUNT', 'F-DATE-WRITTEN']);
    expect(await staged(request, 'sign', 'number')).toEqual(['F-DOCNO', 'F-DATE-PRINTED']);
  });

  it('reports findings in the order of the document', async () => {
    const input = {
      ...atStage(joint, 'draft'),
      urgency: '平急' as const,
      title: '关于“精简”会议的安排',
      signatureNames: ['中共江州市委办公室'],
    };
    const findings = await check(input, 'draft', ids, (d) => buildCheckContext(org, d));
    expect(findings.map((f) => f.rule)).toEqual(['F-URGENCY', 'F-TITLE-GENRE', 'F-TITLE-PUNCT', 'F-SIGNATURE-COUNT']);
  });

  it('reads where each organ stands from the tree: an office stands for the body it serves, at its level', () => {
    const draft = bind(
      {
        ...atStage(request, 'draft'),
        mainRecipients: [{ name: '中共江南省委' }],
        ccRecipients: [
          { name: '中共江州市委办公室' },
          { name: '中共临江县委办公室' },
          { name: '中共江州市东湖区滨江街道工作委员会' },
        ],
      },
      ids,
    );
    const ctx = buildCheckContext(org, draft);
    const rel = (name: string) => ctx.organs[ids.get(name)!]?.relation;
    expect(rel('中共江州市东湖区委办公室')).toBe('self');
    expect(rel('中共江州市委办公室')).toBe('superior');
    expect(rel('中共临江县委办公室')).toBe('peer');
    expect(rel('中共江州市东湖区滨江街道工作委员会')).toBe('subordinate');
    expect(ctx.organs[ids.get('中共江南省委')!]!.skipped.map((s) => [s.name, s.officeIds])).toEqual([
      ['中共江州市委', [ids.get('中共江州市委办公室')]],
    ]);
    expect(ctx.leadSuperior).toEqual({
      unitId: ids.get('中共江州市委'),
      name: '中共江州市委',
      officeIds: [ids.get('中共江州市委办公室')],
    });
  });
});

describe('blockingFindings', () => {
  const { org, ids } = orgSnapshot();
  const findingsOf = (input: DraftInput) => {
    const draft = bind(input, ids);
    return checkDraft(draft, buildCheckContext(org, draft), 'draft');
  };
  // Two warnings of one rule in two paragraphs, and an error.
  const findings = findingsOf({
    ...atStage(report, 'draft'),
    title: '',
    body: [
      { level: 0, text: '二〇二六年十二月，区委召开基层治理工作会议。' },
      { level: 0, text: '26年12月起，区委将开展基层治理示范点建设。' },
    ],
  });

  it('has the findings the test relies on', () => {
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['F-TITLE-MISSING', 'error', ['title']],
      ['F-DATE-TEXT', 'warning', ['body', 0]],
      ['F-DATE-TEXT', 'warning', ['body', 1]],
    ]);
  });

  it('an error always blocks, even when someone tries to accept it', () => {
    const blocking = blockingFindings(findings, [
      { rule: 'F-TITLE-MISSING', reason: '标题由版头体现' },
      { rule: 'F-DATE-TEXT', reason: '引用原文' },
    ]);
    expect(blocking.map((f) => f.rule)).toEqual(['F-TITLE-MISSING']);
  });

  it('a warning blocks until it is accepted with a reason', () => {
    expect(blockingFindings(findings, []).map((f) => f.rule)).toEqual(['F-TITLE-MISSING', 'F-DATE-TEXT', 'F-DATE-TEXT']);
    expect(blockingFindings(findings, [{ rule: 'F-DATE-TEXT', reason: '引用历史文件原文' }]).map((f) => f.rule)).toEqual([
      'F-TITLE-MISSING',
    ]);
    // Accepting another rule accepts nothing here.
    expect(blockingFindings(findings, [{ rule: 'F-TITLE-PUNCT', reason: '通用简称' }])).toHaveLength(3);
  });

  it('an acceptance with a path covers the warning at that place only', () => {
    const blocking = blockingFindings(findings, [{ rule: 'F-DATE-TEXT', path: ['body', 0], reason: '引用历史文件原文' }]);
    expect(blocking.map((f) => [f.rule, f.path])).toEqual([
      ['F-TITLE-MISSING', ['title']],
      ['F-DATE-TEXT', ['body', 1]],
    ]);
  });
});

describe.each(engines)('resolveCheckContext on the demo organisation (%s)', (engine) => {
  let database: Database;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    // The demo stops at 市委 and has no 区政府 or 街道: add them, as an administrator would.
    const idOf = async (name: string) => (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    for (const u of EXTRA_UNITS) {
      const parentId = u.parent ? await idOf(u.parent) : null;
      await db.insert(unit).values({
        id: randomUUID(),
        parentId,
        name: u.name,
        shortName: u.name,
        issuerCode: u.issuerCode,
        level: u.level,
        category: u.category,
        createdAt: new Date(),
      });
    }
    await db
      .update(unit)
      .set({ parentId: await idOf('中共江南省委') })
      .where(eq(unit.name, '中共江州市委'));
    for (const u of await db.select({ id: unit.id, name: unit.name }).from(unit)) ids.set(u.name, u.id);
    const departments = await db
      .select({ id: department.id, name: department.name, unitName: unit.name })
      .from(department)
      .innerJoin(unit, eq(unit.id, department.unitId));
    for (const d of departments) ids.set(departmentKey(d.unitName, d.name), d.id);
  });
  afterAll(() => database?.close());

  ruleTable(() => ({ ids, contextOf: (d) => resolveCheckContext(database.db, d) }));

  const contextOf = async (input: DraftInput) => resolveCheckContext(database.db, bind(input, ids));
  const facts = (ctx: CheckContext, name: string) => ctx.organs[ids.get(name)!];

  it('市委办 writing to a 区委 or to the 临江 county office writes down', async () => {
    const ctx = await contextOf({
      ...atStage(notice, 'draft'),
      mainRecipients: [{ name: '中共江州市东湖区委' }, { name: '中共临江县委办公室' }],
    });
    expect(facts(ctx, '中共江州市东湖区委')).toMatchObject({
      relation: 'subordinate',
      category: '党委',
      level: '县',
      isDepartment: false,
    });
    expect(facts(ctx, '中共临江县委办公室')?.relation).toBe('subordinate');
    expect(facts(ctx, '江州市人民政府办公室')?.relation).toBe('subordinate');
    expect(ctx.leadSuperior?.name).toBe('中共江南省委');
  });

  it('a 区委办 writing to 市委办 writes up, and 市委办 acts for 市委', async () => {
    const ctx = await contextOf(atStage(request, 'draft'));
    expect(facts(ctx, '中共江州市委办公室')).toMatchObject({ relation: 'superior', skipped: [], issuerCode: '江委办' });
    expect(ctx.leadSuperior).toEqual({
      unitId: ids.get('中共江州市委'),
      name: '中共江州市委',
      officeIds: [ids.get('中共江州市委办公室')],
    });
  });

  it('a 区委办 writing to the province skips 市委 (R-GEN-2)', async () => {
    const ctx = await contextOf({ ...atStage(request, 'draft'), mainRecipients: [{ name: '中共江南省委' }] });
    expect(facts(ctx, '中共江南省委')?.skipped.map((s) => s.name)).toEqual(['中共江州市委']);
  });

  it('a 市直部门 writing to a 区政府 writes to a lower government (R-DOWN-2)', async () => {
    const input = BAD_CASES.find((c) => c.rule === 'R-DOWN-2')!;
    const ctx = await contextOf(badInput(input));
    expect(facts(ctx, '江州市发展和改革委员会')).toMatchObject({ relation: 'self', category: '部门', level: '市' });
    expect(facts(ctx, '江州市东湖区人民政府')).toMatchObject({ relation: 'other', category: '政府', level: '县' });
  });

  it('an internal department is known as one, with its unit (R-JOINT-3)', async () => {
    const ctx = await contextOf({
      ...atStage(notice, 'draft'),
      issuers: [{ name: departmentKey('中共江州市委办公室', '督查室') }],
    });
    expect(facts(ctx, departmentKey('中共江州市委办公室', '督查室'))).toMatchObject({
      name: '督查室',
      isDepartment: true,
      category: '党委办公室',
      unitOf: { unitId: ids.get('中共江州市委办公室'), name: '中共江州市委办公室' },
    });
  });

  it('an organ outside the tree carries no facts', async () => {
    const stranger = randomUUID();
    const draft = bind(atStage(notice, 'draft'), ids);
    const ctx = await resolveCheckContext(database.db, {
      ...draft,
      ccRecipients: [{ name: '江南省人民政府办公厅', unitId: stranger, kind: 'organ' }],
    });
    expect(ctx.organs[stranger]).toBeUndefined();
    expect(
      await resolveCheckContext(database.db, {
        ...draft,
        issuers: [{ name: '江南省人民政府', unitId: null, kind: 'organ' }],
        mainRecipients: [],
        ccRecipients: [],
      }),
    ).toEqual({ organs: {}, leadSuperior: null });
  });
});
