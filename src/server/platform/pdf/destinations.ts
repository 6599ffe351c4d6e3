import { inflateSync } from 'node:zlib';

// Reads back where named destinations (Word bookmarks exported by LibreOffice) ended up: the page and the height
// on it. A PDF is objects "n 0 obj … endobj"; the catalog's /Dests dictionary maps names to [page /XYZ x y zoom],
// the page tree's /Kids list the pages in order. Objects may sit in compressed object streams (/Type/ObjStm),
// which are inflated and read as well. Only what LibreOffice writes is handled; this is no general PDF reader.

export interface Destination {
  /** 1-based page number. */
  page: number;
  /** Height above the page's lower edge, in points. */
  y: number;
}

type Objects = Map<number, string>;

function readObjects(pdf: Uint8Array): Objects {
  const text = Buffer.from(pdf).toString('latin1');
  const objects: Objects = new Map();
  const head = /(\d+)\s+0\s+obj\b/gu;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text))) {
    const end = text.indexOf('endobj', head.lastIndex);
    if (end < 0) break;
    const body = text.slice(head.lastIndex, end);
    objects.set(Number(m[1]), body);
    if (/\/Type\s*\/ObjStm/u.test(body)) readObjectStream(body, objects);
    head.lastIndex = end;
  }
  return objects;
}

function readObjectStream(body: string, objects: Objects) {
  const start = body.indexOf('stream');
  const stop = body.lastIndexOf('endstream');
  const n = Number(/\/N\s+(\d+)/u.exec(body)?.[1] ?? 0);
  const first = Number(/\/First\s+(\d+)/u.exec(body)?.[1] ?? 0);
  if (start < 0 || stop < 0 || !n) return;
  let raw = body.slice(start + 'stream'.length, stop).replace(/^\r?\n/u, '');
  try {
    raw = inflateSync(Buffer.from(raw, 'latin1')).toString('latin1');
  } catch {
    return;
  }
  const nums = raw.slice(0, first).trim().split(/\s+/u).map(Number);
  for (let i = 0; i < n; i++) {
    const from = first + nums[2 * i + 1]!;
    const to = i + 1 < n ? first + nums[2 * i + 3]! : raw.length;
    objects.set(nums[2 * i]!, raw.slice(from, to));
  }
}

const ref = (s: string, key: string) => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`, 'u').exec(s);
  return m ? Number(m[1]) : null;
};

/** Object numbers of the pages in order, walking the page tree from the catalog. */
function pageOrder(objects: Objects): number[] {
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/u.test(o));
  const root = catalog ? ref(catalog, 'Pages') : null;
  const out: number[] = [];
  const walk = (n: number, depth: number) => {
    const o = objects.get(n);
    if (!o || depth > 32) return;
    if (/\/Type\s*\/Pages/u.test(o)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/u.exec(o)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+0\s+R/gu)) walk(Number(k[1]), depth + 1);
    } else out.push(n);
  };
  if (root !== null) walk(root, 0);
  return out;
}

/** Named destinations of a PDF by name. */
export function namedDestinations(pdf: Uint8Array): Map<string, Destination> {
  const objects = readObjects(pdf);
  const pages = pageOrder(objects);
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/u.test(o)) ?? '';
  const destsRef = ref(catalog, 'Dests');
  const dests = destsRef === null ? '' : (objects.get(destsRef) ?? '');
  const out = new Map<string, Destination>();
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R\s*\/XYZ\s+([-\d.]+|null)\s+([-\d.]+|null)/gu)) {
    const page = pages.indexOf(Number(m[2])) + 1;
    if (page > 0 && m[4] !== 'null') out.set(decodeName(m[1]!), { page, y: Number(m[4]) });
  }
  return out;
}

/** PDF names escape bytes as #xx. */
const decodeName = (n: string) => n.replace(/#([0-9a-f]{2})/giu, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
