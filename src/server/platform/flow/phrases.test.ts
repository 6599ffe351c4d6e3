import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_SECRETARY_GENERAL_USERNAME } from '../../org/demo-data';

// 常用语: the kernel's kinds of opinion, a module's own kinds from its declaration, and a person's saved list.

describe.each(engines)('常用语 (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  it('offers the kernel’s phrases, a module’s for its own kinds, nothing for an unknown kind, and a person’s own once saved', async () => {
    const sg = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    expect((await sg.get('/api/v1/me/phrases?kind=instruction')).body).toMatchObject({
      custom: false,
      items: expect.arrayContaining(['同意。', '请阅研。']),
    });
    // 签发 is 发文's: its phrases come from the 发文 module's declaration (条例 Art.22: 圈阅 counts as approval).
    expect((await sg.get('/api/v1/me/phrases?kind=signoff')).body).toEqual({
      custom: false,
      items: ['同意。', '圈阅', '同意，按程序印发。'],
    });
    expect((await sg.get('/api/v1/me/phrases?kind=nosuchkind')).body).toEqual({ custom: false, items: [] });
    expect((await sg.put('/api/v1/me/phrases', { kind: 'signoff', items: ['同意，请办公室按程序印发。'] })).status).toBe(200);
    expect((await sg.get('/api/v1/me/phrases?kind=signoff')).body).toEqual({
      custom: true,
      items: ['同意，请办公室按程序印发。'],
    });
  });
});
