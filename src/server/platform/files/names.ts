import { invalid } from '../errors';

/** ext4, NTFS and most archive formats allow 255 bytes per name; leave room for a copy suffix. */
const MAX_NAME_BYTES = 240;

const RESERVED = /[<>:"/\\|?*]/g;
// C0/C1 controls and DEL, and format characters (bidi overrides that disguise an extension, zero widths).
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts a string to at most `bytes` of UTF-8 without splitting a character. */
function cutToBytes(s: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/**
 * A name that is safe to store, show and offer back as a download on any system: the last path segment
 * only, no control or reserved characters, no leading dots or trailing dots and spaces (Windows drops
 * them), no device names, at most MAX_NAME_BYTES of UTF-8 with the extension kept. Chinese stays as it is.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last.replace(INVISIBLE, '').replace(RESERVED, '_').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot) : '';
  if (utf8Length(ext) > 16) {
    base = name;
    ext = '';
  }
  base = base.replace(/[.\s]+$/, '');
  if (WINDOWS_DEVICE.test(base)) base = `_${base}`;
  if (!base) base = '未命名';
  base = cutToBytes(base, MAX_NAME_BYTES - utf8Length(ext)).replace(/[.\s]+$/, '') || '未命名';
  return base + ext;
}

/**
 * X-File-Name carries the name percent-encoded (headers are ASCII). A client that sent raw UTF-8 bytes
 * anyway reaches us as Latin-1 text; we take those bytes back as UTF-8 rather than refuse.
 */
export function decodeFileNameHeader(header: string): string {
  const text = /[\x80-\uffff]/.test(header) ? Buffer.from(header, 'latin1').toString('utf8') : header;
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('X-File-Name 头不是合法的 URL 编码');
  }
}

// RFC 5987 attr-char leaves only these unencoded; encodeURIComponent also leaves ' ( ) * and !.
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Content-Disposition for a download: an ASCII `filename` for old clients and `filename*` (RFC 5987/6266)
 * with the real UTF-8 name, which every current browser uses.
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment' = 'attachment'): string {
  const ext = name.lastIndexOf('.') > 0 ? name.slice(name.lastIndexOf('.')) : '';
  // A Chinese name has no useful ASCII form; old clients get a neutral name with the right extension.
  const fallback = /^[\x20-\x7e]*$/.test(name) ? name.replace(/["\\%]/g, '_') : `file${/^[\x20-\x7e]*$/.test(ext) ? ext : ''}`;
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${rfc5987(name)}`;
}
