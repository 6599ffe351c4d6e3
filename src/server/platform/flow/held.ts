import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import type { StepDef } from './definition';
import { holding } from './holding';
import { definitionAt, stepOf } from './registry';
import { flowInstance, task } from './schema';
import { readsItem } from './tasks';

export interface HeldTask {
  t: typeof task.$inferSelect;
  it: typeof item.$inferSelect;
  step: StepDef;
  /** Set when the actor acts as a delegate: the person they act for. */
  principalId: string | null;
}

/**
 * Locks an open 办理 task of a flow that the actor holds, own or by delegation, for what its holder does beside
 * finishing it (延期, 进展报告). Someone who may not read the item is told nothing exists; a reader who does not hold
 * the task is refused by name of the act (`what`: 申请延期, 报告进展).
 */
export async function loadHeldTask(tx: Tx, actor: Actor, taskId: string, what: string): Promise<HeldTask> {
  const [row] = await tx
    .select({ t: task, it: item, inst: flowInstance })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .innerJoin(flowInstance, eq(flowInstance.itemId, task.itemId))
    .where(eq(task.id, taskId))
    .for('update', { of: task });
  if (!row) throw notFound('待办事项');
  const held = holding(actor, row.t);
  if (!held) {
    if (!(await readsItem(tx, actor, row.t.itemId))) throw hiddenFrom('待办事项');
    throw forbidden(`只有该事项的办理人（或其代理人）可以${what}`);
  }
  if (row.t.state !== 'open') throw conflict('该事项已经办理或已被收回，请刷新后查看');
  // A receiving task (签收) of a dispatch is not a step of the item's flow: it is accepted or returned, nothing more.
  if (!row.t.stepKey || row.t.kind !== 'do' || row.t.dispatchId) throw invalid(`该事项不能${what}`);
  const def = await definitionAt(tx, row.inst.flowKey, row.inst.flowVersion);
  return {
    t: row.t,
    it: row.it,
    step: stepOf(def, row.t.stepKey),
    principalId: held === 'delegated' ? row.t.assigneePersonId : null,
  };
}
