// OFD packages for tests, built the way producers (数科, 福昕, the national exchange systems) write them: a 公文 page
// with a red 发文机关标志 and rule, body lines placed character by character, a template behind every page, a
// picture, a stamp annotation and an electronic seal whose picture sits inside a DER-encoded signature value.
import { strToU8, zlibSync, zipSync } from 'fflate';

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(strToU8(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A PNG of one colour, `size` pixels square (RGB, 8 bits). */
export function solidPng(size: number, rgb: [number, number, number]): Uint8Array {
  const header = new Uint8Array(13);
  const v = new DataView(header.buffer);
  v.setUint32(0, size);
  v.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = new Uint8Array(size * (1 + 3 * size));
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) raw.set(rgb, y * (1 + 3 * size) + 1 + 3 * x);
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array()),
  );
}

/** A DER element: tag, definite length, content. */
function der(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len =
    n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

/** A signature value shaped like GB/T 38540's SES_Signature: the seal (ES) with its picture (type, data, size) inside. */
export function signatureValue(picture: Uint8Array, type: 'png' | 'ofd'): Uint8Array {
  const image = der(
    0x30,
    concat(der(0x16, strToU8(type)), der(0x04, picture), der(0x02, new Uint8Array([40])), der(0x02, new Uint8Array([40]))),
  );
  const seal = der(0x30, concat(der(0x16, strToU8('ES')), der(0x16, strToU8('中共江南市委办公室')), image));
  return der(0x30, concat(der(0x30, concat(der(0x02, new Uint8Array([4])), seal)), der(0x03, new Uint8Array(65))));
}

export interface TextLine {
  x: number;
  y: number;
  text: string;
  size?: number;
  font?: number;
  red?: boolean;
}

/** A TextObject per line, every character advanced by the line's size (the way 公文 lines are laid out). */
export function textObjects(lines: TextLine[], firstId: number): string {
  return lines
    .map((l, i) => {
      const size = l.size ?? 5.6;
      const chars = Array.from(l.text);
      const n = chars.length;
      const fill = l.red ? '<ofd:FillColor Value="230 0 0"/>' : '';
      // Half the size for ASCII digits and letters, as producers lay them out; the full size for the rest.
      const advance = (c: string) => (c.charCodeAt(0) < 0x80 ? size / 2 : size);
      const delta = n > 1 ? ` DeltaX="${chars.slice(0, -1).map(advance).join(' ')}"` : '';
      const esc = l.text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');
      return `<ofd:TextObject ID="${firstId + i}" Boundary="${l.x} ${l.y - size} ${chars.reduce((w, c) => w + advance(c), 1)} ${size * 1.4}" Font="${l.font ?? 3}" Size="${size}">${fill}<ofd:TextCode X="0" Y="${size}"${delta}>${esc}</ofd:TextCode></ofd:TextObject>`;
    })
    .join('');
}

export interface OfdFixture {
  /** Each page's content objects (XML inside a Layer). */
  pages: string[];
  /** A template page behind every page. */
  template?: string;
  /** Pictures by resource ID. */
  media?: Record<string, Uint8Array>;
  /** An electronic seal on a page (1-based), its box in mm, and its picture. */
  seal?: { page: number; box: [number, number, number, number]; picture: Uint8Array; type: 'png' | 'ofd' };
  /** A stamp annotation's appearance on the first page. */
  annotation?: { box: [number, number, number, number]; content: string };
  /** Embedded font programs by font ID (3 仿宋, 4 小标宋, 5 黑体). */
  fontFiles?: Record<string, Uint8Array>;
  /** Location style: some producers write root-relative BaseLocs ("/Doc_0/…"). */
  rootRelative?: boolean;
}

/** An OFD package (GB/T 33190-2016) with the parts a reader follows: OFD.xml → Document.xml → resources, pages… */
export function buildOfd(f: OfdFixture): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const loc = (rel: string) => (f.rootRelative ? `/Doc_0/${rel}` : rel);
  files['OFD.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6d2f</ofd:DocID><ofd:Title>测试</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>${f.seal ? '<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>' : ''}</ofd:DocBody></ofd:OFD>`,
  );
  const media = Object.entries(f.media ?? {})
    .map(([id, bytes]) => {
      files[`Doc_0/Res/image_${id}.png`] = bytes;
      return `<ofd:MultiMedia ID="${id}" Type="Image" Format="PNG"><ofd:MediaFile>image_${id}.png</ofd:MediaFile></ofd:MultiMedia>`;
    })
    .join('');
  const font = (id: string, name: string) => {
    const file = f.fontFiles?.[id];
    if (file) files[`Doc_0/Res/font_${id}.ttf`] = file;
    return `<ofd:Font ID="${id}" FontName="${name}" FamilyName="${name}">${file ? `<ofd:FontFile>font_${id}.ttf</ofd:FontFile>` : ''}</ofd:Font>`;
  };
  files['Doc_0/PublicRes.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ${NS} BaseLoc="Res"><ofd:ColorSpaces><ofd:ColorSpace ID="2" Type="RGB" BitsPerComponent="8"/></ofd:ColorSpaces><ofd:Fonts>${font('3', '仿宋_GB2312')}${font('4', '方正小标宋简体')}${font('5', '黑体')}</ofd:Fonts></ofd:Res>`,
  );
  files['Doc_0/DocumentRes.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ${NS} BaseLoc="Res"><ofd:MultiMedias>${media}</ofd:MultiMedias></ofd:Res>`,
  );
  const template = f.template ? `<ofd:TemplatePage ID="90" BaseLoc="${loc('Tpls/Tpl_0/Content.xml')}"/>` : '';
  if (f.template)
    files['Doc_0/Tpls/Tpl_0/Content.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Content><ofd:Layer ID="91">${f.template}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
  const pageRefs = f.pages.map((_, i) => `<ofd:Page ID="${100 + i}" BaseLoc="${loc(`Pages/Page_${i}/Content.xml`)}"/>`).join('');
  f.pages.forEach((content, i) => {
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}>${f.template ? '<ofd:Template TemplateID="90" ZOrder="Background"/>' : ''}<ofd:Content><ofd:Layer ID="${200 + i}" Type="Body">${content}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
  });
  const annots = f.annotation ? '<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>' : '';
  if (f.annotation) {
    const [x, y, w, h] = f.annotation.box;
    files['Doc_0/Annots/Annotations.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations ${NS}><ofd:Page PageID="100"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>`,
    );
    files['Doc_0/Annots/Page_0/Annotation.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot ${NS}><ofd:Annot ID="300" Type="Stamp" Visible="true"><ofd:Appearance Boundary="${x} ${y} ${w} ${h}">${f.annotation.content}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>`,
    );
  }
  files['Doc_0/Document.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>400</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>${template}</ofd:CommonData><ofd:Pages>${pageRefs}</ofd:Pages>${annots}</ofd:Document>`,
  );
  if (f.seal) {
    const [x, y, w, h] = f.seal.box;
    files['Doc_0/Signs/Signatures.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures ${NS}><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/></ofd:Signatures>`,
    );
    files['Doc_0/Signs/Sign_0/Signature.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Signature ${NS}><ofd:SignedInfo><ofd:Provider ProviderName="测试"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:StampAnnot ID="1" PageRef="${99 + f.seal.page}" Boundary="${x} ${y} ${w} ${h}"/></ofd:SignedInfo><ofd:SignedValue>/Doc_0/Signs/Sign_0/SignedValue.dat</ofd:SignedValue></ofd:Signature>`,
    );
    files['Doc_0/Signs/Sign_0/SignedValue.dat'] = signatureValue(f.seal.picture, f.seal.type);
  }
  return zipSync(files);
}

/** A one-page 公文 in OFD: 红头, red rule, title, body and 落款, with a seal over the date. */
export function notice(body: string[]): OfdFixture {
  const lines: TextLine[] = [
    { x: 22, y: 65, text: '中共江南市委办公室文件', size: 15, font: 4, red: true },
    { x: 78, y: 82, text: '江南委办发〔2026〕46号', size: 5.6 },
    { x: 40, y: 110, text: '关于做好元旦春节期间走访慰问工作的通知', size: 7.7, font: 4 },
    ...body.map((text, i) => ({ x: 27, y: 130 + i * 10.3, text })),
    { x: 130, y: 240, text: '2026年12月6日', size: 5.6 },
  ];
  const rule =
    '<ofd:PathObject ID="50" Boundary="26 86 158 1" LineWidth="0.5"><ofd:StrokeColor Value="230 0 0"/><ofd:AbbreviatedData>M 0 0.5 L 156 0.5</ofd:AbbreviatedData></ofd:PathObject>';
  return { pages: [rule + textObjects(lines, 10)] };
}
