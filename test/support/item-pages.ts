import { expect } from 'vitest';
import { signedIn, type Client, type TestApp } from './app';

interface WithTasks {
  myTasks: { id: string; version: number; stepKey: string | null }[];
}

/**
 * A module's item page and the kernel's submit as the demo people use them: one signed-in client per person, the page
 * read through `GET <base>/:id`, the holder's open task at a step, and submitting it. `app` is read when called, since
 * the test app starts in beforeAll.
 */
export function itemPages<D extends WithTasks>(app: () => TestApp, base: string) {
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    if (!clients.has(username)) clients.set(username, await signedIn(app(), username));
    return clients.get(username)!;
  };
  const detail = async (who: string, itemId: string) => {
    const res = await (await as(who)).get(`${base}/${itemId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as D;
  };
  /** The open task the person holds on the item, at the step. */
  const taskOf = async (who: string, itemId: string, stepKey: string | null) => {
    const d = await detail(who, itemId);
    const task = d.myTasks.find((x) => x.stepKey === stepKey);
    expect(task, `${who} has no open ${stepKey} task; has ${JSON.stringify(d.myTasks)}`).toBeDefined();
    return task!;
  };
  const trySubmit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown> = {}) => {
    const task = await taskOf(who, itemId, stepKey);
    return (await as(who)).post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
  };
  const submit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown> = {}) => {
    const res = await trySubmit(who, itemId, stepKey, body);
    expect(res.status, `${who} ${stepKey}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body as { nextStep: string | null; finished: boolean };
  };
  return { as, detail, taskOf, trySubmit, submit };
}
