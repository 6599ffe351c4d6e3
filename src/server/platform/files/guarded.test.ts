import { uploadPdf } from '../../../../test/support/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, contextFor, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { refusal } from '../../../../test/support/kernel';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { SERVER_MODULES } from '../../modules';
import { defineModule, installModules } from '../modules/registry';
import type { Actor } from '../access/actor';
import { event } from '../audit/schema';
import { itemFile } from './schema';
import { attachGuardedFile, filesForReport, openGuardedFile } from './service';

// Module-guarded file roles (guarded.ts): a synthetic module guards the role 专用材料 on its items. A file it puts there
// (attachGuardedFile) is not reached through the item by any of the kernel's generic paths — the item's file list, a
// file's info, download, HEAD, preview and its pages, attach and remove, a 进展报告 — while an ordinary
// file on the same item is, to the same reader; the module's own path (openGuardedFile) opens it and records the read.

const ROLE = '专用材料';
const guardedModule = defineModule({
  kind: 'test.guarded',
  name: '测试模块',
  flows: [],
  visibility: 'unit',
  searchText: () => [],
  metrics: [],
  states: { registered: '已登记' },
  guardedFileRoles: [ROLE],
});

describe.each(engines)('files in a role the item’s module guards (%s)', (engine) => {
  let t: TestApp;
  let dir = '';
  let registrar: Actor;
  let clerk: Actor;
  let r: Client; // 陈静, the unit's registrar: creates the item, uploads both files
  let c: Client; // 刘洋, of the same unit: reads the item (visibility `unit`)
  let itemId = '';
  let guardedFile = '';
  let plainFile = '';
  let guardedAttachment = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-guarded-'));
    t = await startTestApp(engine, { ZHONGSHU_FILES_DIR: dir });
    installModules([...SERVER_MODULES, guardedModule]);
    registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    clerk = await actorOf(t.database, DEMO_CLERK_USERNAME);
    r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    c = await signedIn(t, DEMO_CLERK_USERNAME);
    itemId = await makeItem(t, registrar, { kind: 'test.guarded', title: '关于专项工作的汇报', classification: '内部' });
    guardedFile = await uploadPdf(r, '专项汇报材料.pdf', '内部');
    plainFile = await uploadPdf(r, '工作方案.pdf');
    const ctx = await contextFor(t, registrar);
    const put = await t.database.db.transaction((tx) => attachGuardedFile(tx, ctx, itemId, { fileId: guardedFile, role: ROLE }));
    guardedAttachment = put.id;
    expect(put.ordinal).toBe(1);
    expect((await r.post(`/api/v1/items/${itemId}/files`, { fileId: plainFile, role: '附件' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reader of the item reaches the ordinary file and not the guarded one, by any generic path', async () => {
    for (const [who, client] of [
      ['reader', c],
      ['registrar', r],
    ] as const) {
      for (const q of ['', '?includeRemoved=true']) {
        const list = await client.get(`/api/v1/items/${itemId}/files${q}`);
        expect(list.status, who).toBe(200);
        expect(
          list.body.items.map((f: { fileId: string }) => f.fileId),
          who,
        ).toEqual([plainFile]);
      }
    }
    // The ordinary file on the same item: the reader gets it (the guard, not the item, keeps the other one away).
    expect((await c.get(`/api/v1/files/${plainFile}`)).status).toBe(200);
    expect((await c.getBytes(`/api/v1/files/${plainFile}/content`)).status).toBe(200);
    expect((await c.get(`/api/v1/files/${guardedFile}`)).status).toBe(404);
    expect((await c.getBytes(`/api/v1/files/${guardedFile}/content`)).status).toBe(404);
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/files/${guardedFile}/content`,
      headers: { cookie: c.cookie },
    });
    expect(head.statusCode).toBe(404);
    expect((await c.get(`/api/v1/files/${guardedFile}/preview`)).status).toBe(404);
    expect((await c.getBytes(`/api/v1/files/${guardedFile}/preview/1`)).status).toBe(404);
    // Its uploader still reads their own upload.
    expect((await r.getBytes(`/api/v1/files/${guardedFile}/content`)).status).toBe(200);
  });

  it('the generic attach and remove refuse it, and a 进展报告 does not carry it', async () => {
    const del = await r.delete(`/api/v1/items/${itemId}/files/${guardedAttachment}`);
    expect(del.status).toBe(403);
    expect(del.body.error.message).toContain('测试模块');
    const [still] = await t.database.db.select().from(itemFile).where(eq(itemFile.id, guardedAttachment));
    expect(still!.removedAt).toBeNull();
    // Onto another item its uploader may change: that item's readers would read it.
    const other = await makeItem(t, registrar, { title: '关于专项工作的通知', classification: '内部' });
    const moved = await r.post(`/api/v1/items/${other}/files`, { fileId: guardedFile, role: '附件' });
    expect(moved.status).toBe(400);
    expect((await c.get(`/api/v1/items/${other}/files`)).body.items).toEqual([]);
    const ctx = await contextFor(t, registrar);
    const report = await t.database.db.transaction((tx) =>
      refusal(filesForReport(tx, registrar, { id: itemId, classification: '内部' }, [guardedFile], ctx.ceiling)),
    );
    expect(report?.code).toBe('VALIDATION_FAILED');
  });

  it('the module’s own path: attach checks the file, open records a classified read', async () => {
    const ctx = await contextFor(t, registrar);
    const attach = (fileId: string) =>
      t.database.db.transaction((tx) => refusal(attachGuardedFile(tx, ctx, itemId, { fileId, role: ROLE })));
    // Someone else's upload (not found to the actor), a file already on an item, one above the item's 密级.
    expect((await attach(await uploadPdf(c, '他人上传.pdf')))?.code).toBe('NOT_FOUND');
    expect((await attach(plainFile))?.code).toBe('VALIDATION_FAILED');
    const plainItem = await makeItem(t, registrar, { kind: 'test.guarded', title: '关于专项工作的简报' });
    const above = await uploadPdf(r, '内部材料.pdf', '内部');
    const onPlain = await t.database.db.transaction((tx) =>
      refusal(attachGuardedFile(tx, ctx, plainItem, { fileId: above, role: ROLE })),
    );
    expect(onPlain?.message).toBe('文件密级“内部”高于事项密级“公开”，不能放入该事项');
    // Nor twice.
    expect((await attach(guardedFile))?.code).toBe('VALIDATION_FAILED');
    const next = await uploadPdf(r, '补充材料.pdf');
    expect(
      (await t.database.db.transaction((tx) => attachGuardedFile(tx, ctx, itemId, { fileId: next, role: ROLE }))).ordinal,
    ).toBe(2);
    const added = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'item.file.attach'), eq(event.targetId, itemId)));
    expect(added.filter((e) => (e.summary as { guarded?: boolean }).guarded === true)).toHaveLength(2);
    // A role the module does not guard is not put there this way.
    await expect(
      t.database.db.transaction((tx) => attachGuardedFile(tx, ctx, itemId, { fileId: next, role: '附件' })),
    ).rejects.toThrow(/not guarded/);

    // The module decided the reader may: the file opens, and the read of a 内部 file is recorded.
    const readerCtx = await contextFor(t, clerk);
    const opened = await t.database.db.transaction((tx) => openGuardedFile(tx, readerCtx, itemId, guardedFile, { record: true }));
    expect(opened).toMatchObject({ id: guardedFile, name: '专项汇报材料.pdf', classification: '内部' });
    const reads = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'file.read'), eq(event.targetId, guardedFile), eq(event.actorPersonId, clerk.personId)));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.summary).toMatchObject({ itemId });
    // It opens nothing but a guarded file of that item.
    const plain = await t.database.db.transaction((tx) =>
      refusal(openGuardedFile(tx, readerCtx, itemId, plainFile, { record: true })),
    );
    expect(plain?.code).toBe('NOT_FOUND');
  });
});
