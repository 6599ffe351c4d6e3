import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { assertSeesTask } from './parts';
import { item } from '../items/schema';
import type { FlowDef, StepDef } from './definition';
import { holding } from './holding';
import { definitionAt, stepOf } from './registry';
import { flowInstance, task } from './schema';
import { readsItem } from './tasks';

export interface HeldTask {
  t: typeof task.$inferSelect;
  it: typeof item.$inferSelect;
  inst: typeof flowInstance.$inferSelect;
  /** The flow version the item runs on, and the task's step in it. */
  def: FlowDef;
  step: StepDef;
  /** Set when the actor acts as a delegate: the person they act for. */
  principalId: string | null;
}

/**
 * Locks an open task of the item's flow that the actor holds, own or by delegation (`holding`), with its item, flow
 * instance and step — the one way every command on a held task starts. The flow's own commands (`what` not given:
 * 提交, 退回, 转办 …) answer not found for anything but such a task, a receiving task (签收) included, and check the
 * task's version when given. What its holder does beside finishing it (`what`: 申请延期, 报告进展) is refused by name:
 * someone who may not read the item is told nothing exists, a reader who does not hold the task is refused, and a
 * receiving task or a 待阅 cannot.
 */
export async function loadHeldTask(
  tx: Tx,
  actor: Actor,
  taskId: string,
  opts: { what?: string; version?: number | null } = {},
): Promise<HeldTask> {
  const { what } = opts;
  const [row] = await tx
    .select({ t: task, it: item, inst: flowInstance })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .innerJoin(flowInstance, eq(flowInstance.itemId, task.itemId))
    .where(eq(task.id, taskId))
    .for('update', { of: task });
  if (!row) throw notFound('待办事项');
  // A receiving task of a dispatch is settled by accepting or returning it (dispatch.ts), not by the flow.
  const receiving = !row.t.stepKey || row.t.dispatchId !== null;
  if (!what && receiving) throw notFound('待办事项');
  const held = holding(actor, row.t);
  if (!held) {
    if (!what) throw notFound('待办事项');
    if (!(await readsItem(tx, actor, row.t.itemId))) throw hiddenFrom('待办事项');
    // Another unit's part of the item: not found, as its reports and 延期 are (parts.ts).
    await assertSeesTask(tx, actor, row.t.id, '待办事项');
    throw forbidden(`只有该事项的办理人（或其代理人）可以${what}`);
  }
  if (row.t.state !== 'open') throw conflict('该事项已经办理或已被收回，请刷新后查看');
  if (opts.version != null && opts.version !== row.t.version) throw conflict('该事项已被他人处理，请刷新后再试');
  if (what && (receiving || row.t.kind !== 'do')) throw invalid(`该事项不能${what}`);
  const def = await definitionAt(tx, row.inst.flowKey, row.inst.flowVersion);
  return { ...row, def, step: stepOf(def, row.t.stepKey!), principalId: held === 'delegated' ? row.t.assigneePersonId : null };
}
