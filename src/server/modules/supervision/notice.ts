import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { recordEvent } from '../../platform/audit/service';
import type { Authorized, ItemView } from '../../platform/items/service';
import { conversions } from '../../platform/pdf/cache';
import { fontsForPdf, STANDARD_FONTS, type DocxFontRole, type DocxFonts } from '../../platform/pdf/docx-fonts';
import { convertToPdf, type OfficeOptions } from '../../platform/pdf/office';
import { unit } from '../../org/schema';
import { isStateSecret } from '../../../contract/common';
import type { z } from 'zod';
import type { ReportCadence, supervisionSchema } from '../../../contract/supervision';
import { para, ruledTable, run, twips, zipDocument, type Cell, type RunStyle } from '../../platform/pdf/docx';
import { getSupervision } from './service';

// 督办通知单 (issue 16 item 2): one slip per item (一事一单), sent to the lead unit with the 督办编号, what is to be done,
// by whom, by when and how often to report. Laid out on the GB/T 9704 page (A4, 版心 156 × 225 mm) in its faces: the
// title in 小标宋 2号 without a red header (a form, not a 公文), 密级 at the top left, the office and date at the end.

/** 报告要求 as the slip words it: 一次性报告, 每周五报告, 每月25日前报告, 每季度末月20日前报告, 每5个工作日报告. */
export function cadenceWords(c: ReportCadence): string {
  switch (c.kind) {
    case 'once':
      return '一次性报告';
    case 'weekly':
      return `每周${'一二三四五六日'[c.weekday - 1]}报告`;
    case 'monthly':
      return `每月${c.day}日前报告`;
    case 'quarterly':
      return `每季度末月${c.day}日前报告`;
    case 'everyWorkdays':
      return `每${c.workdays}个工作日报告`;
  }
}

/** Dates in Arabic numerals, month and day not padded (GB/T 9704 §7.3.5.4): 2026年9月28日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export type NoticeSlip = Pick<
  z.output<typeof supervisionSchema>,
  | 'registryNo'
  | 'title'
  | 'sourceName'
  | 'sourceText'
  | 'requirement'
  | 'leadUnit'
  | 'assistingUnits'
  | 'leader'
  | 'classification'
  | 'cadence'
  | 'openedOn'
  | 'dueDate'
> & { office: string };

export const NOTE = '请于办理时限前报送办结报告；如需延期，请在期限届满前提出申请。';

/** The slip of an item the reader may read, its export audited as 发文's are. */
export async function noticeForOutput(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  format: 'docx' | 'pdf',
): Promise<NoticeSlip> {
  const s = await getSupervision(tx, ctx, base);
  const [office] = await tx.select({ name: unit.name }).from(unit).where(eq(unit.id, base.owningUnitId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'supervision.notice.export',
    targetType: 'item',
    targetId: base.id,
    unitId: base.owningUnitId,
    summary: { registryNo: s.registryNo, format },
  });
  return { ...s, office: office?.name ?? '' };
}

const PAGE = {
  width: twips(210),
  height: twips(297),
  // 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
  margin: { top: twips(37), bottom: twips(297 - 37 - 225), left: twips(28), right: twips(210 - 28 - 156) },
};
const TYPE_WIDTH = twips(156);
/** 字号 in half-points. */
const SIZE = { er: 44, san: 32, si: 28 } as const;
/** One 字 of 3号, twips. */
const SAN = SIZE.san * 10;

/** Width in 字; digits, Latin letters and ASCII punctuation count half. */
const widthInChars = (text: string) => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! < 0x2e80 ? 0.5 : 1), 0);

interface NoticeFonts {
  fonts?: Partial<DocxFonts>;
  /** Faces whose stand-in is lighter than the face it replaces (小标宋 by Noto Serif), set in bold. */
  embolden?: readonly DocxFontRole[];
}

function faces(opts: NoticeFonts) {
  const embolden = new Set(opts.embolden ?? []);
  return (role: DocxFontRole, size: number): RunStyle => ({
    font: opts.fonts?.[role] || STANDARD_FONTS[role],
    size,
    ...(embolden.has(role) ? { bold: true } : {}),
  });
}

/** One line below the text, the office centred over the date, the date 4 字 from the right (GB/T 9704 §7.3.5.2, unsealed). */
function signature(office: string, date: string, face: RunStyle) {
  const [wo, wd] = [widthInChars(office), widthInChars(date)];
  const dateRight = wo > wd ? 2 * SAN + ((wo - wd) / 2) * SAN : 4 * SAN;
  const officeRight = wo > wd ? 2 * SAN : 4 * SAN + ((wd - wo) / 2) * SAN;
  return [
    para(run(office, face), { align: 'right', right: Math.round(officeRight), before: 580, line: 580, keepNext: true }),
    para(run(date, face), { align: 'right', right: Math.round(dateRight), line: 580 }),
  ];
}

/** The slip as a .docx: the standard's faces unless `fonts` names others (the stand-ins of this server, for a PDF). */
export function renderNotice(slip: NoticeSlip, opts: NoticeFonts = {}): Uint8Array {
  const face = faces(opts);
  const label = face('heiti', SIZE.si);
  const value = face('fangsong', SIZE.si);
  const line = 460;
  const labelCell = (text: string): Cell => ({ paras: [para(run(text, label), { align: 'distribute', line })] });
  const textCell = (text: string, indent = false): Cell => ({
    vAlign: indent ? 'top' : 'center',
    paras: text
      .split(/\n+/u)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => para(run(p, value), { align: 'both', line, firstLine: indent ? 2 * SIZE.si * 10 : undefined })),
  });
  const row = (name: string, text: string, minHeight = twips(11), indent = false) => ({
    cells: [labelCell(name), textCell(text || '无', indent)],
    minHeight,
    cantSplit: !indent,
  });
  const source = slip.sourceText ? `${slip.sourceName}（${slip.sourceText}）` : slip.sourceName;
  const labelWidth = twips(30);
  const table = ruledTable({
    widths: [labelWidth, TYPE_WIDTH - labelWidth],
    outer: 12,
    inner: 6,
    padding: { x: twips(2.5), y: twips(1.5) },
    rows: [
      row('督办事项', slip.title),
      row('来源', source),
      row('督办要求', slip.requirement, twips(36), true),
      row('主办单位', slip.leadUnit.name),
      row('协办单位', slip.assistingUnits.map((u) => u.name).join('、')),
      row('责任领导', slip.leader?.name ?? ''),
      row('办理时限', chineseDate(slip.dueDate)),
      row('报告要求', cadenceWords(slip.cadence)),
    ],
  });
  const title = face('xiaobiaosong', SIZE.er);
  const body = [
    // 密级 at the top left in 黑体 3号 (GB/T 9704 §7.2.2), only for 国家秘密.
    isStateSecret(slip.classification) ? para(run(slip.classification, face('heiti', SIZE.san)), { line: 580 }) : '',
    // The title set wide, as forms are; the last character takes no space after it, so the title stays centred.
    para([run('督办通知', { ...title, spacing: SIZE.er * 10 }), run('单', title)], {
      align: 'center',
      before: isStateSecret(slip.classification) ? 290 : 0,
      after: 290,
      line: 880,
    }),
    para(run(slip.registryNo, face('fangsong', SIZE.san)), { align: 'right', line: 580, after: 160 }),
    table,
    // The note goes with the signature: neither is left alone on a page of its own.
    para(run(NOTE, value), { before: 160, line, keepNext: true }),
    ...signature(slip.office, chineseDate(slip.openedOn), face('fangsong', SIZE.san)),
  ].join('');
  return zipDocument({
    body,
    page: PAGE,
    font: value.font,
    size: SIZE.san,
    title: `${slip.registryNo} 督办通知单`,
  });
}

/** The PDF: the slip in this server's fonts, converted once per distinct .docx (same slip, same bytes). */
export function noticePdf(
  slip: NoticeSlip,
  config: { docFonts: Partial<DocxFonts>; office: OfficeOptions },
): Promise<Uint8Array> {
  const docx = renderNotice(slip, fontsForPdf(config.docFonts));
  const key = `docx:${createHash('sha256').update(docx).digest('hex')}`;
  return conversions.get(key, () => convertToPdf(docx, config.office));
}
