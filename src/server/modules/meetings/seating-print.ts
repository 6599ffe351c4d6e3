import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { SeatingBody } from '../../../contract/meetings';
import { conversions } from '../../platform/pdf/cache';
import { para, ruledTable, run, textBox, twips, zipDocument, type Cell, type RunStyle } from '../../platform/pdf/docx';
import { fontsForPdf, STANDARD_FONTS, type DocxFontRole, type DocxFonts } from '../../platform/pdf/docx-fonts';
import type { FontFace } from '../../platform/pdf/fonts';
import { convertToPdf, type OfficeOptions } from '../../platform/pdf/office';
import { rostrum, type SeatRow } from './seating';

// The printed 座次: a seating chart of the rostrum as the audience sees it, and table cards (桌签) to fold. Both are
// small .docx files of the module's own, in the GB/T 9704 faces (the office opening them has those). The chart's PDF
// is its .docx through the kernel's LibreOffice in this server's stand-ins; the cards' PDF is drawn directly, because
// LibreOffice (7.4) does not turn the text of a rotated text box and the far half of a card would print upright.

/** A4 landscape, twips. */
const A4_LANDSCAPE = { width: twips(297), height: twips(210) };
const MARGIN = twips(15);
const TYPE_WIDTH = A4_LANDSCAPE.width - 2 * MARGIN;
/** 字号 in half-points. */
const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 } as const;
/** The widest a seat is drawn on the chart, however few there are. */
const SEAT_MAX = twips(42);
const SEAT_PAD = twips(1.2);
const ROW_WORDS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

interface PrintFonts {
  fonts?: Partial<DocxFonts>;
  /** Faces whose stand-in is lighter than the face it replaces, set in bold. */
  embolden?: readonly DocxFontRole[];
}

function faces(opts: PrintFonts) {
  const embolden = new Set(opts.embolden ?? []);
  return (role: DocxFontRole, size: number): RunStyle => ({
    font: opts.fonts?.[role] || STANDARD_FONTS[role],
    size,
    ...(embolden.has(role) ? { bold: true } : {}),
  });
}

/** Width in 字; digits, Latin letters and ASCII punctuation count half. */
const widthInChars = (text: string) => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! < 0x2e80 ? 0.5 : 1), 0);

const rowName = (row: number) => `第${ROW_WORDS[row - 1] ?? String(row)}排`;

/** Half-points to try for names, largest first: 3号, 4号, 小四. */
const NAME_SIZES = [SIZE.san, SIZE.si, SIZE.xiaosi] as const;

/**
 * How a row's names are set, the same for every seat of the row: across, in the largest size the row's longest name
 * fits; else upright, a character a line (a row of many seats), as large as one character fits.
 */
function nameSetting(r: SeatRow, width: number): { size: number; upright: boolean } {
  const inner = width - 2 * SEAT_PAD;
  const longest = Math.max(...r.seats.map((s) => widthInChars(s.name)));
  const across = NAME_SIZES.find((size) => longest * size * 10 <= inner);
  return across ? { size: across, upright: false } : { size: Math.min(SIZE.si, Math.floor(inner / 10)), upright: true };
}

/** One seat: its number small above the name. */
function seatCell(seat: number, name: string, setting: { size: number; upright: boolean }, face: ReturnType<typeof faces>): Cell {
  const nameFace = face('heiti', setting.size);
  const lines = setting.upright ? [...name] : [name];
  return {
    paras: [
      para(run(String(seat), face('fangsong', SIZE.wu)), { align: 'center', line: 280 }),
      ...lines.map((l) => para(run(l, nameFace), { align: 'center', line: setting.size * 10 + 100 })),
    ],
  };
}

/** A row as a table of equal seats, centred on the page, as wide as its seats need and no wider than the page. */
function rowTable(r: SeatRow, face: ReturnType<typeof faces>): string {
  const width = Math.min(SEAT_MAX, Math.floor(TYPE_WIDTH / r.seats.length));
  const setting = nameSetting(r, width);
  return ruledTable({
    widths: r.seats.map(() => width),
    outer: 12,
    inner: 6,
    padding: { x: SEAT_PAD, y: twips(1) },
    rows: [{ cells: r.seats.map((s) => seatCell(s.seat, s.name, setting, face)), minHeight: twips(14), cantSplit: true }],
  });
}

export interface SeatingChart {
  title: string;
  subtitle: string | null;
  rule: SeatingBody['rule'];
  rows: SeatRow[];
}

/** The chart of a request (or, later, of a meeting's attendees in protocol order). */
export function seatingChart(body: Pick<SeatingBody, 'title' | 'subtitle' | 'names' | 'rowSize' | 'rule'>): SeatingChart {
  return {
    title: body.title,
    subtitle: body.subtitle,
    rule: body.rule,
    rows: rostrum(body.names, body.rule, body.rowSize ?? body.names.length),
  };
}

const RULE_WORDS = {
  domestic: '以左为上（主席台就座者面向台下时的左手为上，台下看去2号在1号右侧）',
  international: '以右为上（主席台就座者面向台下时的右手为上，台下看去2号在1号左侧）',
} as const;

/**
 * The chart as the audience sees it: 主席台 at the top, the back row above the front one, and at the foot a rule with
 * 台下（观众席） marking the side the audience sits on; every seat numbered in order of precedence.
 */
export function renderSeatingChart(chart: SeatingChart, opts: PrintFonts = {}): Uint8Array {
  const face = faces(opts);
  const many = chart.rows.length > 1;
  const rows = [...chart.rows]
    .reverse()
    .flatMap((r) => [
      many
        ? para(run(rowName(r.row), face('heiti', SIZE.xiaosi)), { align: 'center', before: 160, after: 60, keepNext: true })
        : '',
      rowTable(r, face),
    ]);
  const body = [
    para(run(chart.title, face('xiaobiaosong', SIZE.er)), { align: 'center', line: 640, after: 80 }),
    chart.subtitle ? para(run(chart.subtitle, face('fangsong', SIZE.san)), { align: 'center', line: 560 }) : '',
    para(run('主 席 台', { ...face('heiti', SIZE.san), spacing: 160 }), {
      align: 'center',
      before: 240,
      after: 160,
      keepNext: true,
    }),
    ...rows,
    para(run('↑　台下（观众席）　↑', face('heiti', SIZE.si)), {
      align: 'center',
      before: 300,
      line: 480,
      ruleAbove: { size: 12 },
      // The rule and its note stay together, under the front row.
      keepNext: true,
    }),
    para(run(`座次：${RULE_WORDS[chart.rule]}；数字为座次序号。`, face('fangsong', SIZE.wu)), { align: 'center', line: 360 }),
  ].join('');
  return zipDocument({
    body,
    page: { ...A4_LANDSCAPE, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } },
    font: face('fangsong', SIZE.san).font,
    size: SIZE.san,
    title: `${chart.title} 座次图`,
  });
}

const HALF = A4_LANDSCAPE.height / 2;
const CARD_SIDE = twips(15);

/** The name as large as the half-card allows: 70 mm a character, smaller for a long name. Half-points. */
function cardSize(name: string): number {
  const mm = Math.min(70, (297 - 30) / Math.max(2, widthInChars(name)));
  return Math.round((mm / 25.4) * 72 * 2 * 0.92);
}

/**
 * Table cards (桌签), one A4 landscape page a person: the name on both halves, the upper one turned half round, so the
 * page folded along the dashed line stands as a tent that reads the same from the audience and from across the table.
 */
export function renderTableCards(names: readonly string[], opts: PrintFonts & { title: string }): Uint8Array {
  const face = faces(opts);
  const pages = names.map((name, i) => {
    const text = [para(run(name, face('heiti', cardSize(name))), { align: 'center' })];
    const half = (upsideDown: boolean, n: number) =>
      textBox({
        id: 3 * i + n,
        x: CARD_SIDE,
        y: upsideDown ? 0 : HALF,
        width: A4_LANDSCAPE.width - 2 * CARD_SIDE,
        height: HALF,
        upsideDown,
        paras: text,
      });
    const fold = textBox({
      id: 3 * i + 3,
      x: 0,
      y: HALF,
      width: A4_LANDSCAPE.width,
      height: twips(4),
      paras: [para('', { ruleAbove: { size: 4, dashed: true } })],
    });
    return para([half(true, 1), half(false, 2), fold], { pageBreakBefore: i > 0 });
  });
  return zipDocument({
    body: pages.join(''),
    page: { ...A4_LANDSCAPE, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } },
    font: face('heiti', SIZE.san).font,
    size: SIZE.san,
    title: `${opts.title} 桌签`,
  });
}

const PT_PER_MM = 72 / 25.4;

/** The cards as PDF, drawn: each A4 landscape page the name below the fold and, turned half round, above it. */
export function tableCardsPdf(names: readonly string[], o: { title: string; font: FontFace }): Promise<Buffer> {
  const [width, height] = [297 * PT_PER_MM, 210 * PT_PER_MM];
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `${o.title} 桌签`, Creator: '中枢 Zhongshu' },
  });
  pdf.registerFont('name', o.font.file, o.font.face);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const usable = width - 30 * PT_PER_MM;
  for (const name of names) {
    pdf.addPage();
    pdf.font('name').fontSize(100);
    // As large as the half allows: 70 mm high at most, narrower for a long name.
    const size = Math.min(70 * PT_PER_MM, (usable / pdf.widthOfString(name)) * 100);
    // A CJK face's ideographs stand about 0.78 em below the top of its line box: centre that on the half.
    const y = (height * 3) / 4 - 0.78 * size;
    const draw = () =>
      pdf.font('name').fontSize(size).fillColor('#000').text(name, 0, y, { width, align: 'center', lineBreak: false });
    draw();
    pdf.save().rotate(180, { origin: [width / 2, height / 2] });
    draw();
    pdf.restore();
    pdf
      .save()
      .moveTo(0, height / 2)
      .lineTo(width, height / 2)
      .dash(4, { space: 4 })
      .lineWidth(0.5)
      .strokeColor('#888')
      .stroke()
      .restore();
  }
  pdf.end();
  return done;
}

/** A .docx made here as PDF, in this server's fonts, converted once per distinct file. */
export function seatingPdf(
  render: (fonts: PrintFonts) => Uint8Array,
  config: { docFonts: Partial<DocxFonts>; office: OfficeOptions },
): Promise<Uint8Array> {
  const docx = render(fontsForPdf(config.docFonts));
  const key = `docx:${createHash('sha256').update(docx).digest('hex')}`;
  return conversions.get(key, () => convertToPdf(docx, config.office));
}
