// An OFD package (GB/T 33190-2016: a zip of XML parts) read into what a renderer needs: the pages of its first
// document in order, each with its size and content layers (templates behind and in front), the resources they
// refer to by ID, the annotations drawn on each page, and the seals (电子印章) placed by its signatures.
import { unzipSync } from 'fflate';
import { child, childrenNamed, childText, parseXml, XmlError, type XmlElement } from './xml';

export class OfdError extends Error {}

// A 公文 in OFD is a few MB with its fonts; these bound what a forged package can make us inflate.
const MAX_PART_BYTES = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
const MAX_PAGES = 2000;

export type Box = [x: number, y: number, w: number, h: number];

interface OfdFont {
  name: string;
  family: string | undefined;
  /** The embedded font program, when the package carries one. */
  file: Uint8Array | undefined;
}

interface OfdMedia {
  format: string;
  bytes: Uint8Array | undefined;
}

export interface OfdResources {
  fonts: Map<string, OfdFont>;
  media: Map<string, OfdMedia>;
  drawParams: Map<string, XmlElement>;
  /** Colour spaces by ID: their type (GRAY, RGB, CMYK). */
  colorSpaces: Map<string, string>;
}

export interface OfdStamp {
  box: Box;
  /** The seal's picture: a PNG or JPEG, or a whole OFD (a seal made as an OFD document), or nothing we can read. */
  picture: { kind: 'png' | 'jpeg' | 'ofd'; bytes: Uint8Array } | null;
}

interface OfdPage {
  id: string;
  box: Box;
  /** Content layers in painting order: background templates, the page's own layers, foreground templates. */
  layers: XmlElement[];
  /** Annotation appearances (stamps, watermarks, marks) drawn over the page. */
  annotations: { box: Box; content: XmlElement }[];
  stamps: OfdStamp[];
}

export interface OfdDocument {
  pages: OfdPage[];
  resources: OfdResources;
}

const utf8 = new TextDecoder('utf-8');

/** Numbers of a space-separated attribute ("0 0 210 297"). */
export function numbers(s: string | undefined): number[] {
  if (!s) return [];
  return s
    .trim()
    .split(/[\s,]+/u)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

function boxOf(s: string | undefined): Box | undefined {
  const n = numbers(s);
  return n.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : undefined;
}

/** A path inside the package from a location written relative to `dir` (or to the root, when it starts with /). */
function join(dir: string, loc: string): string {
  const parts = (loc.startsWith('/') ? loc : `${dir}/${loc}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

class Package {
  private readonly parts = new Map<string, Uint8Array>();
  private readonly lower = new Map<string, string>();

  constructor(bytes: Uint8Array) {
    let total = 0;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (f) => {
          if (f.originalSize > MAX_PART_BYTES || (total += f.originalSize) > MAX_TOTAL_BYTES)
            throw new OfdError('OFD 文件解压后过大');
          return !f.name.endsWith('/');
        },
      });
    } catch (e) {
      if (e instanceof OfdError) throw e;
      throw new OfdError('文件不是有效的 OFD 版式文件（压缩包无法读取），可能已损坏');
    }
    for (const [name, data] of Object.entries(files)) {
      const path = join('', name.replace(/\\/gu, '/'));
      this.parts.set(path, data);
      this.lower.set(path.toLowerCase(), path);
    }
  }

  /** A part by a location relative to `dir`. */
  bytes(dir: string, loc: string | undefined): Uint8Array | undefined {
    return loc ? this.parts.get(this.pathOf(dir, loc)) : undefined;
  }

  /** Where a location leads: producers also write document-relative locations as root-relative and the reverse, and mix cases. */
  pathOf(dir: string, loc: string): string {
    for (const path of [join(dir, loc), join('', loc)]) {
      if (this.parts.has(path)) return path;
      const other = this.lower.get(path.toLowerCase());
      if (other) return other;
    }
    return join(dir, loc);
  }

  xml(dir: string, loc: string | undefined): { el: XmlElement; path: string } | undefined {
    const data = this.bytes(dir, loc);
    if (!data || !loc) return undefined;
    try {
      return { el: parseXml(utf8.decode(data)), path: this.pathOf(dir, loc) };
    } catch (e) {
      if (e instanceof XmlError) throw new OfdError(`OFD 文件的 ${loc} 不是有效的 XML：${e.message}`);
      throw e;
    }
  }
}

function readResources(pkg: Package, dir: string, locs: string[], into: OfdResources) {
  for (const loc of locs) {
    const res = pkg.xml(dir, loc);
    if (!res) continue;
    const base = join(dirOf(res.path), res.el.attrs.BaseLoc ?? '');
    for (const group of res.el.children) {
      for (const r of group.children) {
        const id = r.attrs.ID;
        if (!id) continue;
        if (r.name === 'Font') {
          into.fonts.set(id, {
            name: r.attrs.FontName ?? '',
            family: r.attrs.FamilyName,
            file: pkg.bytes(base, childText(r, 'FontFile')),
          });
        } else if (r.name === 'MultiMedia') {
          into.media.set(id, {
            format: (r.attrs.Format ?? r.attrs.Type ?? '').toUpperCase(),
            bytes: pkg.bytes(base, childText(r, 'MediaFile')),
          });
        } else if (r.name === 'DrawParam') into.drawParams.set(id, r);
        else if (r.name === 'ColorSpace') into.colorSpaces.set(id, (r.attrs.Type ?? 'RGB').toUpperCase());
      }
    }
  }
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function indexOf(hay: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The length of the DER OCTET STRING whose content starts at `start`, when the bytes before it say so. */
function derLengthBefore(b: Uint8Array, start: number): number | undefined {
  if (start >= 2 && b[start - 2] === 0x04 && b[start - 1]! < 0x80) return b[start - 1];
  for (let n = 1; n <= 4; n++) {
    const tag = start - 2 - n;
    if (tag < 0 || b[tag] !== 0x04 || b[tag + 1] !== (0x80 | n)) continue;
    let len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[tag + 2 + k]!;
    if (start + len <= b.length) return len;
  }
  return undefined;
}

/**
 * The seal's picture inside a signature value (GB/T 38540 SES_Signature, or the older GM/T 0031 V1 layout): the
 * seal's image is an OCTET STRING of type png/jpg/ofd. Rather than decode both ASN.1 layouts, the picture is found
 * by its own signature and measured by the DER length just before it.
 */
export function sealPicture(value: Uint8Array): OfdStamp['picture'] {
  const found = [
    { kind: 'png' as const, at: indexOf(value, PNG) },
    { kind: 'jpeg' as const, at: indexOf(value, [0xff, 0xd8, 0xff]) },
    { kind: 'ofd' as const, at: indexOf(value, [0x50, 0x4b, 0x03, 0x04]) },
  ]
    .filter((f) => f.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (!found) return null;
  const len = derLengthBefore(value, found.at);
  if (len !== undefined) return { kind: found.kind, bytes: value.subarray(found.at, found.at + len) };
  if (found.kind === 'png') {
    const end = indexOf(value, [0x49, 0x45, 0x4e, 0x44], found.at);
    return end < 0 ? null : { kind: 'png', bytes: value.subarray(found.at, end + 8) };
  }
  return { kind: found.kind, bytes: value.subarray(found.at) };
}

function readStamps(pkg: Package, signaturesLoc: string | undefined, pageIds: Set<string>): Map<string, OfdStamp[]> {
  const byPage = new Map<string, OfdStamp[]>();
  const list = pkg.xml('', signaturesLoc);
  if (!list) return byPage;
  for (const s of childrenNamed(list.el, 'Signature')) {
    const sig = pkg.xml(dirOf(list.path), s.attrs.BaseLoc);
    if (!sig) continue;
    const value = pkg.bytes(dirOf(sig.path), childText(sig.el, 'SignedValue'));
    const picture = value ? sealPicture(value) : null;
    for (const annot of childrenNamed(child(sig.el, 'SignedInfo'), 'StampAnnot')) {
      const box = boxOf(annot.attrs.Boundary);
      const page = annot.attrs.PageRef;
      if (!box || !page || !pageIds.has(page)) continue;
      byPage.set(page, [...(byPage.get(page) ?? []), { box, picture }]);
    }
  }
  return byPage;
}

function readAnnotations(pkg: Package, docDir: string, loc: string | undefined): Map<string, OfdPage['annotations']> {
  const byPage = new Map<string, OfdPage['annotations']>();
  const list = pkg.xml(docDir, loc);
  if (!list) return byPage;
  for (const p of childrenNamed(list.el, 'Page')) {
    const file = pkg.xml(dirOf(list.path), childText(p, 'FileLoc'));
    if (!file || !p.attrs.PageID) continue;
    for (const annot of childrenNamed(file.el, 'Annot')) {
      if (annot.attrs.Visible === 'false') continue;
      const appearance = child(annot, 'Appearance');
      const box = boxOf(appearance?.attrs.Boundary);
      if (!appearance || !box) continue;
      byPage.set(p.attrs.PageID, [...(byPage.get(p.attrs.PageID) ?? []), { box, content: appearance }]);
    }
  }
  return byPage;
}

/** The first document of an OFD package, ready to draw. Throws OfdError with a reader's message when it cannot. */
export function readOfd(bytes: Uint8Array): OfdDocument {
  const pkg = new Package(bytes);
  const entry = pkg.xml('', 'OFD.xml');
  if (!entry || entry.el.name !== 'OFD') throw new OfdError('文件不是有效的 OFD 版式文件（缺少 OFD.xml）');
  const body = child(entry.el, 'DocBody');
  const doc = pkg.xml('', childText(body, 'DocRoot'));
  if (!doc) throw new OfdError('OFD 文件缺少文档（DocRoot）');
  const docDir = dirOf(doc.path);
  const common = child(doc.el, 'CommonData');
  const defaultBox = boxOf(childText(child(common, 'PageArea'), 'PhysicalBox')) ?? [0, 0, 210, 297];

  const resources: OfdResources = { fonts: new Map(), media: new Map(), drawParams: new Map(), colorSpaces: new Map() };
  const resLocs = (el: XmlElement | undefined) =>
    [...childrenNamed(el, 'PublicRes'), ...childrenNamed(el, 'DocumentRes')].map((r) => r.text.trim());
  readResources(pkg, docDir, resLocs(common), resources);

  const templates = new Map<string, XmlElement>();
  for (const t of childrenNamed(common, 'TemplatePage')) {
    const tpl = pkg.xml(docDir, t.attrs.BaseLoc);
    if (tpl && t.attrs.ID) {
      templates.set(t.attrs.ID, tpl.el);
      readResources(
        pkg,
        dirOf(tpl.path),
        childrenNamed(tpl.el, 'PageRes').map((r) => r.text.trim()),
        resources,
      );
    }
  }

  const pageRefs = childrenNamed(child(doc.el, 'Pages'), 'Page');
  if (pageRefs.length === 0) throw new OfdError('OFD 文件没有页面');
  if (pageRefs.length > MAX_PAGES) throw new OfdError(`OFD 文件超过 ${MAX_PAGES} 页，不在线预览`);
  const pageIds = new Set(pageRefs.map((p) => p.attrs.ID ?? ''));
  const stamps = readStamps(pkg, childText(body, 'Signatures'), pageIds);
  const annotations = readAnnotations(pkg, docDir, childText(doc.el, 'Annotations'));

  const pages = pageRefs.map((ref, n): OfdPage => {
    const page = pkg.xml(docDir, ref.attrs.BaseLoc);
    if (!page) throw new OfdError(`OFD 文件缺少第 ${n + 1} 页（${ref.attrs.BaseLoc ?? '无位置'}）`);
    readResources(
      pkg,
      dirOf(page.path),
      childrenNamed(page.el, 'PageRes').map((r) => r.text.trim()),
      resources,
    );
    const box = boxOf(childText(child(page.el, 'Area'), 'PhysicalBox')) ?? defaultBox;
    const behind: XmlElement[] = [];
    const before: XmlElement[] = [];
    for (const t of childrenNamed(page.el, 'Template')) {
      const tpl = templates.get(t.attrs.TemplateID ?? '');
      const layers = childrenNamed(child(tpl, 'Content'), 'Layer');
      (t.attrs.ZOrder === 'Foreground' ? before : behind).push(...layers);
    }
    const own = childrenNamed(child(page.el, 'Content'), 'Layer');
    const id = ref.attrs.ID ?? '';
    return {
      id,
      box,
      layers: [...behind, ...own, ...before],
      annotations: annotations.get(id) ?? [],
      stamps: stamps.get(id) ?? [],
    };
  });
  return { pages, resources };
}
