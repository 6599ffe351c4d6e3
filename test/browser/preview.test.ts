/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { makeDocx, para } from '../../src/server/modules/incoming/import/fixtures/docx';
import { buildOfd, notice as ofdNotice } from '../../src/server/platform/ofd/fixtures';
import { officeAvailable } from '../../src/server/platform/pdf/office';
import { rasterAvailable } from '../../src/server/platform/pdf/raster';
import { signedIn, type Client } from '../support/app';
import {
  BROWSER_TEST,
  SCREENSHOTS,
  browserRequired,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

// A leader on a phone reads the document put before them — its 正文 (.docx) and 附件 (PDF) — in the page.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ready = (haveChromium && officeAvailable() && rasterAvailable()) || browserRequired;

async function pdfOf(lines: string[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  lines.forEach((l, i) => (i ? doc.addPage() : doc).fontSize(28).text(l));
  doc.end();
  await once(doc, 'end');
  return new Uint8Array(Buffer.concat(chunks));
}

describe.skipIf(!ready)('files read in the page', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let itemId = '';

  beforeAll(async () => {
    rig = await startRig();
    const clients = new Map<string, Client>();
    const as = async (u: string) => clients.get(u) ?? (clients.set(u, await signedIn(rig.t, u)), clients.get(u)!);
    const ids = new Map<string, string>();
    const registrar = await as('chenjing');
    const up = async (name: string, bytes: Uint8Array, type: string) => {
      const r = await registrar.request(
        'POST',
        '/api/v1/files',
        undefined,
        { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
        bytes,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const body = await up(
      '江南委办发〔2026〕46号.docx',
      makeDocx([
        para('中共江南省委办公厅文件'),
        para('关于做好2027年元旦春节期间走访慰问困难党员、困难群众工作的通知'),
        para('各市委，省直各单位：为做好走访慰问工作，现就有关事项通知如下。'),
      ]),
      DOCX,
    );
    const annex = await up('走访慰问对象名单.pdf', await pdfOf(['Annex 1', 'Annex 2']), 'application/pdf');
    const ofd = await up(
      '走访慰问工作安排.ofd',
      buildOfd(ofdNotice(['各市委，省直各单位：', '　　现将走访慰问工作安排印发给你们，请认真贯彻执行。'])),
      'application/ofd',
    );
    const reg = await registrar.post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕46号',
      title: '关于做好2027年元旦春节期间走访慰问困难党员、困难群众工作的通知',
      classification: '公开',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委', '省直各单位'],
      attachments: [{ name: '走访慰问对象名单' }],
      files: [
        { fileId: body, role: '正文' },
        { fileId: annex, role: '附件' },
        { fileId: ofd, role: '附件' },
      ],
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    itemId = reg.body.itemId as string;
    const { account } = await import('../../src/server/platform/auth/schema');
    for (const a of await rig.t.database.db.select().from(account)) ids.set(a.username, a.personId);
    // 初审 → 拟办 → the secretary-general's 批办: the document is before the leader.
    const submit = async (who: string, stepKey: string, payload: Record<string, unknown>) => {
      const c = await as(who);
      const d = (await c.get(`/api/v1/incoming/${itemId}`)).body as {
        myTasks: { id: string; version: number; stepKey: string | null }[];
      };
      const task = d.myTasks.find((x) => x.stepKey === stepKey)!;
      const res = await c.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...payload });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await submit('chenjing', 'screen', {
      decision: 'handle',
      opinion: '符合收文要求，请拟办。',
      next: { personIds: [ids.get('sunhaitao')] },
    });
    await submit('sunhaitao', 'propose', { opinion: '建议呈周文斌同志阅示。', next: { personIds: [ids.get('zhouwenbin')] } });
  }, 120_000);
  afterAll(() => rig?.close());

  it('a leader on a phone (375 px) opens the 正文 and the 附件 and reads their pages, nothing off screen', async () => {
    const { page, context, errors } = await openPage(rig, 375, 740);
    await signInAs(page, 'zhouwenbin');
    await page.goto(`/incoming/${itemId}`);
    await page.getByTestId('item-state').waitFor();
    const files = page.getByTestId('item-file');
    await files.first().waitFor();
    await page.getByRole('button', { name: '预览 江南委办发〔2026〕46号.docx' }).click();
    const drawer = page.getByTestId('file-preview');
    // Converted on the server (LibreOffice): give it the time a busy machine needs.
    const first = drawer.getByTestId('file-preview-page').first();
    await first.waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=file-preview-page]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    const box = await first.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await drawer.getByText('共 1 页').count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
    // What the phone shows (a full-page shot would cut the fixed drawer out of the page behind it).
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-docx-375.png') });
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '预览 走访慰问对象名单.pdf' }).click();
    const pages = page.getByTestId('file-preview').getByTestId('file-preview-page');
    await pages.nth(1).waitFor({ timeout: 60_000 });
    expect(await pages.count()).toBe(2);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid=file-preview-page]')).every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-pdf-375.png') });
    await page.getByTestId('file-preview').locator('.ant-drawer-close').first().click();
    await page.getByTestId('file-preview').waitFor({ state: 'hidden' });

    // An OFD 附件, drawn by the server's own OFD renderer, reads the same way.
    await page.getByRole('button', { name: '预览 走访慰问工作安排.ofd' }).click();
    const ofdPage = page.getByTestId('file-preview').getByTestId('file-preview-page');
    await ofdPage.first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid=file-preview-page]')).every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    expect(await ofdPage.count()).toBe(1);
    expect(await page.getByTestId('file-preview').getByText('共 1 页').count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-ofd-375.png') });
    expect(errors).toEqual([]);
    await context.close();

    // At a desktop's width the drawer takes part of the screen, the pages as wide as it (already converted).
    const desk = await openPage(rig, 1280, 900);
    await signInAs(desk.page, 'zhouwenbin');
    await desk.page.goto(`/incoming/${itemId}`);
    await desk.page.getByRole('button', { name: '预览 江南委办发〔2026〕46号.docx' }).click();
    await desk.page.getByTestId('file-preview-page').first().waitFor({ timeout: 30_000 });
    const wide = await desk.page.getByTestId('file-preview-page').first().boundingBox();
    expect(wide!.width).toBeGreaterThan(700);
    expect(await hasHorizontalScroll(desk.page)).toBe(false);
    await desk.page.screenshot({ path: join(SCREENSHOTS, 'preview-docx-1280.png') });
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });
});
