import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import type { incomingDetailSchema } from '../../../contract/incoming';
import type { FontFace, FontRole } from '../../platform/pdf/fonts';

type Detail = z.output<typeof incomingDetailSchema>;
type Opinion = Detail['opinions'][number];

/**
 * The sections of the 文件处理单 and the steps whose opinions each holds, in the order of the flow.
 * Opinions of steps not named here go to 其他意见, so none is ever left off the sheet.
 */
const SHEET_SECTIONS: { label: string; steps: (string | null)[]; kinds?: string[]; optional?: boolean }[] = [
  { label: '初审意见', steps: ['screen'], optional: true },
  { label: '拟办意见', steps: ['propose'] },
  { label: '领导批示', steps: ['assign'] },
  { label: '承办情况', steps: ['dispatch', 'handle', 'reply'] },
  { label: '传阅情况', steps: ['circulate'], kinds: ['comment'] },
  { label: '办结情况', steps: ['close'] },
];
const OTHER = '其他意见';

/** Beijing time, whatever the server's zone (China keeps no daylight saving). */
function beijing(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: String(d.getUTCHours()).padStart(2, '0'),
    mm: String(d.getUTCMinutes()).padStart(2, '0'),
  };
}
const longDate = (iso: string) => {
  const b = beijing(iso);
  return `${b.y}年${b.m}月${b.d}日`;
};
const dateTime = (iso: string) => {
  const b = beijing(iso);
  return `${b.y}年${b.m}月${b.d}日 ${b.hh}:${b.mm}`;
};
const isoDay = (day: string) => longDate(`${day}T00:00:00+08:00`);

/** Puts each opinion in its section, keeping the order in which they were written. */
function sectionsOf(opinions: Opinion[]) {
  const out = new Map<string, Opinion[]>([...SHEET_SECTIONS.map((s) => [s.label, []] as [string, Opinion[]]), [OTHER, []]]);
  for (const o of opinions) {
    const s = SHEET_SECTIONS.find((x) => x.steps.includes(o.stepKey) || (o.stepKey === null && x.kinds?.includes(o.kind)));
    out.get(s?.label ?? OTHER)!.push(o);
  }
  // The main sections keep their space for handwritten additions; the others appear only when used.
  for (const label of [...SHEET_SECTIONS.filter((x) => x.optional).map((x) => x.label), OTHER])
    if (out.get(label)!.length === 0) out.delete(label);
  return out;
}

/**
 * 主办 and 协办 of 承办, each unit (or section) with who holds it for them and its time limit:
 * "主办：市发改委（程浩，2026年12月4日前）". Handed-on and moot tasks are left out.
 */
function partiesLine(tasks: Detail['tasks']) {
  const units = tasks.filter((t) => t.stepKey === 'handle' && t.unit && t.state !== 'cancelled');
  return (['lead', 'assisting'] as const)
    .map((role) => {
      const byUnit = new Map<string, { people: string[]; dueDate: string | null }>();
      for (const u of units.filter((x) => x.unitRole === role)) {
        const e = byUnit.get(u.unit!) ?? { people: [], dueDate: u.dueDate };
        if (!e.people.includes(u.assignee)) e.people.push(u.assignee);
        byUnit.set(u.unit!, e);
      }
      const list = [...byUnit].map(
        ([unit, e]) =>
          `${unit}（${[e.people.join('、'), e.dueDate ? `${isoDay(e.dueDate)}前` : ''].filter(Boolean).join('，')}）`,
      );
      return list.length ? `${role === 'lead' ? '主办' : '协办'}：${list.join('、')}` : '';
    })
    .filter(Boolean)
    .join('\n');
}

export interface SheetInput {
  detail: Detail;
  unitName: string;
  printedBy: string;
  printedAt: Date;
  fonts: Record<FontRole, FontFace>;
}

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM, margin: 20 * MM };
const LABEL_W = 26 * MM;
const PAD = 5;
const BODY = 11.5;

/**
 * 文件处理单 as an A4 PDF: the registered elements in a ruled table, then every opinion, section by
 * section, each with the signer's name, post (capacity) and date; 承办 units with their time limits and
 * 传阅 readers with when they read. Pages are numbered 第 n 页 共 N 页.
 */
export function renderProcessingSheet({ detail, unitName, printedBy, printedAt, fonts }: SheetInput): Promise<Buffer> {
  const { item, document: doc } = detail;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin + 14, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    info: { Title: `文件处理单 ${doc.registryNo ?? ''} ${item.title}`.trim(), Author: unitName, Creator: '中枢 Zhongshu' },
  });
  pdf.registerFont('serif', fonts.serif.file, fonts.serif.face);
  pdf.registerFont('sans', fonts.sans.file, fonts.sans.face);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin - 14;

  pdf
    .font('sans')
    .fontSize(20)
    .fillColor('#c00000')
    .text(`${unitName}文件处理单`, left, PAGE.margin, { width, align: 'center', characterSpacing: 1 });
  pdf.moveDown(0.6);
  pdf.font('serif').fontSize(BODY).fillColor('#000');
  const lineY = pdf.y;
  pdf.text(`收文号：${doc.registryNo ?? ''}`, left, lineY, { width: width / 2 });
  pdf.text(`收文时间：${dateTime(doc.receivedAt)}`, left + width / 2, lineY, { width: width / 2, align: 'right' });
  let y = pdf.y + 6;

  /** One ruled row of cells [width, text, font]; grows to the tallest cell and starts a new page if it must. */
  const row = (
    cells: {
      w: number;
      text: string;
      font?: 'sans' | 'serif';
      minH?: number;
      render?: (x: number, y: number, w: number) => void;
      measure?: (w: number) => number;
    }[],
  ) => {
    const heights = cells.map((c) => {
      pdf.font(c.font ?? 'serif').fontSize(BODY);
      const h = c.measure ? c.measure(c.w - 2 * PAD) : pdf.heightOfString(c.text || ' ', { width: c.w - 2 * PAD });
      return Math.max(h + 2 * PAD, c.minH ?? 0);
    });
    const h = Math.max(...heights);
    if (y + h > bottom && y > PAGE.margin + 40) {
      pdf.addPage();
      y = PAGE.margin;
    }
    let x = left;
    for (const c of cells) {
      pdf.lineWidth(0.8).strokeColor('#000').rect(x, y, c.w, h).stroke();
      pdf
        .font(c.font ?? 'serif')
        .fontSize(BODY)
        .fillColor('#000');
      if (c.render) c.render(x + PAD, y + PAD, c.w - 2 * PAD);
      else pdf.text(c.text, x + PAD, y + PAD, { width: c.w - 2 * PAD });
      x += c.w;
    }
    y += h;
  };
  const valueW = (width - 2 * LABEL_W) / 2;
  const pair = (a: string, av: string, b: string, bv: string) =>
    row([
      { w: LABEL_W, text: a, font: 'sans' },
      { w: valueW, text: av },
      { w: LABEL_W, text: b, font: 'sans' },
      { w: valueW, text: bv },
    ]);
  const wide = (label: string, text: string, minH = 0) =>
    row([
      { w: LABEL_W, text: label, font: 'sans' },
      { w: width - LABEL_W, text, minH },
    ]);

  pair('来文单位', doc.senderName, '发文字号', doc.docNo ?? doc.docNoAsReceived ?? '');
  pair('密级', `${item.classification}${doc.secrecyTerm ? `★${doc.secrecyTerm}` : ''}`, '紧急程度', item.urgency ?? '');
  pair('成文日期', doc.writtenDate ? isoDay(doc.writtenDate) : '', '份数', String(doc.copies));
  wide('文件标题', item.title);
  if (doc.mainRecipients.length) wide('主送', doc.mainRecipients.join('、'));
  if (doc.attachments.length) wide('附件', doc.attachments.map((a, i) => `${i + 1}. ${a.name}`).join('\n'));

  // Opinions: the text, then the signer's name (capacity) and the date on the right, as signed on paper.
  const opinionBlock = (list: Opinion[]) => {
    const sig = (o: Opinion) => `${o.signature}${o.postTitle ? `（${o.postTitle}）` : ''}　${longDate(o.createdAt)}`;
    const measure = (w: number) => {
      pdf.font('serif').fontSize(BODY);
      return (
        list.reduce(
          (sum, o) => sum + pdf.heightOfString(o.text, { width: w }) + pdf.heightOfString(sig(o), { width: w }) + 6,
          0,
        ) || BODY
      );
    };
    const render = (x: number, top: number, w: number) => {
      pdf.font('serif').fontSize(BODY);
      let cy = top;
      for (const o of list) {
        pdf.text(o.text, x, cy, { width: w });
        cy = pdf.y;
        pdf.text(sig(o), x, cy, { width: w, align: 'right' });
        cy = pdf.y + 6;
      }
    };
    return { measure, render };
  };
  const unitLine = partiesLine(detail.tasks);
  const readers = detail.circulations.flatMap((c) => c.readers).filter((r) => r.status !== 'cancelled');
  const readerLine = readers.map((r) => `${r.name}：${r.readAt ? `${longDate(r.readAt)}已阅` : '未阅'}`).join('；');

  for (const [label, list] of sectionsOf(detail.opinions)) {
    const extra = label === '承办情况' ? unitLine : label === '传阅情况' ? readerLine : '';
    const block = opinionBlock(list);
    row([
      { w: LABEL_W, text: label, font: 'sans' },
      {
        w: width - LABEL_W,
        text: '',
        minH: 22 * MM,
        measure: (w) => (extra ? pdf.heightOfString(extra, { width: w }) + 4 : 0) + block.measure(w),
        render: (x, top, w) => {
          let cy = top;
          if (extra) {
            pdf.font('serif').fontSize(BODY).fillColor('#333').text(extra, x, cy, { width: w });
            pdf.fillColor('#000');
            cy = pdf.y + 4;
          }
          block.render(x, cy, w);
        },
      },
    ]);
  }
  wide('备注', item.closedAt ? `${longDate(item.closedAt)}办结。` : `当前环节：${item.state}`);

  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    pdf.page.margins.bottom = 0;
    pdf.font('serif').fontSize(9).fillColor('#555');
    const footY = PAGE.height - PAGE.margin;
    pdf.text(`${printedBy}　打印于${dateTime(printedAt.toISOString())}`, left, footY, { width: width / 2, lineBreak: false });
    pdf.text(`第 ${i + 1} 页 共 ${pages.count} 页`, left + width / 2, footY, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
  }
  pdf.end();
  return done;
}
