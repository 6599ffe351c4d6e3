import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, ne } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { post } from '../../org/schema';
import { account } from '../auth/schema';
import { event } from '../audit/schema';
import type { Actor } from '../access/actor';
import { createTask } from '../flow/tasks';
import { file, itemFile } from './schema';
import { LocalBlobStore, VerifyingStream } from './store';
import { verifyFiles } from './verify';
import { encryptStoredFiles } from './encrypt';
import { HEADER_BYTES, parseHeader, sealedSize } from '../encryption/envelope';
import { dataKeyring } from '../encryption/keys';
import { testDataKeys } from '../../../../test/support/data-key';
import { contentDisposition, sanitizeFileName } from './names';
import { FILE_TYPES, matchesSignature, typeOfName, type Signature } from './types';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');

/** A small but real .docx: a zip package with the parts Word needs to open it. */
function docx(text: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    ),
  });
}

const pdf = (text: string) =>
  strToU8(`%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

function upload(c: Client, name: string, bytes: Uint8Array, contentType = 'application/octet-stream', query = '') {
  return c.request(
    'POST',
    `/api/v1/files${query}`,
    undefined,
    { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    bytes,
  );
}

/** Every blob the local store holds (files named by a 64-hex digest), staging excluded. */
function blobsIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'tmp') walk(join(d, e.name));
      else if (e.isFile() && /^[0-9a-f]{64}$/.test(e.name)) out.push(e.name);
    }
  };
  walk(dir);
  return out;
}

const staging = (dir: string) => {
  try {
    return readdirSync(join(dir, 'tmp'));
  } catch {
    return [];
  }
};

describe.each(engines)('files of items (%s)', (engine) => {
  let t: TestApp;
  let dir = '';
  let registrar: Actor;
  let clerk: Actor;
  let outsider = '';
  let notice = ''; // a 公开 item of the unit: everyone in the unit reads it, the registrar changes it
  let internal = ''; // a 内部 item: reading its files is recorded

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-files-'));
    t = await startTestApp(engine, { ZHONGSHU_FILES_DIR: dir });
    registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    clerk = await actorOf(t.database, DEMO_CLERK_USERNAME);
    const [b] = await t.database.db
      .select({ username: account.username })
      .from(post)
      .innerJoin(account, eq(account.personId, post.personId))
      .where(and(ne(post.unitId, registrar.unitId!), eq(post.isPrimary, true), eq(post.isLeader, false)))
      .limit(1);
    outsider = b!.username;
    notice = await makeItem(t, registrar, { title: '关于做好2026年冬季森林防火工作的通知' });
    internal = await makeItem(t, registrar, { title: '关于市委常委会议题安排的请示', classification: '内部' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Chinese-named .docx goes up, is recorded with its SM3, and comes back byte for byte', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const name = '关于做好2026年冬季森林防火工作的通知（附件1）.docx';
    const bytes = docx('各县（市、区）党委办公室：现将有关事项通知如下。');
    const up = await upload(r, name, bytes, DOCX);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ sm3: sm3(bytes), size: bytes.length, name, contentType: DOCX, classification: '公开' });
    const [row] = await t.database.db.select().from(file).where(eq(file.id, up.body.id));
    expect(row).toMatchObject({
      sm3: sm3(bytes),
      size: bytes.length,
      name,
      uploadedBy: registrar.personId,
      uploadedByPostId: registrar.postId,
      owningUnitId: registrar.unitId,
    });

    const attach = await r.post(`/api/v1/items/${notice}/files`, { fileId: up.body.id, role: '正文' });
    expect(attach.status).toBe(201);
    expect(attach.body).toMatchObject({
      fileId: up.body.id,
      role: '正文',
      ordinal: 1,
      name,
      addedBy: { id: registrar.personId, name: '陈静' },
      removedAt: null,
    });

    const down = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(down.status).toBe(200);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(down.headers['content-type']).toBe(DOCX);
    expect(down.headers['content-length']).toBe(String(bytes.length));
    expect(down.headers['x-content-sm3']).toBe(sm3(bytes));
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="file.docx"; filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(down.headers['content-disposition'] as string)![1]!)).toBe(name);

    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/files/${up.body.id}/content`,
      headers: { cookie: r.cookie },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));
    expect(head.headers['content-type']).toBe(DOCX);
    expect(head.rawPayload.length).toBe(0);

    const cached = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${up.body.id}/content`,
      headers: { cookie: r.cookie, 'if-none-match': `"${sm3(bytes)}"` },
    });
    expect(cached.statusCode).toBe(304);

    const list = await r.get(`/api/v1/items/${notice}/files`);
    expect(list.body.items.map((f: { fileId: string; role: string }) => [f.fileId, f.role])).toEqual([[up.body.id, '正文']]);
  });

  it('the same content uploaded twice is kept once, under its SM3 in ab/cd/ folders', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const bytes = pdf('江州市防汛抗旱指挥部关于启动防汛四级应急响应的通知');
    const before = blobsIn(dir).length;
    const a = await upload(r, '防汛通知.pdf', bytes, 'application/pdf');
    const b = await upload(r, '防汛通知（转发）.pdf', bytes, 'application/pdf');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.sm3).toBe(a.body.sm3);
    expect(blobsIn(dir).length).toBe(before + 1);
    const digest = sm3(bytes);
    expect(statSync(join(dir, digest.slice(0, 2), digest.slice(2, 4), digest)).size).toBe(sealedSize(bytes.length));
    expect(staging(dir)).toEqual([]);
    const uploads = await t.database.db.select().from(event).where(eq(event.action, 'file.upload'));
    expect(uploads.filter((e) => e.targetId === a.body.id)[0]!.summary).toMatchObject({ newBlob: true, sm3: digest });
    expect(uploads.filter((e) => e.targetId === b.body.id)[0]!.summary).toMatchObject({ newBlob: false, sm3: digest });
  });

  it.each([
    ['an executable', '工具.exe', strToU8('MZ\x90\x00'), /不支持“\.exe”/],
    ['a name without an extension', '请示', pdf('x'), /没有扩展名/],
    [
      'a .pdf that is a PNG',
      '请示.pdf',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      /不是PDF 文档/,
    ],
    ['a .docx that is plain text', '报告.docx', strToU8('这不是 Word 文档'), /扩展名“\.docx”不符/],
    ['a .txt that is binary', '说明.txt', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), /纯文本/],
  ])('%s is refused with 415 and nothing is stored', async (_what, name, bytes, message) => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const files = (await t.database.db.select().from(file)).length;
    const blobs = blobsIn(dir).length;
    const res = await upload(r, name, bytes);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toMatch(message);
    expect((await t.database.db.select().from(file)).length).toBe(files);
    expect(blobsIn(dir).length).toBe(blobs);
    expect(staging(dir)).toEqual([]);
  });

  it('a path, control characters and reserved characters in the name are taken out', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const res = await upload(
      r,
      '../../../etc/cron.d/关于\u0000防汛\u202e工作:的*通知?.txt',
      strToU8('各单位：请做好防汛准备。\n'),
    );
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('关于防汛工作_的_通知_.txt');
    const win = await upload(r, '..\\..\\Windows\\System32\\值班表.txt.  ', strToU8('值班表\n'));
    expect(win.body.name).toBe('值班表.txt');
    expect(blobsIn(dir).every((b) => /^[0-9a-f]{64}$/.test(b))).toBe(true);
  });

  it('an upload without a name, or from an administrator, is refused before any byte is read', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const noName = await r.request('POST', '/api/v1/files', undefined, { 'content-type': 'application/pdf' }, pdf('x'));
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toMatch(/X-File-Name/);
    const admin = await signedIn(t, 'sysadmin');
    const res = await upload(admin, '通知.pdf', pdf('x'));
    expect(res.status).toBe(403);
    const empty = await upload(r, '空白.txt', new Uint8Array());
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/空的/);
  });

  it('a person who cannot read the item gets 404 for its files; an unattached upload is its uploader’s alone', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const o = await signedIn(t, outsider);
    const up = await upload(r, '会议纪要.pdf', pdf('市委办公室主任办公会议纪要'));
    // Not yet on an item: the uploader only.
    expect((await r.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    expect((await c.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    expect((await o.get(`/api/v1/files/${up.body.id}`)).status).toBe(404);
    // On an item of the unit: whoever reads the item reads the file, and nobody else.
    expect((await r.post(`/api/v1/items/${notice}/files`, { fileId: up.body.id, role: '附件' })).status).toBe(201);
    expect((await c.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    const denied = await o.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(denied.status).toBe(404);
    expect(JSON.parse(denied.text).error.message).toMatch(/不存在或无权查看/);
    expect(
      (await t.app.inject({ method: 'HEAD', url: `/api/v1/files/${up.body.id}/content`, headers: { cookie: o.cookie } }))
        .statusCode,
    ).toBe(404);
    expect((await o.get(`/api/v1/items/${notice}/files`)).status).toBe(404);
    // An outsider cannot pull the file onto an item of their own to read it.
    const own = await makeItem(t, await actorOf(t.database, outsider), { title: '关于报送值班安排的函' });
    expect((await o.post(`/api/v1/items/${own}/files`, { fileId: up.body.id, role: '附件' })).status).toBe(404);
  });

  it('the files of an item for participants only (收文) are hidden from the rest of the unit', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const received = await makeItem(t, registrar, { kind: 'incoming', title: '省委办公厅关于加强值班工作的通知' });
    const up = await upload(r, '省委办公厅通知.pdf', pdf('值班工作'));
    expect((await r.post(`/api/v1/items/${received}/files`, { fileId: up.body.id, role: '正文' })).status).toBe(201);
    expect((await c.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    expect((await c.get(`/api/v1/items/${received}/files`)).status).toBe(404);
  });

  it('adding and removing files needs the right to change the item, or an open task on it', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const mine = await upload(c, '办理情况报告.docx', docx('关于森林防火工作落实情况的报告'), DOCX);
    const refused = await c.post(`/api/v1/items/${notice}/files`, { fileId: mine.body.id, role: '附件' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/登记人|文书|办理/);
    await t.database.db.transaction((tx) =>
      createTask(
        tx,
        { itemId: notice, kind: 'do', step: '承办', assigneePersonId: clerk.personId },
        { personId: registrar.personId, postId: registrar.postId },
        t.clock.now(),
      ),
    );
    const added = await c.post(`/api/v1/items/${notice}/files`, { fileId: mine.body.id, role: '附件' });
    expect(added.status).toBe(201);
    const again = await r.post(`/api/v1/items/${notice}/files`, { fileId: mine.body.id, role: '附件' });
    expect(again.status).toBe(409);
    const bad = await r.post(`/api/v1/items/${notice}/files`, { fileId: mine.body.id, role: '封面' });
    expect(bad.status).toBe(400);
  });

  it('a removed file is marked with who and when, and stays on record', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const one = await upload(r, '附件1：值班表.xlsx', zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }));
    const two = await upload(r, '附件2：联系人名单.txt', strToU8('联系人：王明 0791-12345678\n'));
    const a1 = await r.post(`/api/v1/items/${internal}/files`, { fileId: one.body.id, role: '附件' });
    const a2 = await r.post(`/api/v1/items/${internal}/files`, { fileId: two.body.id, role: '附件' });
    expect([a1.body.ordinal, a2.body.ordinal]).toEqual([1, 2]);
    const del = await r.delete(`/api/v1/items/${internal}/files/${a1.body.id}`);
    expect(del.status).toBe(204);
    expect((await r.delete(`/api/v1/items/${internal}/files/${a1.body.id}`)).status).toBe(404);
    const now = await r.get(`/api/v1/items/${internal}/files`);
    expect(now.body.items.map((f: { id: string }) => f.id)).toEqual([a2.body.id]);
    const all = await r.get(`/api/v1/items/${internal}/files?includeRemoved=true`);
    const removed = all.body.items.find((f: { id: string }) => f.id === a1.body.id);
    expect(removed).toMatchObject({
      removedBy: { id: registrar.personId, name: '陈静' },
      removedAt: t.clock.now().toISOString(),
    });
    const [row] = await t.database.db.select().from(itemFile).where(eq(itemFile.id, a1.body.id));
    expect(row!.removedAt).not.toBeNull();
    // Its record stays readable to those who read the item.
    expect((await r.getBytes(`/api/v1/files/${one.body.id}/content`)).status).toBe(200);
  });

  it('a file classified above its item cannot be put on it', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const up = await upload(r, '内部情况通报.pdf', pdf('内部情况'), 'application/pdf', '?classification=内部');
    expect(up.body.classification).toBe('内部');
    const res = await r.post(`/api/v1/items/${notice}/files`, { fileId: up.body.id, role: '附件' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/文件密级“内部”高于事项密级“公开”/);
    const above = await upload(r, '绝密.pdf', pdf('x'), 'application/pdf', '?classification=秘密');
    expect(above.status).toBe(403);
    expect(above.body.error.code).toBe('CLASSIFICATION_ABOVE_CEILING');
  });

  it('uploads, additions, removals and reads of classified files are in the event log', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const up = await upload(r, '常委会议题.docx', docx('议题一：研究冬季森林防火工作'), DOCX);
    const att = await r.post(`/api/v1/items/${internal}/files`, { fileId: up.body.id, role: '正文' });
    expect((await r.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    expect(
      (await t.app.inject({ method: 'HEAD', url: `/api/v1/files/${up.body.id}/content`, headers: { cookie: r.cookie } }))
        .statusCode,
    ).toBe(200);
    await r.delete(`/api/v1/items/${internal}/files/${att.body.id}`);
    const events = await t.database.db.select().from(event);
    const of = (action: string, target: string) => events.filter((e) => e.action === action && e.targetId === target);
    expect(of('file.upload', up.body.id)).toHaveLength(1);
    expect(of('file.upload', up.body.id)[0]).toMatchObject({ actorPersonId: registrar.personId, actorPostId: registrar.postId });
    expect(of('item.file.attach', internal).map((e) => (e.summary as { fileId: string }).fileId)).toContain(up.body.id);
    expect(of('item.file.remove', internal).map((e) => (e.summary as { attachmentId: string }).attachmentId)).toContain(
      att.body.id,
    );
    // GET is a read of a 内部 item's file; HEAD shows no content and is not.
    expect(of('file.read', up.body.id)).toHaveLength(1);
    expect(of('file.read', up.body.id)[0]!.summary).toMatchObject({ itemId: internal, sm3: up.body.sm3 });
  });

  it('verify rehashes every blob and names the altered and the missing ones', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const store = new LocalBlobStore(dir, testDataKeys());
    expect(await verifyFiles(t.database.db, store)).toMatchObject({ ok: true, problems: [] });
    const good = await upload(r, '督查通报.pdf', pdf('督查通报第12期'));
    const victim = await upload(r, '值班日志.txt', strToU8('2026年11月23日 值班员：刘洋 情况正常\n'));
    const lost = await upload(r, '交接记录.txt', strToU8('交接记录：无\n'));
    writeFileSync(store.pathOf(victim.body.sm3), '2026年11月23日 值班员：刘洋 情况异常\n');
    rmSync(store.pathOf(lost.body.sm3));
    const report = await verifyFiles(t.database.db, store);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(new Set((await t.database.db.select().from(file)).map((f) => f.sm3)).size);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sm3: victim.body.sm3, problem: 'altered', fileIds: [victim.body.id] }),
        expect.objectContaining({ sm3: lost.body.sm3, problem: 'missing', fileIds: [lost.body.id] }),
      ]),
    );
    expect(report.problems).toHaveLength(2);
    expect((await verifyFiles(t.database.db, store, { fileIds: [good.body.id] })).ok).toBe(true);
    const missing = await r.getBytes(`/api/v1/files/${lost.body.id}/content`);
    expect(missing.status).toBe(500);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
    expect(missing.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(missing.text).error.message).toMatch(/缺失/);
  });
});

describe('upload limits and fixity on read', () => {
  let t: TestApp;
  let dir = '';
  const LIMIT = 64 * 1024;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-files-limit-'));
    t = await startTestApp('pglite', {
      ZHONGSHU_FILES_DIR: dir,
      ZHONGSHU_FILES_MAX_BYTES: String(LIMIT),
      ZHONGSHU_FILES_VERIFY_ON_READ: '1',
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an upload declared larger than the limit is refused with 413 before it is read', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const res = await upload(r, '年度工作总结.pdf', new Uint8Array(LIMIT + 1).fill(0x20));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('文件超过大小上限（64 KB），未保存');
    expect(staging(dir)).toEqual([]);
  });

  it('an upload of unknown length that runs past the limit is cut off with 413, leaving no staging file', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const chunks = [Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20))];
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: {
        cookie: r.cookie,
        'x-csrf-token': r.csrf,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent('年度工作总结.pdf'),
      },
      payload: Readable.from(chunks),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/超过大小上限/);
    expect(res.headers.connection).toBe('close');
    expect(staging(dir)).toEqual([]);
    expect(blobsIn(dir)).toEqual([]);
    expect(await t.database.db.select().from(file)).toEqual([]);
    expect((await t.database.db.select().from(event).where(eq(event.action, 'file.upload'))).length).toBe(0);
  });

  it('a download whose blob was altered is cut short instead of completing with wrong bytes', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const text = strToU8(`${'各单位：请于11月30日前报送年度总结。\n'.repeat(2000)}`);
    const up = await upload(r, '通知.txt', text.subarray(0, 60 * 1024));
    expect(up.status).toBe(201);
    const ok = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(ok.bytes.length).toBe(60 * 1024);
    const path = new LocalBlobStore(dir, testDataKeys()).pathOf(up.body.sm3);
    const altered = Buffer.from(text.subarray(0, 60 * 1024));
    altered.writeUInt8(altered[100]! ^ 1, 100);
    writeFileSync(path, altered);
    // One chunk, withheld until checked: nothing was sent yet, so the answer is a clear error.
    const bad = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text).error.message).toMatch(/未通过 SM3 校验/);
  });

  it('a longer download that fails the check ends before its last chunk', async () => {
    const chunks = [Buffer.alloc(1000, 0x31), Buffer.alloc(1000, 0x32), Buffer.alloc(1000, 0x33)];
    const recorded = createHash('sm3')
      .update(Buffer.concat([chunks[0]!, chunks[1]!, Buffer.alloc(1000, 0x34)]))
      .digest('hex');
    const received: Buffer[] = [];
    const out = Readable.from(chunks).pipe(new VerifyingStream(recorded, 3000));
    out.on('data', (c: Buffer) => received.push(c));
    const failure = await new Promise((resolve) => out.on('error', resolve).on('end', () => resolve(null)));
    expect(failure).toBeInstanceOf(Error);
    expect(Buffer.concat(received).length).toBe(2000);
    const good = Readable.from(chunks).pipe(
      new VerifyingStream(createHash('sm3').update(Buffer.concat(chunks)).digest('hex'), 3000),
    );
    let n = 0;
    for await (const c of good) n += (c as Buffer).length;
    expect(n).toBe(3000);
  });
});

describe('files at rest: sealed with SM4 under the data key (issue 13 #18)', () => {
  let t: TestApp;
  let dir = '';
  // The deployment's current key B, and A, the key before the last rotation, kept for reading.
  const A = 'a'.repeat(64);
  const B = 'b'.repeat(64);
  const ringBA = dataKeyring(Buffer.from(B), [Buffer.from(A)]);
  const keyA = dataKeyring(Buffer.from(A)).current.id;
  const keyB = ringBA.current.id;
  const NOTICE = '关于做好2026年冬季森林防火工作的紧急通知：各县（市、区）人民政府，市政府各部门……';
  const text = (extra = '') => strToU8(`${NOTICE}${extra}\n`);
  const store = () => new LocalBlobStore(dir, ringBA);
  const encrypt = (s: LocalBlobStore) =>
    encryptStoredFiles(t.database.db, s, join(dir, 'tmp'), { personId: null, postId: null, requestId: 'cli' }, t.clock.now());
  const onDisk = (sm3: string) => readFileSync(store().pathOf(sm3));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-files-sealed-'));
    t = await startTestApp('pglite', { ZHONGSHU_FILES_DIR: dir, ZHONGSHU_DATA_KEY: B, ZHONGSHU_DATA_OLD_KEYS: A });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the bytes on disk are not the document, and say which key sealed them; a download gives the document back', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const bytes = text('（一）');
    const up = await upload(r, '森林防火紧急通知.txt', bytes);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ sm3: sm3(bytes), size: bytes.length });
    const stored = onDisk(up.body.sm3);
    expect(stored.includes(Buffer.from('森林防火'))).toBe(false);
    expect(stored.includes(Buffer.from(bytes.subarray(0, 16)))).toBe(false);
    expect(stored.length).toBe(sealedSize(bytes.length));
    expect(parseHeader(stored.subarray(0, HEADER_BYTES))).toMatchObject({ purpose: 'file', keyId: keyB });
    const down = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(down.status).toBe(200);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(down.headers['x-content-sm3']).toBe(sm3(bytes));
    expect(staging(dir)).toEqual([]);
  });

  it('a stored file altered on disk is refused with a clear error, never served, and verify names it', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const up = await upload(r, '值班安排.txt', text('（二）值班安排'));
    const path = store().pathOf(up.body.sm3);
    const sealed = readFileSync(path);
    sealed[HEADER_BYTES + 10] = sealed[HEADER_BYTES + 10]! ^ 0x01;
    writeFileSync(path, sealed);
    const bad = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(bad.status).toBe(500);
    expect(bad.headers['content-type']).toMatch(/application\/json/);
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(bad.text).error.message).toMatch(/未通过完整性校验.*未提供下载/);
    expect(bad.text).not.toContain('值班安排');
    const report = await verifyFiles(t.database.db, store(), { fileIds: [up.body.id] });
    expect(report.problems).toEqual([
      expect.objectContaining({ sm3: up.body.sm3, problem: 'altered', detail: expect.stringMatching(/HMAC-SM3/) }),
    ]);
  });

  it('a file stored in plain before encryption still reads; files encrypt seals it in place, and a second run changes nothing', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const bytes = text('（三）旧文件');
    const up = await upload(r, '旧文件.txt', bytes);
    const damaged = await upload(r, '损坏的旧文件.txt', text('（四）'));
    // As the store held them before this version: the plaintext itself, one of them since damaged.
    writeFileSync(store().pathOf(up.body.sm3), bytes);
    writeFileSync(store().pathOf(damaged.body.sm3), text('（四）被改'));
    const down = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect((await verifyFiles(t.database.db, store(), { fileIds: [up.body.id] })).keys).toEqual({ plain: 1 });

    const first = await encrypt(store());
    expect(first).toMatchObject({ keyId: keyB, encrypted: 1, rekeyed: 0 });
    // The damaged one is reported and left as it was, not sealed as if it were good.
    expect(first.problems).toEqual([expect.objectContaining({ sm3: damaged.body.sm3, problem: 'altered' })]);
    expect(onDisk(damaged.body.sm3).toString()).toContain('被改');
    expect(onDisk(up.body.sm3).includes(Buffer.from('旧文件'))).toBe(false);
    expect(parseHeader(onDisk(up.body.sm3).subarray(0, HEADER_BYTES))?.keyId).toBe(keyB);
    const again = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);

    const second = await encrypt(store());
    expect(second).toMatchObject({ encrypted: 0, rekeyed: 0, current: second.checked - 1 });
    const runs = await t.database.db.select().from(event).where(eq(event.action, 'files.encrypt'));
    expect(runs.map((e) => e.summary)).toEqual([
      expect.objectContaining({ encrypted: 1, problems: 1 }),
      expect.objectContaining({ encrypted: 0, problems: 1 }),
    ]);
  });

  it('after a rotation files under the old key still read, files encrypt moves them to the new key, then the old key can go', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const bytes = text('（五）轮换前上传');
    const up = await upload(r, '轮换前上传.txt', bytes);
    // Everything as it was before the rotation: sealed under A, then the current key.
    const before = await encrypt(new LocalBlobStore(dir, dataKeyring(Buffer.from(A), [Buffer.from(B)])));
    expect(before.rekeyed).toBeGreaterThan(0);
    expect(parseHeader(onDisk(up.body.sm3).subarray(0, HEADER_BYTES))?.keyId).toBe(keyA);

    const down = await r.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(await verifyFiles(t.database.db, store(), { fileIds: [up.body.id] })).toMatchObject({ ok: true, keys: { [keyA]: 1 } });

    const rotated = await encrypt(store());
    expect(rotated).toMatchObject({ keyId: keyB, rekeyed: before.rekeyed, encrypted: 0 });
    expect(parseHeader(onDisk(up.body.sm3).subarray(0, HEADER_BYTES))?.keyId).toBe(keyB);
    const newOnly = new LocalBlobStore(dir, dataKeyring(Buffer.from(B)));
    expect(await verifyFiles(t.database.db, newOnly, { fileIds: [up.body.id] })).toMatchObject({ ok: true, keys: { [keyB]: 1 } });
    // Whoever holds only the old key can no longer read them.
    const oldOnly = await verifyFiles(t.database.db, new LocalBlobStore(dir, dataKeyring(Buffer.from(A))), {
      fileIds: [up.body.id],
    });
    expect(oldOnly.problems).toEqual([
      expect.objectContaining({ problem: 'unknown-key', detail: expect.stringContaining(keyB) }),
    ]);
  });
});

describe('a large upload', () => {
  let t: TestApp;
  let dir = '';
  const MiB = 1024 * 1024;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-files-large-'));
    t = await startTestApp('pglite', { ZHONGSHU_FILES_DIR: dir });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('of 50 MiB reaches the disk while it is still being sent, and the server’s memory does not grow by its size', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const { port } = t.app.server.address() as AddressInfo;
    const TOTAL = 50 * MiB;
    const first = Buffer.alloc(MiB, 0x20);
    first.write('%PDF-1.7\n');
    const rest = Buffer.alloc(MiB, 0x41);
    const hash = createHash('sm3');
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/files',
      headers: {
        cookie: r.cookie,
        'x-csrf-token': r.csrf,
        'content-type': 'application/pdf',
        'content-length': TOTAL,
        'x-file-name': encodeURIComponent('2026年度全市档案数字化成果汇编.pdf'),
      },
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
    const send = async (buf: Buffer) => {
      hash.update(buf);
      if (!req.write(buf)) await once(req, 'drain');
    };
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      await send(first);
      for (let i = 1; i < 20; i++) await send(rest);
      // The first 20 MiB are sent and the request is not complete: a server that buffered the body would
      // not have written anything yet.
      const staged = async () => staging(dir).reduce((n, f) => n + statSync(join(dir, 'tmp', f)).size, 0);
      const deadline = Date.now() + 10_000;
      while ((await staged()) < 16 * MiB && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
      expect(await staged()).toBeGreaterThanOrEqual(16 * MiB);
      for (let i = 20; i < 50; i++) await send(rest);
      req.end();
      const res = await answered;
      const parts: Buffer[] = [];
      for await (const c of res) parts.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      expect(res.statusCode).toBe(201);
      expect(body).toMatchObject({ size: TOTAL, sm3: hash.digest('hex') });
    } finally {
      clearInterval(sampler);
    }
    // Streaming measures ~15 MiB here (sockets, chunks awaiting GC); buffering the body would add 50 or more.
    expect(peak - base, `RSS grew ${((peak - base) / MiB).toFixed(1)} MiB`).toBeLessThan(32 * MiB);
    expect(staging(dir)).toEqual([]);
  });
});

describe('the type allow-list', () => {
  const samples: Record<Signature, Uint8Array> = {
    pdf: strToU8('%PDF-1.4\n'),
    zip: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]),
    ole: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
    jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
    png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
    tiff: new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0]),
    rar: new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]),
    '7z': new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]),
    text: strToU8('关于报送年度工作总结的通知\r\n各单位：\t请按时报送。\n'),
  };

  it.each(FILE_TYPES.map((t) => [t.ext, t] as const))('.%s accepts its own signatures and no other', (_ext, type) => {
    expect(typeOfName(`附件.${type.ext.toUpperCase()}`)).toBe(type);
    for (const [sig, head] of Object.entries(samples) as [Signature, Uint8Array][]) {
      expect(matchesSignature(type, head), `${type.ext} vs ${sig}`).toBe(type.signatures.includes(sig));
    }
  });

  it('the web is told the types and the limit', async () => {
    const t = await startTestApp('pglite', { ZHONGSHU_FILES_MAX_BYTES: String(50 * 1024 * 1024) });
    try {
      const c = await signedIn(t, DEMO_CLERK_USERNAME);
      const res = await c.get('/api/v1/files/limits');
      expect(res.body.maxBytes).toBe(50 * 1024 * 1024);
      expect(res.body.types.map((x: { ext: string }) => x.ext)).toEqual(FILE_TYPES.map((x) => x.ext));
    } finally {
      await t.close();
    }
  });
});

describe('file names', () => {
  it.each([
    ['关于印发《江州市防汛应急预案》的通知.docx', '关于印发《江州市防汛应急预案》的通知.docx'],
    ['C:\\Users\\文书\\Desktop\\收文登记簿.xlsx', '收文登记簿.xlsx'],
    ['/etc/passwd', 'passwd'],
    ['..', '未命名'],
    ['.bashrc', 'bashrc'],
    ['CON.txt', '_CON.txt'],
    ['报告  . . ', '报告'],
    ['请示\r\n\t.pdf', '请示.pdf'],
    ['a|b<c>d"e.txt', 'a_b_c_d_e.txt'],
  ])('%j is stored as %j', (raw, want) => {
    expect(sanitizeFileName(raw)).toBe(want);
  });

  it('a long Chinese name is cut by bytes, whole characters only, keeping the extension', () => {
    const name = sanitizeFileName(`${'关于进一步加强和改进新形势下督查工作的实施意见'.repeat(10)}.docx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(240);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name).not.toContain('\ufffd');
    expect(name.startsWith('关于进一步加强')).toBe(true);
  });

  it('Content-Disposition carries the UTF-8 name per RFC 5987 and an ASCII fallback', () => {
    expect(contentDisposition('会议纪要(第3期).pdf', 'inline')).toBe(
      `inline; filename="file.pdf"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81%28%E7%AC%AC3%E6%9C%9F%29.pdf`,
    );
    expect(contentDisposition('report "final".pdf')).toBe(
      `attachment; filename="report _final_.pdf"; filename*=UTF-8''report%20%22final%22.pdf`,
    );
  });
});
