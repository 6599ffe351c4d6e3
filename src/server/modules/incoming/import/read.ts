// From uploaded bytes to lines of text: .docx by its zip signature, plain text in UTF-8 (with or without BOM),
// UTF-16 with BOM, or GB18030 (a superset of GBK and GB2312, what Chinese Windows saves as "ANSI").
import { DomainError } from '../../../platform/errors';
import type { ImportEncoding, ImportFormat } from '../../../../contract/incoming-import';
import { docxLines } from './docx';

interface SourceText {
  format: ImportFormat;
  encoding: ImportEncoding | null;
  lines: string[];
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);
const unsupported = (message: string) => new DomainError('UNSUPPORTED_MEDIA_TYPE', message);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// A long 公文 with its attachments runs to a few hundred thousand characters and some thousands of lines, a
// paragraph to a few thousand characters. Past these a file is not a 公文 but something made to keep the parser
// busy, and it is refused whole.
const MAX_TEXT_CHARS = 2_000_000;
const MAX_LINES = 100_000;
const MAX_LINE_CHARS = 20_000;
const tooLarge = (message: string) => new DomainError('PAYLOAD_TOO_LARGE', message);

function checkSize(lines: string[]): string[] {
  if (lines.length > MAX_LINES) throw tooLarge(`来文超过 ${MAX_LINES / 10_000} 万行，无法识别，请手工登记`);
  let total = 0;
  for (const [i, line] of lines.entries()) {
    if (line.length > MAX_LINE_CHARS)
      throw tooLarge(`第 ${i + 1} 行超过 ${MAX_LINE_CHARS / 10_000} 万字，不像公文的排版，无法识别，请手工登记`);
    total += line.length;
  }
  if (total > MAX_TEXT_CHARS) throw tooLarge(`来文正文超过 ${MAX_TEXT_CHARS / 10_000} 万字，无法识别，请手工登记`);
  return lines;
}

function refuseKnownBinaries(bytes: Uint8Array, name: string) {
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    throw unsupported('暂不支持 Word 97-2003（.doc）或 WPS（.wps）格式，请另存为 .docx 后上传');
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) throw unsupported('暂不支持 PDF 文件，请上传 .docx 或 .txt');
  if (/\.(?:doc|wps|pdf|ofd|rtf)$/u.test(name)) throw unsupported('只支持 .docx 和 .txt 文件');
}

function decodeText(bytes: Uint8Array, contentType: string | undefined): { text: string; encoding: ImportEncoding } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes.includes(0)) throw unsupported('无法识别的文件格式，请上传 .docx 或 .txt');
  const declared = /charset\s*=\s*"?([\w-]+)/iu.exec(contentType ?? '')?.[1]?.toLowerCase();
  // Chinese text in GB18030 is almost never valid UTF-8, so a strict UTF-8 decode tells the two apart;
  // a declared GB charset is believed, since pure-ASCII-looking GBK could otherwise pass as UTF-8.
  if (declared && /^(?:gb18030|gbk|gb2312|x-gbk|cp936)$/u.test(declared))
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export function readSource(bytes: Uint8Array, fileName: string, contentType?: string): SourceText {
  if (!bytes.length) throw new DomainError('VALIDATION_FAILED', '文件为空');
  const name = fileName.trim().toLowerCase();
  const zip = startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);
  if (zip || name.endsWith('.docx') || contentType?.startsWith(DOCX_TYPE)) {
    if (!zip) throw unsupported('文件扩展名为 .docx，但内容不是 Word 文档');
    return { format: 'docx', encoding: null, lines: checkSize(docxLines(bytes)) };
  }
  refuseKnownBinaries(bytes, name);
  const { text, encoding } = decodeText(bytes, contentType);
  return { format: 'txt', encoding, lines: checkSize(text.split(/\r\n|\r|\n|\u2028|\u2029|\f/u)) };
}
