import PDFDocument from 'pdfkit';
import type { FontFace, FontRole } from './fonts';

interface PdfTableColumn {
  header: string;
  /** Share of the page width (the columns' shares are scaled to fill it). */
  weight: number;
  align?: 'left' | 'center' | 'right';
}

export interface PdfTableInput {
  title: string;
  /** Lines under the title: the filters the list was printed with. */
  notes: string[];
  columns: PdfTableColumn[];
  rows: string[][];
  printedBy: string;
  printedAt: Date;
  fonts: Record<FontRole, FontFace>;
  author: string;
}

const MM = 72 / 25.4;
// A4 landscape.
const PAGE = { width: 297 * MM, height: 210 * MM, margin: 12 * MM };
const PAD = 3;
const BODY = 8.5;

/** Beijing time (UTC+8), whatever the server's zone. */
const beijingTime = (d: Date) => {
  const b = new Date(d.getTime() + 8 * 3_600_000);
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${String(b.getUTCHours()).padStart(2, '0')}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
};

/**
 * A list as an A4 landscape PDF for printing: the title, the filters it was printed with, a ruled table whose
 * header row repeats on every page, rows that never split across pages, and 第 n 页 共 N 页 with who printed it.
 */
export function renderTablePdf(input: PdfTableInput): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: PAGE.margin, bottom: PAGE.margin + 12, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    info: { Title: input.title, Author: input.author, Creator: '中枢 Zhongshu' },
  });
  pdf.registerFont('serif', input.fonts.serif.file, input.fonts.serif.face);
  pdf.registerFont('sans', input.fonts.sans.file, input.fonts.sans.face);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin - 12;
  const total = input.columns.reduce((s, c) => s + c.weight, 0);
  const widths = input.columns.map((c) => (c.weight / total) * width);

  pdf.font('sans').fontSize(16).fillColor('#000').text(input.title, left, PAGE.margin, { width, align: 'center' });
  pdf.moveDown(0.3);
  pdf.font('serif').fontSize(9).fillColor('#333');
  for (const n of input.notes) pdf.text(n, left, pdf.y, { width });
  let y = pdf.y + 6;

  const drawRow = (cells: string[], font: 'sans' | 'serif', fill?: string) => {
    pdf.font(font).fontSize(BODY);
    const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    let x = left;
    cells.forEach((c, i) => {
      if (fill) pdf.rect(x, y, widths[i]!, h).fill(fill);
      pdf.lineWidth(0.5).strokeColor('#666').rect(x, y, widths[i]!, h).stroke();
      pdf
        .fillColor('#000')
        .font(font)
        .fontSize(BODY)
        .text(c, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: input.columns[i]!.align ?? 'left' });
      x += widths[i]!;
    });
    y += h;
  };
  const header = () =>
    drawRow(
      input.columns.map((c) => c.header),
      'sans',
      '#e8eef7',
    );
  const rowHeight = (cells: string[]) => {
    pdf.font('serif').fontSize(BODY);
    return Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  };

  header();
  for (const r of input.rows) {
    if (y + rowHeight(r) > bottom) {
      pdf.addPage();
      y = PAGE.margin;
      header();
    }
    drawRow(r, 'serif');
  }
  if (!input.rows.length) {
    pdf
      .font('serif')
      .fontSize(BODY)
      .fillColor('#555')
      .text('（无符合条件的记录）', left, y + 6, { width, align: 'center' });
  }

  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    pdf.page.margins.bottom = 0;
    pdf.font('serif').fontSize(8).fillColor('#555');
    const footY = PAGE.height - PAGE.margin;
    pdf.text(`${input.printedBy}　打印于${beijingTime(input.printedAt)}`, left, footY, { width: width / 2, lineBreak: false });
    pdf.text(`第 ${i + 1} 页 共 ${pages.count} 页`, left + width / 2, footY, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
  }
  pdf.end();
  return done;
}
