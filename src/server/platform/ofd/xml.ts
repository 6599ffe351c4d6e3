// A small XML reader for the parts of an OFD package (GB/T 33190): elements, attributes and text, nothing
// else. No DTD is read and no entity but the five predefined and character references is expanded, so a
// package cannot make us fetch or multiply anything. Names lose their namespace prefix (ofd:Page → Page):
// producers disagree on prefixes, never on local names.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), children's text not. */
  text: string;
}

export class XmlError extends Error {}

const MAX_DEPTH = 256;
const MAX_ELEMENTS = 2_000_000;

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// XML 1.0 §2.2 Char: a reference to anything else (a lone surrogate, a NUL) is dropped, never produced.
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/gu, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITY[ref] ?? whole;
    const c = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return isXmlChar(c) ? String.fromCodePoint(c) : '';
  });
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;

function element(tag: string): { el: XmlElement; selfClosing: boolean } {
  const selfClosing = tag.endsWith('/');
  const body = selfClosing ? tag.slice(0, -1) : tag;
  const space = body.search(/\s/u);
  const name = localName(space < 0 ? body : body.slice(0, space));
  const attrs: Record<string, string> = {};
  if (space >= 0) {
    for (const m of body.slice(space).matchAll(ATTR)) {
      if (m[1]!.startsWith('xmlns')) continue;
      attrs[localName(m[1]!)] = decode(m[2] ?? m[3] ?? '');
    }
  }
  return { el: { name, attrs, children: [], text: '' }, selfClosing };
}

/** The document element of `xml`; throws XmlError when the text is not a well-nested XML document. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipTo = (end: string, from: number) => {
    const at = xml.indexOf(end, from);
    if (at < 0) throw new XmlError(`XML 不完整：缺少 ${end}`);
    return at + end.length;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && stack.length) stack[stack.length - 1]!.text += decode(xml.slice(i, textEnd));
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) i = skipTo('-->', lt + 4);
    else if (xml.startsWith('<![CDATA[', lt)) {
      const end = skipTo(']]>', lt + 9);
      if (stack.length) stack[stack.length - 1]!.text += xml.slice(lt + 9, end - 3);
      i = end;
    } else if (xml.startsWith('<?', lt)) i = skipTo('?>', lt + 2);
    else if (xml.startsWith('<!', lt)) {
      // A DOCTYPE: skipped with its internal subset; none of its declarations is used.
      const bracket = xml.indexOf('[', lt);
      const close = xml.indexOf('>', lt);
      i = bracket >= 0 && bracket < close ? skipTo(']>', bracket) : skipTo('>', lt);
    } else if (xml[lt + 1] === '/') {
      const end = skipTo('>', lt);
      const name = localName(xml.slice(lt + 2, end - 1).trim());
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`XML 标签不配对：</${name}>`);
      i = end;
    } else {
      const end = skipTo('>', lt);
      const { el, selfClosing } = element(xml.slice(lt + 1, end - 1).trim());
      if (++count > MAX_ELEMENTS) throw new XmlError('XML 元素过多');
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new XmlError('XML 有多个根元素');
      else root = el;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw new XmlError('XML 嵌套过深');
        stack.push(el);
      }
      i = end;
    }
  }
  if (!root) throw new XmlError('XML 没有根元素');
  if (stack.length) throw new XmlError(`XML 不完整：<${stack[stack.length - 1]!.name}> 未结束`);
  return root;
}

/** The first child named `name`, or undefined. */
export const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);

/** Every child named `name`. */
export const childrenNamed = (el: XmlElement | undefined, name: string) => el?.children.filter((c) => c.name === name) ?? [];

/** The trimmed text of the first child named `name`. */
export const childText = (el: XmlElement | undefined, name: string) => child(el, name)?.text.trim() || undefined;
