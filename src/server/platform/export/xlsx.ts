import { strToU8, zipSync } from 'fflate';

/**
 * A one-sheet .xlsx (Office Open XML SpreadsheetML, a zip of XML parts) written with fflate alone: a title and
 * a note above a header row, then the rows. Text goes in as inline strings, dates as real dates (serial numbers
 * with a date format) so that sorting and filtering in Excel or WPS work, numbers as numbers. The header row is
 * frozen and filtered; printing is A4 landscape, one page wide, with the header repeated on every page.
 */

export type CellKind = 'text' | 'date' | 'datetime' | 'number';
interface SheetColumn {
  header: string;
  kind: CellKind;
  /** Widest the column gets, in characters (a Chinese character counts two). */
  maxWidth?: number;
}
/** text: any string; date: `YYYY-MM-DD`; datetime: an ISO instant (shown in Beijing time); number. */
export type CellValue = string | number | null;

export interface SheetInput {
  sheetName: string;
  title: string;
  /** A line under the title (the filters a register was exported with). */
  note?: string;
  columns: SheetColumn[];
  rows: CellValue[][];
}

// Style indexes in styles.xml below.
const S = { text: 0, date: 1, datetime: 2, header: 3, title: 4, note: 5, wrap: 6 } as const;
const HEADER_ROW = 3;

// XML 1.0 refuses most control characters; a title pasted from elsewhere may hold one.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const esc = (s: string) =>
  s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;
/** Excel's serial day number of a Beijing calendar date. */
const dateSerial = (day: string) => (Date.parse(`${day}T00:00:00Z`) - EPOCH) / DAY;
/** An instant as Excel's serial number in Beijing time (UTC+8, no daylight saving). */
const dateTimeSerial = (iso: string) => Math.round(((Date.parse(iso) + 8 * 3_600_000 - EPOCH) / DAY) * 86_400) / 86_400;

/** Display width in characters: CJK and full-width forms take two. */
const displayWidth = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uFFEF]/.test(ch) ? 2 : 1), 0);

function widths(input: SheetInput): number[] {
  return input.columns.map((c, i) => {
    if (c.kind === 'date') return 12;
    if (c.kind === 'datetime') return 17;
    let w = displayWidth(c.header);
    for (const r of input.rows.slice(0, 500)) {
      const v = r[i];
      if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)));
    }
    return Math.min(Math.max(w + 2, 6), c.maxWidth ?? 50);
  });
}

function cell(ref: string, v: CellValue, kind: CellKind, wrap: boolean): string {
  if (v === null || v === undefined || v === '') return '';
  if (kind === 'number' && typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
    return `<c r="${ref}" s="${S.date}"><v>${dateSerial(v)}</v></c>`;
  if (kind === 'datetime' && typeof v === 'string' && !Number.isNaN(Date.parse(v)))
    return `<c r="${ref}" s="${S.datetime}"><v>${dateTimeSerial(v)}</v></c>`;
  return `<c r="${ref}" t="inlineStr"${wrap ? ` s="${S.wrap}"` : ''}><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
}

function sheetXml(input: SheetInput): string {
  const n = input.columns.length;
  const last = columnLetter(n - 1);
  const w = widths(input);
  const textRow = (r: number, text: string, style: number) =>
    `<row r="${r}"><c r="A${r}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${esc(text)}</t></is></c></row>`;
  const header = `<row r="${HEADER_ROW}">${input.columns.map((c, i) => `<c r="${columnLetter(i)}${HEADER_ROW}" t="inlineStr" s="${S.header}"><is><t>${esc(c.header)}</t></is></c>`).join('')}</row>`;
  const body = input.rows
    .map((row, ri) => {
      const r = HEADER_ROW + 1 + ri;
      return `<row r="${r}">${input.columns.map((c, i) => cell(`${columnLetter(i)}${r}`, row[i] ?? null, c.kind, c.kind === 'text' && (c.maxWidth ?? 50) <= w[i]!)).join('')}</row>`;
    })
    .join('');
  const lastRow = HEADER_ROW + Math.max(input.rows.length, 1);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<dimension ref="A1:${last}${lastRow}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${HEADER_ROW}" topLeftCell="A${HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${w.map((x, i) => `<col min="${i + 1}" max="${i + 1}" width="${x}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${textRow(1, input.title, S.title)}${input.note ? textRow(2, input.note, S.note) : ''}${header}${body}</sheetData>` +
    `<autoFilter ref="A${HEADER_ROW}:${last}${lastRow}"/>` +
    `<mergeCells count="2"><mergeCell ref="A1:${last}1"/><mergeCell ref="A2:${last}2"/></mergeCells>` +
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    '<headerFooter><oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter></headerFooter>' +
    '</worksheet>'
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
  '<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="16"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

export function writeXlsx(input: SheetInput): Uint8Array {
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheetName = esc(input.sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1');
  const xml = (s: string) => strToU8(s);
  return zipSync(
    {
      '[Content_Types].xml': xml(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      ),
      '_rels/.rels': xml(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': xml(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          `<sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets>` +
          `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${sheetName}'!$A$${HEADER_ROW}:$${columnLetter(input.columns.length - 1)}$${HEADER_ROW + Math.max(input.rows.length, 1)}</definedName>` +
          `<definedName name="_xlnm.Print_Titles" localSheetId="0">'${sheetName}'!$${HEADER_ROW}:$${HEADER_ROW}</definedName></definedNames></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': xml(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': xml(sheetXml(input)),
      'xl/styles.xml': xml(STYLES),
    },
    { level: 6 },
  );
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
