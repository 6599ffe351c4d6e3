// An OFD document drawn into a PDF, page for page, so that the preview's PDF path (poppler's page images) shows an
// OFD 公文 as its reader would: text at the positions the package gives each character (TextCode X/Y/DeltaX), rules
// and shapes (PathObject), pictures (ImageObject), templates, annotation appearances and the seals of its
// signatures. Units stay the package's millimetres: each page is scaled once. Text is drawn with the package's
// embedded font where it has the character, else with this server's CJK font for the role (黑体 → sans, the rest →
// serif), so the preview reads right even where it does not look identical.
import PDFDocument from 'pdfkit';
import type { FontFace, FontRole } from '../pdf/fonts';
import { numbers, OfdError, readOfd, type Box, type OfdDocument, type OfdResources, type OfdStamp } from './read';
import { child, childrenNamed, type XmlElement } from './xml';

const MM = 72 / 25.4;
const MAX_DEPTH = 32;
/** GB/T 33190 §9.1: a path's line width when none is given, 0.353 mm (one point). */
const DEFAULT_LINE_WIDTH = 0.353;

type Rgb = [number, number, number];
interface Paint {
  color: Rgb;
  opacity: number;
}
interface Style {
  fill: Paint | null;
  stroke: Paint | null;
  lineWidth: number;
}

/** pdfkit's font object, for the one question its typings do not expose: does this face have the character? */
interface GlyphSource {
  _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } };
}

class Painter {
  private readonly embedded = new Map<string, string | null>();

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly res: OfdResources,
    fonts: Record<FontRole, FontFace>,
  ) {
    pdf.registerFont('serif', fonts.serif.file, fonts.serif.face);
    pdf.registerFont('sans', fonts.sans.file, fonts.sans.face);
  }

  private color(el: XmlElement | undefined): Paint | null {
    if (!el) return null;
    const raw = (el.attrs.Value ?? '').trim().split(/\s+/u).filter(Boolean);
    const v = raw.map((s) => (s.startsWith('#') ? parseInt(s.slice(1), 16) : Number(s))).map((n) => (Number.isFinite(n) ? n : 0));
    const space =
      this.res.colorSpaces.get(el.attrs.ColorSpace ?? '') ?? (v.length === 1 ? 'GRAY' : v.length === 4 ? 'CMYK' : 'RGB');
    const max = 255;
    let rgb: Rgb;
    if (space === 'GRAY') rgb = [v[0] ?? 0, v[0] ?? 0, v[0] ?? 0];
    else if (space === 'CMYK') {
      const [c, m, y, k] = [0, 1, 2, 3].map((i) => (v[i] ?? 0) / max) as [number, number, number, number];
      rgb = [255 * (1 - c) * (1 - k), 255 * (1 - m) * (1 - k), 255 * (1 - y) * (1 - k)];
    } else rgb = [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0];
    const alpha = el.attrs.Alpha === undefined ? 255 : Number(el.attrs.Alpha);
    return {
      color: rgb.map((n) => Math.max(0, Math.min(255, Math.round(n)))) as Rgb,
      opacity: Number.isFinite(alpha) ? Math.max(0, Math.min(1, alpha / 255)) : 1,
    };
  }

  /** A DrawParam's settings, its Relative's underneath (a chain the package may loop: cut at the depth bound). */
  private drawParam(id: string | undefined, depth = 0): { fill?: XmlElement; stroke?: XmlElement; lineWidth?: number } {
    const p = id ? this.res.drawParams.get(id) : undefined;
    if (!p || depth > 8) return {};
    const base = this.drawParam(p.attrs.Relative, depth + 1);
    const width = p.attrs.LineWidth === undefined ? undefined : Number(p.attrs.LineWidth);
    return {
      fill: child(p, 'FillColor') ?? base.fill,
      stroke: child(p, 'StrokeColor') ?? base.stroke,
      lineWidth: width !== undefined && Number.isFinite(width) ? width : base.lineWidth,
    };
  }

  private style(el: XmlElement, defaults: { fill: boolean; stroke: boolean }, inherited: XmlElement | undefined): Style {
    const param = this.drawParam(el.attrs.DrawParam ?? inherited?.attrs.DrawParam);
    const on = (attr: string | undefined, d: boolean) => (attr === undefined ? d : attr === 'true');
    const black: Paint = { color: [0, 0, 0], opacity: 1 };
    const width = Number(el.attrs.LineWidth);
    return {
      fill: on(el.attrs.Fill, defaults.fill) ? (this.color(child(el, 'FillColor') ?? param.fill) ?? black) : null,
      stroke: on(el.attrs.Stroke, defaults.stroke) ? (this.color(child(el, 'StrokeColor') ?? param.stroke) ?? black) : null,
      lineWidth: el.attrs.LineWidth !== undefined && Number.isFinite(width) ? width : (param.lineWidth ?? DEFAULT_LINE_WIDTH),
    };
  }

  /** Draws `draw` in the object's own space: its Boundary's origin, then its CTM. */
  private inObject(el: XmlElement, draw: () => void) {
    const box = numbers(el.attrs.Boundary);
    const ctm = numbers(el.attrs.CTM);
    this.pdf.save();
    if (box.length === 4) this.pdf.translate(box[0]!, box[1]!);
    if (ctm.length === 6) this.pdf.transform(ctm[0]!, ctm[1]!, ctm[2]!, ctm[3]!, ctm[4]!, ctm[5]!);
    try {
      draw();
    } finally {
      this.pdf.restore();
    }
  }

  /** The PDF font registered for an OFD font ID: its embedded program when pdfkit can read it, else null. */
  private embeddedFont(id: string): string | null {
    let name = this.embedded.get(id);
    if (name !== undefined) return name;
    name = null;
    const font = this.res.fonts.get(id);
    if (font?.file) {
      try {
        this.pdf.registerFont(`ofd-${id}`, Buffer.from(font.file));
        this.pdf.font(`ofd-${id}`);
        name = `ofd-${id}`;
      } catch {
        name = null;
      }
    }
    this.embedded.set(id, name);
    return name;
  }

  private roleOf(id: string): FontRole {
    const f = this.res.fonts.get(id);
    return /黑|hei|sans|gothic|yahei|雅黑/iu.test(`${f?.name ?? ''} ${f?.family ?? ''}`) ? 'sans' : 'serif';
  }

  /** Selects the face that has `cp`: the embedded font, else the role's. */
  private selectFont(fontId: string, cp: number) {
    const own = this.embeddedFont(fontId);
    if (own) {
      this.pdf.font(own);
      const has = (this.pdf as unknown as GlyphSource)._font?.font?.hasGlyphForCodePoint;
      if (!has || has.call((this.pdf as unknown as GlyphSource)._font!.font, cp)) return;
    }
    this.pdf.font(this.roleOf(fontId));
  }

  private text(el: XmlElement) {
    const style = this.style(el, { fill: true, stroke: false }, undefined);
    const size = Number(el.attrs.Size);
    if (!(size > 0)) return;
    const fontId = el.attrs.Font ?? '';
    const hScale = Number(el.attrs.HScale ?? 1) || 1;
    this.inObject(el, () => {
      if (style.fill) this.pdf.fillColor(style.fill.color, style.fill.opacity);
      let x = 0;
      let y = 0;
      for (const code of childrenNamed(el, 'TextCode')) {
        if (code.attrs.X !== undefined) x = Number(code.attrs.X) || 0;
        if (code.attrs.Y !== undefined) y = Number(code.attrs.Y) || 0;
        const dx = deltas(code.attrs.DeltaX);
        const dy = deltas(code.attrs.DeltaY);
        const chars = Array.from(code.text);
        chars.forEach((ch, i) => {
          const cp = ch.codePointAt(0)!;
          this.selectFont(fontId, cp);
          this.pdf.fontSize(size);
          if (ch.trim() !== '') {
            if (hScale !== 1) {
              this.pdf.save();
              this.pdf.transform(hScale, 0, 0, 1, x * (1 - hScale), 0);
            }
            this.pdf.text(ch, x, y, { lineBreak: false, baseline: 'alphabetic' });
            if (hScale !== 1) this.pdf.restore();
          }
          if (i < chars.length - 1) {
            x += dx[i] ?? this.pdf.widthOfString(ch) * hScale;
            y += dy[i] ?? 0;
          }
        });
        // A TextCode without its own X continues after the last character drawn.
        const last = chars[chars.length - 1];
        if (last) x += this.pdf.widthOfString(last) * hScale;
      }
    });
  }

  private path(el: XmlElement) {
    const data = child(el, 'AbbreviatedData')?.text;
    if (!data) return;
    const svg = svgPath(data);
    if (!svg) return;
    const style = this.style(el, { fill: false, stroke: true }, undefined);
    if (!style.fill && !style.stroke) return;
    const evenOdd = el.attrs.Rule === 'Even-Odd';
    this.inObject(el, () => {
      this.pdf.path(svg);
      this.pdf.lineWidth(style.lineWidth);
      const cap = { Butt: 'butt', Round: 'round', Square: 'square' }[el.attrs.Cap ?? ''];
      if (cap) this.pdf.lineCap(cap);
      const join = { Miter: 'miter', Round: 'round', Bevel: 'bevel' }[el.attrs.Join ?? ''];
      if (join) this.pdf.lineJoin(join);
      const dash = numbers(el.attrs.DashPattern);
      if (dash.length && dash.some((d) => d > 0))
        this.pdf.dash(dash[0]!, { space: dash[1] ?? dash[0]!, phase: Number(el.attrs.DashOffset) || 0 });
      if (style.fill) this.pdf.fillColor(style.fill.color, style.fill.opacity);
      if (style.stroke) this.pdf.strokeColor(style.stroke.color, style.stroke.opacity);
      const rule = evenOdd ? 'even-odd' : 'non-zero';
      if (style.fill && style.stroke) this.pdf.fillAndStroke(undefined, undefined, rule);
      else if (style.fill) this.pdf.fill(rule);
      else this.pdf.stroke();
    });
  }

  /** A picture over the unit square of its object space (GB/T 33190 §10: the CTM scales it to its size). */
  private picture(bytes: Uint8Array | undefined) {
    const kind = bytes ? imageKind(bytes) : null;
    if (bytes && kind) {
      try {
        this.pdf.image(Buffer.from(bytes), 0, 0, { width: 1, height: 1 });
        return;
      } catch {
        // An image pdfkit cannot decode is shown as the placeholder below.
      }
    }
    // A format pdfkit cannot draw (BMP, TIFF, JBIG2 scans): a grey box where the picture is, never a blank.
    this.pdf.save();
    this.pdf.rect(0, 0, 1, 1).fillOpacity(0.15).fill('#888888');
    this.pdf.restore();
  }

  private image(el: XmlElement) {
    const media = this.res.media.get(el.attrs.ResourceID ?? '');
    this.inObject(el, () => this.picture(media?.bytes));
  }

  /** The graphic objects of a layer, a page block or an appearance, in order. */
  objects(container: XmlElement, depth = 0) {
    if (depth > MAX_DEPTH) throw new OfdError('OFD 页面对象嵌套过深');
    for (const el of container.children) {
      if (el.name === 'TextObject') this.text(el);
      else if (el.name === 'PathObject') this.path(el);
      else if (el.name === 'ImageObject') this.image(el);
      else if (el.name === 'PageBlock' || el.name === 'Layer') this.objects(el, depth + 1);
    }
  }

  /** Draws `draw` with its space mapped onto `box`. */
  within(box: Box, draw: () => void) {
    this.pdf.save();
    this.pdf.translate(box[0], box[1]);
    try {
      draw();
    } finally {
      this.pdf.restore();
    }
  }

  stamp(s: OfdStamp, fonts: Record<FontRole, FontFace>, depth: number) {
    const [x, y, w, h] = s.box;
    if (s.picture?.kind === 'ofd' && depth < 2) {
      // A seal made as an OFD document: its first page scaled into the stamp's box.
      try {
        const seal = readOfd(s.picture.bytes);
        const page = seal.pages[0]!;
        const inner = new Painter(this.pdf, seal.resources, fonts);
        this.pdf.save();
        this.pdf.translate(x, y).scale(w / (page.box[2] || w), h / (page.box[3] || h));
        for (const layer of page.layers) inner.objects(layer);
        this.pdf.restore();
        return;
      } catch {
        // An unreadable seal document is drawn as the outline below.
      }
    }
    this.pdf.save();
    this.pdf.translate(x, y).scale(w, h);
    if (s.picture && s.picture.kind !== 'ofd') this.picture(s.picture.bytes);
    else {
      // The seal is there but its picture cannot be shown: say so where it sits rather than leave a blank.
      this.pdf.restore();
      this.pdf.save();
      this.pdf
        .ellipse(x + w / 2, y + h / 2, w / 2, h / 2)
        .lineWidth(0.5)
        .dash(1.5, { space: 1 })
        .stroke('#c00000');
      this.pdf
        .font('sans')
        .fontSize(Math.min(w, h) / 8)
        .fillColor('#c00000');
      this.pdf.text('电子印章', x, y + h / 2, { width: w, align: 'center', lineBreak: false, baseline: 'middle' });
    }
    this.pdf.restore();
  }
}

/** DeltaX/DeltaY: numbers, with "g N d" for N repeats of d (GB/T 33190 §11.3). */
export function deltas(s: string | undefined): number[] {
  if (!s) return [];
  const t = s.trim().split(/\s+/u);
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < 1_000_000; i++) {
    if (t[i] === 'g') {
      const n = Math.min(Number(t[i + 1]), 1_000_000 - out.length);
      const d = Number(t[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(d)) for (let k = 0; k < n; k++) out.push(d);
      i += 2;
    } else {
      const d = Number(t[i]);
      out.push(Number.isFinite(d) ? d : 0);
    }
  }
  return out;
}

const ARGS: Record<string, [svg: string, count: number]> = {
  S: ['M', 2],
  M: ['M', 2],
  L: ['L', 2],
  Q: ['Q', 4],
  B: ['C', 6],
  A: ['A', 7],
  C: ['Z', 0],
};

/** OFD's abbreviated path data (S M L Q B A C, §9.2 Table 36) as SVG path data, which pdfkit draws. */
export function svgPath(data: string): string {
  const t = data
    .trim()
    .split(/[\s,]+/u)
    .filter(Boolean);
  const out: string[] = [];
  let i = 0;
  while (i < t.length) {
    const cmd = ARGS[t[i]!];
    if (!cmd) {
      i++;
      continue;
    }
    const args = t.slice(i + 1, i + 1 + cmd[1]).map(Number);
    if (args.length < cmd[1] || args.some((n) => !Number.isFinite(n))) break;
    out.push([cmd[0], ...args].join(' '));
    i += 1 + cmd[1];
  }
  return out.join(' ');
}

function imageKind(b: Uint8Array): 'png' | 'jpeg' | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  return null;
}

function paint(pdf: PDFKit.PDFDocument, doc: OfdDocument, fonts: Record<FontRole, FontFace>) {
  const painter = new Painter(pdf, doc.resources, fonts);
  for (const page of doc.pages) {
    const [, , w, h] = page.box;
    pdf.addPage({ size: [Math.max(1, w) * MM, Math.max(1, h) * MM], margin: 0 });
    pdf.save();
    pdf.scale(MM);
    // PhysicalBox may start elsewhere than 0 0: the page shows the box.
    pdf.translate(-page.box[0], -page.box[1]);
    for (const layer of page.layers) painter.objects(layer);
    for (const a of page.annotations) painter.within(a.box, () => painter.objects(a.content));
    for (const s of page.stamps) painter.stamp(s, fonts, 0);
    pdf.restore();
  }
}

/** The OFD package as a PDF; OfdError when the package cannot be read. */
export async function ofdToPdf(bytes: Uint8Array, fonts: Record<FontRole, FontFace>): Promise<Uint8Array> {
  const doc = readOfd(bytes);
  const pdf = new PDFDocument({ autoFirstPage: false, info: { Creator: '中枢 Zhongshu（OFD 预览）' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });
  paint(pdf, doc, fonts);
  pdf.end();
  return done;
}
