// The paragraphs of a .docx (ECMA-376 WordprocessingML), in reading order, as plain lines.
// Only the main document part is read: page numbers live in footers, which is where they belong.
import { unzipSync } from 'fflate';
import { DomainError } from '../../../platform/errors';

// A 公文 body is a few hundred KB at most; this bounds what a forged zip can make us inflate.
const MAX_PART_BYTES = 32 * 1024 * 1024;
const OFFICE_DOCUMENT = /Type="[^"]*\/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*\/officeDocument"/u;

const unsupported = (message: string) => new DomainError('UNSUPPORTED_MEDIA_TYPE', message);

function unzipParts(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(f.name)) return false;
        if (f.originalSize > MAX_PART_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'Word 文档正文过大，无法读取');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw unsupported('文件不是有效的 Word 文档（.docx），可能已损坏');
  }
}

/** The lines of the main document part; each paragraph is one line, and a line break inside it starts another. */
export function docxLines(bytes: Uint8Array): string[] {
  const utf8 = new TextDecoder('utf-8');
  const rels = unzipParts(bytes, (n) => n === '_rels/.rels')['_rels/.rels'];
  const target = rels ? OFFICE_DOCUMENT.exec(utf8.decode(rels)) : null;
  const partName = (target?.[1] ?? target?.[2] ?? 'word/document.xml').replace(/^\//u, '');
  const parts = unzipParts(bytes, (n) => n === partName || n === 'OFD.xml');
  if (parts['OFD.xml']) throw unsupported('暂不支持 OFD 版式文件，请上传 .docx 或 .txt');
  const xml = parts[partName];
  if (!xml) throw unsupported('压缩包中没有 Word 正文（word/document.xml），请上传 .docx 或 .txt');
  return paragraphs(utf8.decode(xml));
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (all, e: string) =>
    e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITY[e] ?? all),
  );

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'u').exec(tag)?.[1];

interface Paragraph {
  text: string;
  indent: boolean;
}

/**
 * 双行合一 (<w:eastAsianLayout w:combine>) stacks a run's text in two half-height lines, Word putting the first
 * half on top; joint headers use it for two issuers. The halves are set apart as if typed with tabs.
 */
function combined(text: string): string {
  const chars = [...text];
  const half = Math.ceil(chars.length / 2);
  return `\t${chars.slice(0, half).join('').trim()}\t${chars.slice(half).join('').trim()}\t`;
}

/**
 * Walks the XML as a flat stream of tags and text. Text is kept from <w:t> only, so field instructions
 * (<w:instrText>) and tracked deletions (<w:delText>) fall away; the result of a complex field is kept, and
 * anything between its begin and separate marks is dropped. A text box's paragraphs appear where the box is
 * anchored; its VML copy (<mc:Fallback>), ruby guides (<w:rt>) and the old place of moved text (<w:moveFrom>)
 * are skipped so that no text is read twice.
 */
function paragraphs(xml: string): string[] {
  const out: string[] = [];
  const open: Paragraph[] = [];
  const fields: ('code' | 'result')[] = [];
  let skip = 0;
  let inText = false;
  let inProps = 0;
  let run: { text: string; combine: boolean } | null = null;
  const emit = (p: Paragraph) => {
    for (const [i, line] of p.text.split('\n').entries()) out.push(i === 0 && p.indent && line.trim() ? `\u3000\u3000${line}` : line);
  };
  for (const m of xml.matchAll(/<[^>]*>|[^<]+/gu)) {
    const token = m[0];
    const p = open.at(-1);
    if (token[0] !== '<') {
      if (inText && !skip && p && !fields.includes('code')) (run ?? p).text += unescape(token);
      continue;
    }
    const tag = /^<\/?([\w:.-]+)/u.exec(token)?.[1];
    if (!tag) continue;
    const closing = token[1] === '/';
    const selfClosing = token.endsWith('/>');
    if (tag === 'mc:Fallback' || tag === 'w:rt' || tag === 'w:moveFrom') {
      if (!selfClosing) skip += closing ? -1 : 1;
      continue;
    }
    if (skip) continue;
    if (tag === 'w:p') {
      if (selfClosing) out.push('');
      else if (closing) emit(open.pop() ?? { text: '', indent: false });
      else open.push({ text: '', indent: false });
    } else if (tag === 'w:pPr' && !selfClosing) inProps += closing ? -1 : 1;
    else if (tag === 'w:t' && !selfClosing) inText = !closing;
    else if (tag === 'w:r' && p && !selfClosing) {
      if (closing && run) p.text += run.combine ? combined(run.text) : run.text;
      run = closing ? null : { text: '', combine: false };
    } else if (!p || closing) continue;
    else if (tag === 'w:fldChar') {
      const kind = attr(token, 'w:fldCharType');
      if (kind === 'begin') fields.push('code');
      else if (kind === 'separate' && fields.length) fields[fields.length - 1] = 'result';
      else if (kind === 'end') fields.pop();
    } else if (tag === 'w:ind' && inProps) p.indent = Number(attr(token, 'w:firstLine') ?? 0) > 0 || Number(attr(token, 'w:firstLineChars') ?? 0) > 0;
    else if (inProps || fields.includes('code')) continue;
    else if (tag === 'w:eastAsianLayout' && run) run.combine = /^(?:1|true|on)$/u.test(attr(token, 'w:combine') ?? '');
    else if (tag === 'w:tab') (run ?? p).text += '\t';
    else if (tag === 'w:br' || tag === 'w:cr') (run ?? p).text += '\n';
    else if (tag === 'w:noBreakHyphen') (run ?? p).text += '-';
  }
  return out;
}
