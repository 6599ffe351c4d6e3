import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, startTestApp, type TestApp } from '../../../../test/support/app';
import { kernelCalls } from '../../../../test/support/kernel';
import { deriveItem } from '../../platform/flow/links';
import { item } from '../../platform/items/schema';
import type { WorkCalendar } from '../../platform/calendar/calendar';

describe.each(engines)('a 收文 made by another module (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'incoming-derive-test',
  );

  beforeAll(async () => {
    t = await startTestApp(engine);
    cal = await t.app.zs.calendar.get();
  });
  afterAll(() => t?.close());

  it('is only ever the 发文 it was signed for: without a source the kernel makes none', async () => {
    const registrar = await actorOf(t.database, 'chenjing');
    const items = async () => (await t.database.db.select({ n: count() }).from(item))[0]!.n;
    const before = await items();
    const fields = { senderName: '中共江州市委办公室', title: '关于做好值班工作的通知', genre: '通知' };
    await expect(run((tx) => deriveItem(tx, ctx(registrar), 'incoming', { source: null, link: null, fields }))).rejects.toThrow(
      '收文只能由签收的发文生成',
    );
    expect(await items()).toBe(before);
  });
});
