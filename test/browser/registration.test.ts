/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { count } from 'drizzle-orm';
import {
  BROWSER_TEST,
  browserRequired,
  hasHorizontalScroll,
  haveChromium,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { incomingDocument } from '../../src/server/modules/incoming/schema';

const LONG_TITLE = `关于${'进一步加强和改进'.repeat(43)}工作的通知`;

describe.skipIf(!haveChromium && !browserRequired)(
  '收文 registration in chromium: Enter, 更正登记, 作废, 复函, long titles',
  BROWSER_TEST,
  () => {
    let rig: BrowserRig;
    let itemId = '';
    const registered = async () => Number((await rig.t.database.db.select({ n: count() }).from(incomingDocument))[0]!.n);

    beforeAll(async () => {
      rig = await startRig();
    });
    afterAll(() => rig?.close());

    /** The registrar, signed in, on a page of her own at the given width. */
    async function asRegistrar(width: number, steps: (page: Page) => Promise<void>) {
      const { page, context, errors } = await openPage(rig, width, 900);
      await signInAs(page, 'chenjing');
      await page.getByRole('heading').first().waitFor();
      try {
        await steps(page);
      } catch (e) {
        await screenshot(page, `registration-failed-${width}-${Date.now()}`);
        throw e;
      }
      expect(errors).toEqual([]);
      await context.close();
    }

    it('Enter in a field of 签收登记 (a date, the sender, the copies) never sends the form; the button does, once', async () => {
      await asRegistrar(1280, async (page) => {
        const before = await registered();
        await page.goto('/incoming/new');
        await page.fill('#incoming_title', '关于报送2026年度重点工作完成情况的通知');
        await page.fill('#incoming_senderName', '江州市人民政府办公室');
        await page.press('#incoming_senderName', 'Enter');
        await page.click('#incoming_writtenDate');
        await page.keyboard.type('2026-11-18');
        await page.keyboard.press('Enter');
        await page.press('#incoming_copies', 'Enter');
        await page.fill('#incoming_docNo', '江政办发〔2026〕71号');
        await page.press('#incoming_docNo', 'Enter');
        // Still the form, with what was typed, and nothing registered.
        expect(new URL(page.url()).pathname).toBe('/incoming/new');
        expect(await page.inputValue('#incoming_writtenDate')).toBe('2026-11-18');
        expect(await registered()).toBe(before);
        await page.getByRole('button', { name: '签收登记' }).click();
        await page.getByTestId('item-state').filter({ hasText: '初审' }).waitFor();
        itemId = new URL(page.url()).pathname.split('/').at(-1)!;
        expect(await registered()).toBe(before + 1);
      });
    });

    it('a pasted over-long title is kept whole and flagged, in 签收登记 and in a new 发文, not cut', async () => {
      await asRegistrar(1280, async (page) => {
        await page.goto('/incoming/new');
        await page.locator('#incoming_title').focus();
        await page.keyboard.insertText(LONG_TITLE);
        expect((await page.inputValue('#incoming_title')).length).toBe(LONG_TITLE.length);
        await page.getByText(`标题有 ${LONG_TITLE.length} 字，超过 300 字的上限，请删减`).waitFor();

        await page.goto('/outgoing/new');
        await page.locator('#od-title').focus();
        await page.keyboard.insertText(LONG_TITLE);
        expect((await page.inputValue('#od-title')).length).toBe(LONG_TITLE.length);
        await page.getByText(`标题有 ${LONG_TITLE.length} 字，超过 300 字的上限，请删减`).waitFor();
        await screenshot(page, 'outgoing-title-too-long');
      });
    });

    it('the registrar corrects the registration, and the page shows what changed (desktop)', async () => {
      await asRegistrar(1280, async (page) => {
        await page.goto(`/incoming/${itemId}`);
        await page.getByTestId('correct-registration').click();
        const title = page.locator('#correction_title');
        await title.waitFor();
        expect(await title.inputValue()).toBe('关于报送2026年度重点工作完成情况的通知');
        await title.fill('关于报送2026年度市级重点工作完成情况的通知');
        await page.fill('#correction_copies', '3');
        // Enter in a field of the correction does not save it either.
        await page.press('#correction_copies', 'Enter');
        await page.fill('#correction_reason', '标题漏登“市级”，份数有误');
        await screenshot(page, 'incoming-correct-desktop');
        await page.getByRole('button', { name: '保存更正' }).click();
        const changes = page.getByTestId('correction-change');
        await changes.first().waitFor();
        expect(await changes.allInnerTexts()).toEqual([
          '标题：关于报送2026年度重点工作完成情况的通知 → 关于报送2026年度市级重点工作完成情况的通知',
          '份数：1 → 3',
        ]);
        await page.getByTestId('incoming-title').filter({ hasText: '市级重点工作' }).waitFor();
        await page.getByText('说明：标题漏登“市级”，份数有误').waitFor();
        await screenshot(page, 'incoming-corrected-desktop');
      });
    });

    it('on a phone the registrar finds 更正登记, 作废 and 拟复函 without scrolling sideways', async () => {
      await asRegistrar(375, async (page) => {
        await page.goto(`/incoming/${itemId}`);
        await page.getByTestId('corrections').waitFor();
        for (const id of ['correct-registration', 'void-number', 'start-reply']) await page.getByTestId(id).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'incoming-registration-phone');
        await page.getByTestId('correct-registration').click();
        await page.locator('#correction_title').waitFor();
        await settled(page);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'incoming-correct-phone');
        await page
          .getByRole('button', { name: '取 消' })
          .or(page.getByRole('button', { name: '取消' }))
          .first()
          .click();
      });
    });

    it('拟复函 opens a 函 to the sender, titled after the 来文; the two pages show each other', async () => {
      await asRegistrar(1280, async (page) => {
        await page.goto(`/incoming/${itemId}`);
        await page.getByTestId('start-reply').click();
        await page.getByTestId('reply-source').waitFor();
        expect(await page.inputValue('#od-title')).toBe('关于报送2026年度市级重点工作完成情况的复函');
        await page.getByTestId('draft-editor').getByText('江州市人民政府办公室').first().waitFor();
        await screenshot(page, 'outgoing-reply-new');
        await page.getByTestId('create-outgoing').click();
        await page.waitForURL((u) => /^\/outgoing\/[0-9a-f-]{36}$/.test(u.pathname));
        await page.getByTestId('item-links').getByText('所复来文：').waitFor();
        await page
          .getByTestId('item-links')
          .getByRole('link', { name: /关于报送2026年度市级重点工作完成情况的通知/ })
          .click();
        await page.getByTestId('item-links').getByText('复函：').waitFor();
        await page
          .getByTestId('item-links')
          .getByRole('link', { name: /关于报送2026年度市级重点工作完成情况的复函/ })
          .waitFor();
      });
    });

    it('the registrar voids the 收文号 with a reason; the page and the register show it (phone)', async () => {
      await asRegistrar(375, async (page) => {
        await page.goto(`/incoming/${itemId}`);
        await page.getByTestId('void-number').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: /作\s?废/ }).click();
        await dialog.getByText('请写明作废原因').waitFor();
        await dialog.locator('#void_reason').fill('该件系市政府办公室误发，已电话联系对方收回');
        await dialog.getByRole('button', { name: /作\s?废/ }).click();
        await page.getByTestId('voided').filter({ hasText: '该件系市政府办公室误发' }).waitFor();
        await page.getByTestId('item-state').filter({ hasText: '已作废' }).waitFor();
        expect(await page.getByTestId('void-number').count()).toBe(0);
        expect(await page.getByTestId('correct-registration').count()).toBe(0);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'incoming-voided-phone');
        await page.goto('/incoming');
        await page.getByTestId('void-reason').filter({ hasText: '作废原因：该件系市政府办公室误发' }).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'incoming-register-voided-phone');
      });
      await asRegistrar(1280, async (page) => {
        await page.goto('/incoming');
        await page.getByTestId('void-reason').filter({ hasText: '作废原因：该件系市政府办公室误发' }).waitFor();
        await screenshot(page, 'incoming-register-voided-desktop');
      });
    });
  },
);
