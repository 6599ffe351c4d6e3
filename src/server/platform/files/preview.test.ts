import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { and, eq, ne } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { strToU8, zipSync } from 'fflate';
import { actorOf, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { post } from '../../org/schema';
import { account } from '../auth/schema';
import { event } from '../audit/schema';
import { officeAvailable, officeStats } from '../pdf/office';
import { rasterAvailable } from '../pdf/raster';
import { buildOfd, notice as ofdNotice } from '../ofd/fixtures';

// Reading 正文 and 附件 in the page: the API the preview drawer uses, against the real converters.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A small but real .docx. */
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

/** A real PDF of `n` pages. */
async function pdfOf(n: number): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  for (let i = 0; i < n; i++) {
    if (i) doc.addPage();
    doc.fontSize(24).text(`Page ${i + 1}`);
  }
  doc.end();
  await once(doc, 'end');
  return new Uint8Array(Buffer.concat(chunks));
}

/** A 1 × 1 PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function upload(c: Client, name: string, bytes: Uint8Array, contentType = 'application/octet-stream', classification = '公开') {
  return c.request(
    'POST',
    `/api/v1/files?classification=${encodeURIComponent(classification)}`,
    undefined,
    { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    bytes,
  );
}

const toolsRequired = process.env.REQUIRE_OFFICE === '1';
const haveTools = officeAvailable() && rasterAvailable();
if (!haveTools && !toolsRequired) console.warn('[preview tests skipped] install libreoffice-writer-nogui and poppler-utils');

describe.skipIf(!haveTools && !toolsRequired)('files read in the page (preview)', () => {
  let t: TestApp;
  let dir = '';
  let outsider = '';
  let notice = '';
  let internal = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-preview-'));
    t = await startTestApp('pglite', { ZHONGSHU_FILES_DIR: dir });
    const registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const [b] = await t.database.db
      .select({ username: account.username })
      .from(post)
      .innerJoin(account, eq(account.personId, post.personId))
      .where(and(ne(post.unitId, registrar.unitId!), eq(post.isPrimary, true), eq(post.isLeader, false)))
      .limit(1);
    outsider = b!.username;
    notice = await makeItem(t, registrar, { title: '关于做好2027年元旦春节期间走访慰问工作的通知' });
    internal = await makeItem(t, registrar, { title: '关于市委常委会议题安排的请示', classification: '内部' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function attached(
    name: string,
    bytes: Uint8Array,
    contentType: string,
    item = notice,
    role = '正文',
    classification = '公开',
  ) {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const up = await upload(r, name, bytes, contentType, classification);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect((await r.post(`/api/v1/items/${item}/files`, { fileId: up.body.id, role })).status).toBe(201);
    return up.body.id as string;
  }

  it('a .docx 正文 shows as page images, converted once for every reader of the same content', async () => {
    const bytes = docx('各地要切实关心关爱困难党员、困难群众，确保温暖过冬。');
    const id = await attached('关于做好走访慰问工作的通知.docx', bytes, DOCX);
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const before = officeStats.conversions;
    const preview = await clerk.get(`/api/v1/files/${id}/preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toEqual({ kind: 'pages', pages: 1, reason: null });
    const page = await clerk.getBytes(`/api/v1/files/${id}/preview/1`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('image/png');
    expect(String(page.headers['content-disposition'])).toMatch(/^inline;/u);
    expect([...page.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect((await clerk.getBytes(`/api/v1/files/${id}/preview/2`)).status).toBe(404);
    expect(officeStats.conversions).toBe(before + 1);
    // A second look, by someone else, and the same content attached again as an 附件: no new conversion.
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    expect((await registrar.getBytes(`/api/v1/files/${id}/preview/1`)).status).toBe(200);
    const again = await attached('附件1 走访慰问通知.docx', bytes, DOCX, notice, '附件');
    expect((await clerk.get(`/api/v1/files/${again}/preview`)).body).toEqual({ kind: 'pages', pages: 1, reason: null });
    expect((await clerk.getBytes(`/api/v1/files/${again}/preview/1`)).status).toBe(200);
    expect(officeStats.conversions).toBe(before + 1);
    // The browser keeps a page it has: the same page again answers 304.
    const cached = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${id}/preview/1`,
      headers: { cookie: clerk.cookie, 'if-none-match': String(page.headers.etag) },
    });
    expect(cached.statusCode).toBe(304);
  }, 120_000);

  it('a PDF and an OFD show their pages, an image itself; an OFD that cannot be read says why', async () => {
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const pdf = await attached('走访慰问对象名单.pdf', await pdfOf(3), 'application/pdf', notice, '附件');
    expect((await clerk.get(`/api/v1/files/${pdf}/preview`)).body).toEqual({ kind: 'pages', pages: 3, reason: null });
    expect((await clerk.getBytes(`/api/v1/files/${pdf}/preview/3`)).headers['content-type']).toBe('image/png');
    expect((await clerk.getBytes(`/api/v1/files/${pdf}/preview/4`)).status).toBe(404);
    const image = await attached('慰问现场.png', png, 'image/png', notice, '附件');
    expect((await clerk.get(`/api/v1/files/${image}/preview`)).body).toEqual({ kind: 'image', pages: 1, reason: null });
    const inline = await clerk.getBytes(`/api/v1/files/${image}/content?disposition=inline`);
    expect(inline.headers['content-type']).toBe('image/png');
    expect(String(inline.headers['content-disposition'])).toMatch(/^inline;/u);
    // An OFD 公文 is drawn by our own renderer: its pages, like any PDF's.
    const ofd = await attached(
      '江南委办发〔2026〕46号.ofd',
      buildOfd(ofdNotice(['各县（市、区）委办公室：'])),
      'application/ofd',
      notice,
      '附件',
    );
    expect((await clerk.get(`/api/v1/files/${ofd}/preview`)).body).toEqual({ kind: 'pages', pages: 1, reason: null });
    const page = await clerk.getBytes(`/api/v1/files/${ofd}/preview/1`);
    expect(page.headers['content-type']).toBe('image/png');
    expect([...page.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect((await clerk.getBytes(`/api/v1/files/${ofd}/preview/2`)).status).toBe(404);
    // One it cannot read says why, and to download it.
    const broken = await attached(
      '江南委办发〔2026〕47号.ofd',
      zipSync({ 'OFD.xml': strToU8('<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>') }),
      'application/ofd',
      notice,
      '附件',
    );
    expect((await clerk.get(`/api/v1/files/${broken}/preview`)).body).toEqual({
      kind: 'none',
      pages: null,
      reason: 'OFD 文件缺少文档（DocRoot）。请下载后用 OFD 阅读器打开。',
    });
    expect((await clerk.getBytes(`/api/v1/files/${broken}/preview/1`)).status).toBe(415);
  }, 120_000);

  it('who may not download a file may not preview it either: 404 for the preview and its pages', async () => {
    const id = await attached('会议纪要.pdf', await pdfOf(1), 'application/pdf', notice, '附件');
    const o = await signedIn(t, outsider);
    expect((await o.getBytes(`/api/v1/files/${id}/content`)).status).toBe(404);
    expect((await o.get(`/api/v1/files/${id}/preview`)).status).toBe(404);
    expect((await o.getBytes(`/api/v1/files/${id}/preview/1`)).status).toBe(404);
  }, 60_000);

  it('opening the preview of a classified file is recorded as a read, once, not for each page', async () => {
    const id = await attached('议题安排.pdf', await pdfOf(2), 'application/pdf', internal, '正文', '内部');
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const reads = async () =>
      (
        await t.database.db
          .select()
          .from(event)
          .where(and(eq(event.action, 'file.read'), eq(event.targetId, id)))
      ).length;
    const before = await reads();
    expect((await clerk.get(`/api/v1/files/${id}/preview`)).status).toBe(200);
    expect(await reads()).toBe(before + 1);
    expect((await clerk.getBytes(`/api/v1/files/${id}/preview/1`)).status).toBe(200);
    expect((await clerk.getBytes(`/api/v1/files/${id}/preview/2`)).status).toBe(200);
    expect(await reads()).toBe(before + 1);
  }, 60_000);
});
