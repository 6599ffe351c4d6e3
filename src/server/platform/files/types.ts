/**
 * The file types an office exchanges, as data: extension, the type we serve it as, and the signatures its
 * first bytes may carry. A file is accepted only when its extension is listed here AND its bytes match.
 */
export type Signature = 'pdf' | 'zip' | 'ole' | 'jpeg' | 'png' | 'tiff' | 'rar' | '7z' | 'text';

export interface FileType {
  ext: string;
  mime: string;
  label: string;
  signatures: readonly Signature[];
}

const OOXML = 'application/vnd.openxmlformats-officedocument';

export const FILE_TYPES: readonly FileType[] = [
  { ext: 'pdf', mime: 'application/pdf', label: 'PDF 文档', signatures: ['pdf'] },
  // GB/T 33190 OFD is a zip package (OFD.xml at its root).
  { ext: 'ofd', mime: 'application/ofd', label: 'OFD 版式文档', signatures: ['zip'] },
  { ext: 'docx', mime: `${OOXML}.wordprocessingml.document`, label: 'Word 文档', signatures: ['zip'] },
  { ext: 'xlsx', mime: `${OOXML}.spreadsheetml.sheet`, label: 'Excel 表格', signatures: ['zip'] },
  { ext: 'pptx', mime: `${OOXML}.presentationml.presentation`, label: 'PowerPoint 演示文稿', signatures: ['zip'] },
  { ext: 'doc', mime: 'application/msword', label: 'Word 97-2003 文档', signatures: ['ole'] },
  { ext: 'xls', mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 表格', signatures: ['ole'] },
  { ext: 'ppt', mime: 'application/vnd.ms-powerpoint', label: 'PowerPoint 97-2003 演示文稿', signatures: ['ole'] },
  // WPS Office writes its own formats as OLE compound files; newer versions may write them as zip packages.
  { ext: 'wps', mime: 'application/wps-office.wps', label: 'WPS 文字', signatures: ['ole', 'zip'] },
  { ext: 'et', mime: 'application/wps-office.et', label: 'WPS 表格', signatures: ['ole', 'zip'] },
  { ext: 'dps', mime: 'application/wps-office.dps', label: 'WPS 演示', signatures: ['ole', 'zip'] },
  { ext: 'txt', mime: 'text/plain', label: '纯文本', signatures: ['text'] },
  { ext: 'csv', mime: 'text/csv', label: 'CSV 表格', signatures: ['text'] },
  { ext: 'jpg', mime: 'image/jpeg', label: 'JPEG 图片', signatures: ['jpeg'] },
  { ext: 'jpeg', mime: 'image/jpeg', label: 'JPEG 图片', signatures: ['jpeg'] },
  { ext: 'png', mime: 'image/png', label: 'PNG 图片', signatures: ['png'] },
  { ext: 'tif', mime: 'image/tiff', label: 'TIFF 图片', signatures: ['tiff'] },
  { ext: 'tiff', mime: 'image/tiff', label: 'TIFF 图片', signatures: ['tiff'] },
  { ext: 'zip', mime: 'application/zip', label: 'ZIP 压缩包', signatures: ['zip'] },
  { ext: 'rar', mime: 'application/vnd.rar', label: 'RAR 压缩包', signatures: ['rar'] },
  { ext: '7z', mime: 'application/x-7z-compressed', label: '7z 压缩包', signatures: ['7z'] },
];

/** How many leading bytes the signatures need (text is judged on this much). */
export const SNIFF_BYTES = 4096;

const startsWith = (head: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const BINARY: Record<Exclude<Signature, 'text'>, (head: Uint8Array) => boolean> = {
  // PDF readers accept the header anywhere in the first 1024 bytes.
  pdf: (h) => Buffer.from(h.subarray(0, 1024)).includes('%PDF-'),
  // local file header, or the end record of an empty archive
  zip: (h) => startsWith(h, 0x50, 0x4b, 0x03, 0x04) || startsWith(h, 0x50, 0x4b, 0x05, 0x06),
  ole: (h) => startsWith(h, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
  jpeg: (h) => startsWith(h, 0xff, 0xd8, 0xff),
  png: (h) => startsWith(h, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  tiff: (h) =>
    startsWith(h, 0x49, 0x49, 0x2a, 0x00) ||
    startsWith(h, 0x4d, 0x4d, 0x00, 0x2a) ||
    startsWith(h, 0x49, 0x49, 0x2b, 0x00) ||
    startsWith(h, 0x4d, 0x4d, 0x00, 0x2b),
  rar: (h) => startsWith(h, ...ascii('Rar!'), 0x1a, 0x07),
  '7z': (h) => startsWith(h, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c),
};

// Text in UTF-8 or GB18030 has no NUL and no C0 controls other than tab, line breaks, form feed and ESC;
// and a file that opens like a PDF is a PDF, whatever its name says.
const isText = (h: Uint8Array) =>
  h.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || b === 0x1b) &&
  !Object.values(BINARY).some((is) => is(h));

const SIGNATURES: Record<Signature, (head: Uint8Array) => boolean> = { ...BINARY, text: isText };

const byExt = new Map(FILE_TYPES.map((t) => [t.ext, t]));

export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

export const typeOfName = (name: string): FileType | undefined => byExt.get(extensionOf(name));

export const matchesSignature = (type: FileType, head: Uint8Array): boolean => type.signatures.some((s) => SIGNATURES[s](head));

/** For messages: 支持的类型：pdf、ofd、docx … */
export const allowedExtensions = (): string => FILE_TYPES.map((t) => t.ext).join('、');
