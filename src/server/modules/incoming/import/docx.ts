// The paragraphs of a .docx (ECMA-376 WordprocessingML), in reading order, as plain lines.
// Only the main document part is read: page numbers live in footers, which is where they belong.
import { unzipSync } from 'fflate';
import { DomainError } from '../../../platform/errors';

// A 公文 body is a few hundred KB at most; this bounds what a forged zip can make us inflate, and so how long
// the one pass over it takes.
const MAX_PART_BYTES = 16 * 1024 * 1024;

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
  const partName = ((rels && mainPartOf(utf8.decode(rels))) ?? 'word/document.xml').replace(/^\//u, '');
  const parts = unzipParts(bytes, (n) => n === partName || n === 'OFD.xml');
  if (parts['OFD.xml']) throw unsupported('暂不支持 OFD 版式文件，请上传 .docx 或 .txt');
  const xml = parts[partName];
  if (!xml) throw unsupported('压缩包中没有 Word 正文（word/document.xml），请上传 .docx 或 .txt');
  return paragraphs(utf8.decode(xml));
}

/**
 * The XML as a flat stream of tags and text, in one pass. (The regex /<[^>]*>|[^<]+/g scanned to the end from
 * every '<' that has no '>' after it: 150,000 of them took 21 s.) After a '<' without its '>' no tag follows,
 * so no paragraph can close and nothing more is read.
 */
function* tokens(xml: string): Generator<string> {
  let i = 0;
  while (i < xml.length) {
    let next: number;
    if (xml[i] === '<') {
      next = xml.indexOf('>', i + 1) + 1;
      if (!next) return;
    } else {
      next = xml.indexOf('<', i);
      if (next < 0) next = xml.length;
    }
    yield xml.slice(i, next);
    i = next;
  }
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'u').exec(tag)?.[1];

/** The target of the package's officeDocument relationship (ECMA-376 Part 2 §9.3), tag by tag. */
function mainPartOf(rels: string): string | undefined {
  for (const token of tokens(rels)) {
    if (token[0] === '<' && attr(token, 'Type')?.endsWith('/officeDocument')) return attr(token, 'Target');
  }
  return undefined;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// XML 1.0 §2.2 Char. A reference to anything else (a surrogate, a code point past U+10FFFF, most C0 controls)
// makes the part not well-formed, and String.fromCodePoint throws on some of them: such a reference is dropped.
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

function character(ref: string): string {
  const c = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
  return isXmlChar(c) ? String.fromCodePoint(c) : '';
}

const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (all, e: string) => (e.startsWith('#') ? character(e) : (ENTITY[e] ?? all)));

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
  // How many of `fields` are in their code part: asked for every token, so counted rather than searched.
  let inCode = 0;
  let skip = 0;
  let inText = false;
  let inProps = 0;
  let run: { text: string; combine: boolean } | null = null;
  const emit = (p: Paragraph) => {
    for (const [i, line] of p.text.split('\n').entries())
      out.push(i === 0 && p.indent && line.trim() ? `\u3000\u3000${line}` : line);
  };
  for (const token of tokens(xml)) {
    const p = open.at(-1);
    if (token[0] !== '<') {
      if (inText && !skip && p && !inCode) (run ?? p).text += unescape(token);
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
      if (kind === 'begin') {
        fields.push('code');
        inCode++;
      } else if (kind === 'separate' && fields.at(-1) === 'code') {
        fields[fields.length - 1] = 'result';
        inCode--;
      } else if (kind === 'end' && fields.pop() === 'code') inCode--;
    } else if (tag === 'w:ind' && inProps)
      p.indent = Number(attr(token, 'w:firstLine') ?? 0) > 0 || Number(attr(token, 'w:firstLineChars') ?? 0) > 0;
    else if (inProps || inCode) continue;
    else if (tag === 'w:eastAsianLayout' && run) run.combine = /^(?:1|true|on)$/u.test(attr(token, 'w:combine') ?? '');
    else if (tag === 'w:tab') (run ?? p).text += '\t';
    else if (tag === 'w:br' || tag === 'w:cr') (run ?? p).text += '\n';
    else if (tag === 'w:noBreakHyphen') (run ?? p).text += '-';
  }
  return out;
}
