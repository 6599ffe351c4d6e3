import { Readable } from 'node:stream';
import { DomainError, unavailable } from '../errors';
import { ofdToPdfInThread } from '../ofd/thread';
import { conversions } from '../pdf/cache';
import { FontMissingError, resolveFonts, type FontRole } from '../pdf/fonts';
import { convertToPdf, type OfficeOptions } from '../pdf/office';
import { pdfPageCount, pdfPagePng } from '../pdf/raster';
import type { BlobStore } from './store';
import { extensionOf } from './types';

// Reading a file in the page (正文, 附件) instead of only downloading it: images as they are, PDFs and office
// documents as page images (LibreOffice makes the PDF, poppler the pages), OFD packages drawn into a PDF by our own
// renderer (platform/ofd: no converter reads OFD). Conversions are kept by the file's SM3 (pdf/cache.ts), so a
// second reader, or a second look, does not convert again.

type PreviewPlan =
  { kind: 'image' } | { kind: 'pdf' } | { kind: 'office'; ext: string } | { kind: 'ofd' } | { kind: 'none'; reason: string };

export interface PreviewOptions {
  office: OfficeOptions;
  /** The configured CJK fonts (ZHONGSHU_FONT_*), for text an OFD does not embed. */
  fonts: Partial<Record<FontRole, string | undefined>>;
}

/** Office formats LibreOffice opens, by extension, and the extension it is handed as (WPS files are Office files). */
const OFFICE: Record<string, string> = {
  docx: 'docx',
  doc: 'doc',
  wps: 'doc',
  txt: 'txt',
  csv: 'csv',
  xlsx: 'xlsx',
  xls: 'xls',
  et: 'xls',
  pptx: 'pptx',
  ppt: 'ppt',
  dps: 'ppt',
};
const ZIP_FOR: Record<string, string> = { wps: 'docx', et: 'xlsx', dps: 'pptx' };

/** Larger files are not converted for a preview: LibreOffice would hold the converter for minutes. */
const PREVIEW_MAX_BYTES = 50 * 1024 * 1024;

/** Page images this many pixels wide: legible on a phone, sharp enough to zoom on a desktop. */
const PAGE_WIDTH = 1240;

const NONE: Record<string, string> = {
  tif: 'TIFF 图片不能在浏览器中显示，请下载后查看。',
  tiff: 'TIFF 图片不能在浏览器中显示，请下载后查看。',
  zip: '压缩包不能在线预览，请下载后解压查看。',
  rar: '压缩包不能在线预览，请下载后解压查看。',
  '7z': '压缩包不能在线预览，请下载后解压查看。',
};

/** How a file can be shown, by its name (its type was checked against its bytes at upload). */
function previewPlan(file: { name: string; size: number }): PreviewPlan {
  const ext = extensionOf(file.name);
  if (ext === 'jpg' || ext === 'jpeg' || ext === 'png') return { kind: 'image' };
  if (NONE[ext]) return { kind: 'none', reason: NONE[ext] };
  if (ext !== 'pdf' && ext !== 'ofd' && !OFFICE[ext]) return { kind: 'none', reason: '该类型的文件不能在线预览，请下载后查看。' };
  if (file.size > PREVIEW_MAX_BYTES)
    return { kind: 'none', reason: `文件超过 ${PREVIEW_MAX_BYTES / 1024 / 1024} MB，不在线预览，请下载后查看。` };
  return ext === 'pdf' ? { kind: 'pdf' } : ext === 'ofd' ? { kind: 'ofd' } : { kind: 'office', ext };
}

interface PreviewFile {
  sm3: string;
  name: string;
  size: number;
}

async function readAll(store: BlobStore, sm3: string): Promise<Uint8Array> {
  const stream: Readable | null = await store.open(sm3);
  if (!stream) throw new DomainError('INTERNAL', '文件内容在存储中缺失，请联系管理员核查（zhongshu files verify）');
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The file as a PDF: a PDF as it is, an office document converted (once per content). */
async function asPdf(store: BlobStore, o: PreviewOptions, f: PreviewFile, plan: PreviewPlan): Promise<Uint8Array> {
  if (plan.kind === 'pdf') return conversions.get(`file:${f.sm3}`, () => readAll(store, f.sm3));
  if (plan.kind === 'ofd') {
    return conversions.get(`ofd:${f.sm3}`, async () => {
      let fonts;
      try {
        fonts = resolveFonts(o.fonts);
      } catch (e) {
        if (e instanceof FontMissingError) throw unavailable(e.message);
        throw e;
      }
      return ofdToPdfInThread(await readAll(store, f.sm3), fonts);
    });
  }
  if (plan.kind !== 'office') throw unavailable('该文件不能转换为 PDF');
  return conversions.get(`pdf:${f.sm3}`, async () => {
    const bytes = await readAll(store, f.sm3);
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    const ext = zip && ZIP_FOR[extensionOf(f.name)] ? ZIP_FOR[extensionOf(f.name)]! : OFFICE[plan.ext]!;
    return convertToPdf(bytes, { ...o.office, ext });
  });
}

const pageCounts = new Map<string, number>();

/** What the page shows for a file: its pages, the image itself, or why it cannot be shown. */
export async function previewOf(store: BlobStore, o: PreviewOptions, f: PreviewFile) {
  const plan = previewPlan(f);
  if (plan.kind === 'none') return { kind: 'none' as const, pages: null, reason: plan.reason };
  if (plan.kind === 'image') return { kind: 'image' as const, pages: 1, reason: null };
  let pages = pageCounts.get(f.sm3);
  if (pages === undefined) {
    let pdf: Uint8Array;
    try {
      pdf = await asPdf(store, o, f, plan);
    } catch (e) {
      // An OFD our renderer cannot read is not a fault: the reader is told why and downloads it.
      if (plan.kind === 'ofd' && e instanceof DomainError && e.code === 'UNSUPPORTED_MEDIA_TYPE') {
        return { kind: 'none' as const, pages: null, reason: `${e.message}。请下载后用 OFD 阅读器打开。` };
      }
      throw e;
    }
    pages = await pdfPageCount(pdf);
    if (pageCounts.size > 10_000) pageCounts.clear();
    pageCounts.set(f.sm3, pages);
  }
  return { kind: 'pages' as const, pages, reason: null };
}

/** One page of a PDF or office document as a PNG. */
export async function previewPage(store: BlobStore, o: PreviewOptions, f: PreviewFile, page: number): Promise<Uint8Array> {
  const plan = previewPlan(f);
  if (plan.kind !== 'pdf' && plan.kind !== 'office' && plan.kind !== 'ofd')
    throw new DomainError('NOT_FOUND', '该文件没有分页预览');
  return conversions.get(`png:${f.sm3}:${page}:${PAGE_WIDTH}`, async () => {
    const pdf = await asPdf(store, o, f, plan);
    const pages = await pdfPageCount(pdf);
    if (page > pages) throw new DomainError('NOT_FOUND', `该文件只有 ${pages} 页`);
    return pdfPagePng(pdf, page, PAGE_WIDTH);
  });
}
