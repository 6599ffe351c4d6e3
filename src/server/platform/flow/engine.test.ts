import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, startTestApp, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { item } from '../items/schema';
import { delegation, department, person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { FlowDef } from './definition';
import {
  addHandler,
  markOpened,
  reassignTask,
  retractTask,
  returnTask,
  startFlow,
  submitTask,
  transferTask,
  type SubmitInput,
} from './engine';
import type { Choice } from './resolve';
import { declareFlow } from './registry';
import { flowInstance, opinion, task } from './schema';

// The engine on flows of its own — no module, no 收文/发文 — so that every assignee rule, step mode and action is
// shown to work as the definition says, whatever the modules built on it do.

/** A small 请示 approval: the registrars receive it, one of two reviewers looks at it, leaders sign in turn, 督办 closes it. */
const chain: FlowDef = {
  key: 'test.chain',
  name: '测试审批',
  start: 'receive',
  steps: [
    {
      key: 'receive',
      name: '签收',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'single',
      actions: ['submit', 'reassign', 'retract'],
      next: { to: 'review' },
    },
    {
      key: 'review',
      name: '审核',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'any',
      actions: ['submit', 'return'],
      returnTo: ['receive'],
      next: { to: 'sign' },
    },
    {
      key: 'sign',
      name: '签批',
      kind: 'do',
      actors: { type: 'chosen', scope: 'leaders' },
      mode: 'sequential',
      actions: ['submit', 'return', 'reassign', 'addHandler'],
      returnTo: ['review'],
      opinion: { kind: 'instruction', required: false },
      next: { to: 'check' },
    },
    {
      key: 'check',
      name: '督办',
      kind: 'do',
      actors: { type: 'role', role: 'supervisor' },
      mode: 'single',
      actions: ['submit'],
      next: { decide: { close: '$end', withdraw: '$end' } },
      decisions: { close: '办结', withdraw: '撤销' },
      endStates: { withdraw: 'withdrawn' },
      opinion: { kind: 'opinion', required: false, requiredFor: ['withdraw'] },
    },
  ],
};

/** Work split to units and sections: the lead's handler replies, the lead section's leader in charge approves, the creator files. */
const split: FlowDef = {
  key: 'test.split',
  name: '测试分办',
  start: 'split',
  steps: [
    {
      key: 'split',
      name: '分办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      next: { to: 'handle' },
    },
    {
      key: 'handle',
      name: '承办',
      kind: 'do',
      actors: { type: 'units' },
      mode: 'all',
      actions: ['submit'],
      limit: 'item',
      next: { to: 'reply' },
    },
    {
      key: 'reply',
      name: '答复',
      kind: 'do',
      actors: { type: 'previous', step: 'handle', unitRole: 'lead' },
      mode: 'single',
      actions: ['submit'],
      next: { to: 'approve' },
    },
    {
      key: 'approve',
      name: '审定',
      kind: 'do',
      actors: { type: 'leaderInCharge' },
      mode: 'single',
      actions: ['submit'],
      next: { to: 'file' },
    },
    {
      key: 'file',
      name: '归档',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit'],
      next: { end: true },
    },
  ],
};

/** Units consulted (no lead), then everyone who consulted confirms together. */
const consult: FlowDef = {
  key: 'test.consult',
  name: '测试会商',
  start: 'consult',
  steps: [
    {
      key: 'consult',
      name: '会商',
      kind: 'do',
      actors: { type: 'units', lead: false },
      mode: 'all',
      actions: ['submit'],
      next: { to: 'confirm' },
    },
    {
      key: 'confirm',
      name: '确认',
      kind: 'do',
      actors: { type: 'previous', step: 'consult', all: true },
      mode: 'all',
      actions: ['submit'],
      next: { end: true },
    },
  ],
};

for (const f of [chain, split, consult]) declareFlow(f);

describe.each(engines)('the flow engine on flows of its own (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'engine-test',
  );
  const actors = new Map<string, Actor>();
  const as = async (username: string) =>
    actors.get(username) ?? (actors.set(username, await actorOf(t.database, username)), actors.get(username)!);
  const idOf = async (username: string) => (await as(username)).personId;

  beforeAll(async () => {
    // A network cleared for 机密, so that the registrars' own clearances decide who gets a classified item.
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    cal = await new CalendarService(t.database.db).get();
  });
  afterAll(() => t?.close());

  async function begin(flow: FlowDef, creator: string, choice: Choice = {}, extra: { classification?: Classification } = {}) {
    const a = await as(creator);
    const itemId = await makeItem(t, a, {
      title: `测试事项 ${randomUUID().slice(0, 8)}`,
      kind: 'test',
      ...(extra.classification ? { classification: extra.classification } : {}),
    });
    await run((tx) => startFlow(tx, ctx(a), itemId, flow.key, choice));
    return itemId;
  }

  /** The open and waiting tasks of an item: who holds each, for which step, in which state. */
  async function openTasks(itemId: string) {
    const rows = await t.database.db
      .select({
        id: task.id,
        step: task.stepKey,
        state: task.state,
        who: person.name,
        unitRole: task.unitRole,
        seq: task.seq,
        dueDate: task.dueDate,
        forUnitId: task.forUnitId,
        forDepartmentId: task.forDepartmentId,
      })
      .from(task)
      .innerJoin(person, eq(person.id, task.assigneePersonId))
      .where(and(eq(task.itemId, itemId), inArray(task.state, ['open', 'waiting'])))
      .orderBy(asc(task.seq), asc(person.name));
    return rows;
  }
  const taskOf = async (itemId: string, name: string) =>
    (await openTasks(itemId)).find((r) => r.who === name && r.state === 'open')!.id;
  const submit = async (username: string, itemId: string, input: Partial<SubmitInput> = {}, holderName?: string) => {
    const a = await as(username);
    const id = await taskOf(itemId, holderName ?? a.name);
    return run((tx) => submitTask(tx, ctx(a), id, { version: null, ...input }));
  };
  const stateOf = async (itemId: string) =>
    (await t.database.db.select({ state: item.state, closedAt: item.closedAt }).from(item).where(eq(item.id, itemId)))[0]!;

  it('role registrar: every registrar of the owning unit cleared for the item gets it; the first to act closes it for the rest', async () => {
    const open = await begin(chain, 'liuyang');
    expect((await openTasks(open)).map((r) => r.who)).toEqual(['陈静', '马晓燕']);
    await submit('chenjing', open, { next: { personIds: [await idOf('huangxiaodong')] } });
    expect((await openTasks(open)).map((r) => [r.step, r.who])).toEqual([['review', '黄晓东']]);
    // 秘密: only the 机要员 cleared for it, not the 文书.
    const secret = await begin(chain, 'sunhaitao', {}, { classification: '秘密' });
    expect((await openTasks(secret)).map((r) => r.who)).toEqual(['马晓燕']);
  });

  it('role supervisor: the step goes to the supervisors over the owning unit (granted on a unit above it), not to its registrars', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    await submit('huangxiaodong', id, { next: { personIds: [await idOf('zhouwenbin')] } });
    await submit('zhouwenbin', id);
    // 赵春梅 holds 督查督办 over the city committee and its subordinate units, the office among them.
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['check', '赵春梅']]);
    // The item's state is the step's key; its name is the flow's to give.
    expect((await stateOf(id)).state).toBe('check');
  });

  it('chosen, any: two reviewers, the first to act closes the step for both', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong'), await idOf('yangguangming')] } });
    expect((await openTasks(id)).map((r) => r.who)).toEqual(['杨光明', '黄晓东']);
    await submit('yangguangming', id, { next: { personIds: [await idOf('zhouwenbin')] } });
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['sign', '周文斌']]);
  });

  it('chosen leaders, sequential: one after another in the order chosen; a section head is not a leader; 加签 comes right after the holder', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    expect(await refusal(submit('huangxiaodong', id, { next: { personIds: [await idOf('yangguangming')] } }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '杨光明不是领导职务，不能签批',
    });
    await submit('huangxiaodong', id, { next: { personIds: [await idOf('sunhaitao'), await idOf('zhouwenbin')] } });
    expect((await openTasks(id)).map((r) => [r.who, r.state, r.seq])).toEqual([
      ['孙海涛', 'open', 1],
      ['周文斌', 'waiting', 2],
    ]);
    // The director adds his deputy: she signs after him and before the secretary-general.
    // (Every value is read before the transaction: PGlite has one connection, which the transaction holds.)
    const [director, held, deputy] = [await as('sunhaitao'), await taskOf(id, '孙海涛'), await idOf('wangshumin')];
    await run((tx) => addHandler(tx, ctx(director), held, deputy));
    await submit('sunhaitao', id, { opinion: '同意。' });
    expect((await openTasks(id)).map((r) => [r.who, r.state])).toEqual([
      ['王淑敏', 'open'],
      ['周文斌', 'waiting'],
    ]);
    await submit('wangshumin', id);
    await submit('zhouwenbin', id, { opinion: '同意，请督查室跟踪。' });
    expect((await openTasks(id)).map((r) => r.step)).toEqual(['check']);
    const signed = await t.database.db
      .select({ who: opinion.personName, kind: opinion.kind })
      .from(opinion)
      .where(eq(opinion.itemId, id))
      .orderBy(asc(opinion.seq));
    expect(signed).toEqual([
      { who: '孙海涛', kind: 'instruction' },
      { who: '周文斌', kind: 'instruction' },
    ]);
  });

  it('single refuses two people; a decision ends the flow in the state the definition names, with the reason it requires', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    await submit('huangxiaodong', id, { next: { personIds: [await idOf('zhouwenbin')] } });
    await submit('zhouwenbin', id);
    expect(await refusal(submit('zhaochunmei', id, { decision: 'withdraw' }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '选择“撤销”须写明理由',
    });
    expect(await refusal(submit('zhaochunmei', id, {}))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '请选择督办结果：办结、撤销',
    });
    await submit('zhaochunmei', id, { decision: 'withdraw', opinion: '请示事项已另行解决。' });
    expect(await stateOf(id)).toMatchObject({ state: 'withdrawn' });
    expect(
      (await t.database.db.select({ state: flowInstance.state }).from(flowInstance).where(eq(flowInstance.itemId, id)))[0]!.state,
    ).toBe('finished');

    const units = await begin(split, 'chenjing', { personIds: [await idOf('huangxiaodong'), await idOf('yangguangming')] }).then(
      () => 'accepted',
      (e: unknown) => (e as Error).message,
    );
    expect(units).toBe('分办只能交一人办理');
  });

  it('return goes back only where the step allows, to whoever did it last, with the reason; retract works until the next holder opens it', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    // 陈静 takes it back before 黄晓东 has looked: her task is open again.
    const chen = await as('chenjing');
    const [done] = await t.database.db
      .select({ id: task.id })
      .from(task)
      .where(and(eq(task.itemId, id), eq(task.stepKey, 'receive'), eq(task.state, 'done')));
    await run((tx) => retractTask(tx, ctx(chen), done!.id));
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['receive', '陈静']]);
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    const [again] = await t.database.db
      .select({ id: task.id })
      .from(task)
      .where(and(eq(task.itemId, id), eq(task.stepKey, 'receive'), eq(task.state, 'done')));
    const huang = await as('huangxiaodong');
    await run((tx) => markOpened(tx, huang, id, t.clock.now()));
    expect(await refusal(run((tx) => retractTask(tx, ctx(chen), again!.id)))).toEqual({
      code: 'CONFLICT',
      message: '下一环节已有人打开，不能收回；如需更改请联系对方退回',
    });

    const review = await taskOf(id, '黄晓东');
    expect(
      await refusal(run((tx) => returnTask(tx, ctx(huang), review, { version: null, toStep: 'sign', reason: '不全' }))),
    ).toEqual({ code: 'VALIDATION_FAILED', message: '审核只能退回到：签收' });
    expect(
      await refusal(run((tx) => returnTask(tx, ctx(huang), review, { version: null, toStep: 'receive', reason: '  ' }))),
    ).toEqual({ code: 'VALIDATION_FAILED', message: '请填写退回理由' });
    await run((tx) =>
      returnTask(tx, ctx(huang), review, { version: null, toStep: 'receive', reason: '缺少附件，请补齐后再送。' }),
    );
    // Back to 陈静, who did it last — not to 马晓燕, who could have.
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['receive', '陈静']]);
    expect((await stateOf(id)).state).toBe('receive');
  });

  it('改派 by the unit’s registrar to someone else; refused to others and where the step does not allow it; 转办 by the holder', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    const review = await taskOf(id, '黄晓东');
    const [chen, liu, yang, sg, wang] = [
      await as('chenjing'),
      await as('liuyang'),
      await idOf('yangguangming'),
      await idOf('zhouwenbin'),
      await idOf('wangshumin'),
    ];
    // The review step does not allow reassignment.
    expect(await refusal(run((tx) => reassignTask(tx, ctx(chen), review, { toPersonId: yang, reason: '出差' })))).toEqual({
      code: 'FORBIDDEN',
      message: '审核环节不允许此操作',
    });
    await submit('huangxiaodong', id, { next: { personIds: [await idOf('sunhaitao')] } });
    const sign = await taskOf(id, '孙海涛');
    expect(await refusal(run((tx) => reassignTask(tx, ctx(liu), sign, { toPersonId: sg, reason: '出差' })))).toEqual({
      code: 'FORBIDDEN',
      message: '只有本单位的登记或督办人员可以改派',
    });
    await run((tx) => reassignTask(tx, ctx(chen), sign, { toPersonId: wang, reason: '孙海涛同志出差' }));
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['sign', '王淑敏']]);
    // 转办: the holder hands it on within the step's rule (leaders only).
    const [deputy, held] = [await as('wangshumin'), await taskOf(id, '王淑敏')];
    await run((tx) => transferTask(tx, ctx(deputy), held, { toPersonId: sg, note: '请秘书长签批' }));
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['sign', '周文斌']]);
  });

  it('a delegate acts on the principal’s task, signed as such; anyone else is told it does not exist', async () => {
    const id = await begin(chain, 'liuyang');
    await submit('chenjing', id, { next: { personIds: [await idOf('huangxiaodong')] } });
    await submit('huangxiaodong', id, { next: { personIds: [await idOf('zhouwenbin')] } });
    const sg = await idOf('zhouwenbin');
    await t.database.db.insert(delegation).values({
      id: randomUUID(),
      fromPersonId: sg,
      toPersonId: await idOf('sunhaitao'),
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: new Date('2028-01-01T00:00:00Z'),
      reason: '出差',
      createdBy: sg,
      createdAt: t.clock.now(),
    });
    const delegate = await actorOf(t.database, 'sunhaitao');
    const outsider = await as('yangguangming');
    const sign = await taskOf(id, '周文斌');
    expect(await refusal(run((tx) => submitTask(tx, ctx(outsider), sign, { version: null })))).toMatchObject({
      code: 'NOT_FOUND',
    });
    await run((tx) => submitTask(tx, ctx(delegate), sign, { version: null, opinion: '同意。' }));
    const [o] = await t.database.db
      .select({ signature: opinion.signature, onBehalf: opinion.onBehalfOfPersonId })
      .from(opinion)
      .where(eq(opinion.itemId, id));
    expect(o).toEqual({ signature: '孙海涛（代 周文斌）', onBehalf: sg });
  });

  it('units: one lead among them, each unit’s registrar and each section’s head; the lead’s handler replies; the lead section’s leader in charge approves; the creator files', async () => {
    const id = await begin(split, 'chenjing', { personIds: [await idOf('sunhaitao')] });
    const [mishu] = await t.database.db.select({ id: department.id }).from(department).where(eq(department.name, '秘书科'));
    const gov = (await as('fanlijuan')).unitId!;
    const noLead = { units: [{ unitId: gov, role: 'assisting' as const }] };
    expect(await refusal(submit('sunhaitao', id, { next: noLead }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '分办须确定一个主办单位（条例第二十四条：两个以上部门办理的应明确主办）',
    });
    const twice = {
      units: [
        { departmentId: mishu!.id, role: 'lead' as const },
        { departmentId: mishu!.id, role: 'assisting' as const },
      ],
    };
    expect(await refusal(submit('sunhaitao', id, { next: twice }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '同一单位不能既主办又协办，也不能重复',
    });
    await submit('sunhaitao', id, {
      next: {
        units: [
          { departmentId: mishu!.id, role: 'lead', dueDate: '2026-12-04' },
          { unitId: gov, role: 'assisting', dueDate: '2026-12-02' },
        ],
      },
    });
    expect((await openTasks(id)).map((r) => [r.step, r.who, r.unitRole, r.dueDate])).toEqual([
      ['handle', '范丽娟', 'assisting', '2026-12-02'],
      ['handle', '黄晓东', 'lead', '2026-12-04'],
    ]);
    // "all": the step waits for both units.
    await submit('fanlijuan', id);
    expect((await openTasks(id)).map((r) => r.step)).toEqual(['handle']);
    // The reply goes to whoever did the lead's share.
    await submit('huangxiaodong', id);
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['reply', '黄晓东']]);
    await submit('huangxiaodong', id);
    // 秘书科 is in the charge of the secretary-general.
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['approve', '周文斌']]);
    await submit('zhouwenbin', id);
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([['file', '陈静']]);
    await submit('chenjing', id);
    expect(await stateOf(id)).toMatchObject({ state: 'closed' });
  });

  it('units consulted have no lead; "previous, all" gives the next step to everyone who acted in the last round', async () => {
    const gov = (await as('fanlijuan')).unitId!;
    const donghu = (await as('tangxiaolin')).unitId!;
    const lead = await begin(consult, 'chenjing', { units: [{ unitId: gov, role: 'lead' }] }).then(
      () => null,
      (e: unknown) => (e as Error).message,
    );
    expect(lead).toBe('会商的单位不分主办、协办');
    const id = await begin(consult, 'chenjing', {
      units: [
        { unitId: gov, role: 'assisting' },
        { unitId: donghu, role: 'assisting' },
      ],
    });
    expect((await openTasks(id)).map((r) => [r.who, r.unitRole])).toEqual([
      ['唐晓琳', 'consulted'],
      ['范丽娟', 'consulted'],
    ]);
    await submit('tangxiaolin', id);
    await submit('fanlijuan', id);
    expect((await openTasks(id)).map((r) => [r.step, r.who])).toEqual([
      ['confirm', '唐晓琳'],
      ['confirm', '范丽娟'],
    ]);
  });

  it('an item keeps the version of the flow it started on when the definition changes; new items take the new one', async () => {
    const before = await begin(consult, 'chenjing', { units: [{ unitId: (await as('fanlijuan')).unitId!, role: 'assisting' }] });
    declareFlow({ ...consult, steps: consult.steps.map((s) => (s.key === 'confirm' ? { ...s, name: '确认会商结果' } : s)) });
    try {
      const after = await begin(consult, 'chenjing', { units: [{ unitId: (await as('fanlijuan')).unitId!, role: 'assisting' }] });
      const versions = await t.database.db
        .select({ itemId: flowInstance.itemId, v: flowInstance.flowVersion })
        .from(flowInstance)
        .where(inArray(flowInstance.itemId, [before, after]));
      const v = new Map(versions.map((r) => [r.itemId, r.v]));
      expect(v.get(after)).toBe(v.get(before)! + 1);
      await submit('fanlijuan', before);
      await submit('fanlijuan', after);
      // Each item's task carries the step as its own version names it; the state is the same key.
      const steps = await t.database.db
        .select({ itemId: task.itemId, step: task.step })
        .from(task)
        .where(and(inArray(task.itemId, [before, after]), eq(task.stepKey, 'confirm')));
      expect(new Map(steps.map((r) => [r.itemId, r.step]))).toEqual(
        new Map([
          [before, '确认'],
          [after, '确认会商结果'],
        ]),
      );
      expect([(await stateOf(before)).state, (await stateOf(after)).state]).toEqual(['confirm', 'confirm']);
    } finally {
      declareFlow(consult);
    }
  });
});
