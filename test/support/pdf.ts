import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, lines joined by newlines, read back with pdf.js (as a reader would). */
export async function pdfPages(bytes: Uint8Array): Promise<{ text: string; width: number; height: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const it of content.items) {
      if (!('str' in it)) continue;
      text += it.str + (it.hasEOL ? '\n' : '');
    }
    const [, , width, height] = page.view;
    pages.push({ text, width: width!, height: height! });
  }
  await doc.destroy();
  return pages;
}

/** Runs a poppler tool on the PDF's bytes and returns what it prints. */
function poppler(tool: string, args: string[], bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'zs-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    return execFileSync(tool, [...args, file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page as pdftotext reads it (what a reader copies out of the printed document). */
export function pdftotextPages(bytes: Uint8Array): string[] {
  return poppler('pdftotext', [], bytes).split('\f').slice(0, -1);
}

export interface PdfWord {
  text: string;
  /** Points from the page's top-left corner. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The words on one page (1-based) with their boxes, from pdftotext -bbox. */
export function pdfWords(bytes: Uint8Array, page: number): PdfWord[] {
  const html = poppler('pdftotext', ['-bbox', '-f', String(page), '-l', String(page)], bytes);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu)].map(
    (m) => ({
      text: m[5]!,
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    }),
  );
}

export interface PdfRaster {
  width: number;
  height: number;
  /** The colour at a point given in millimetres from the page's top-left corner. */
  at(xMm: number, yMm: number): [number, number, number];
}

/** One page (1-based) drawn by poppler at `dpi`, to look at colours where things should be. */
export function pdfRaster(bytes: Uint8Array, page: number, dpi = 72): PdfRaster {
  const dir = mkdtempSync(join(tmpdir(), 'zs-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file], {
      maxBuffer: 256 * 1024 * 1024,
    });
    // P6 <width> <height> 255\n then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/u.exec(ppm.subarray(0, 64).toString('latin1'))!;
    const [width, height, offset] = [Number(header[1]), Number(header[2]), header[0].length];
    return {
      width,
      height,
      at(xMm, yMm) {
        const x = Math.round((xMm / 25.4) * dpi);
        const y = Math.round((yMm / 25.4) * dpi);
        const i = offset + 3 * (y * width + x);
        return [ppm[i]!, ppm[i + 1]!, ppm[i + 2]!];
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
