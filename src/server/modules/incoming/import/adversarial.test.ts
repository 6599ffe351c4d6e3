// Files made to keep the parser busy (issue 13 item 11): each pass over a 来文 must be linear, so a megabyte of
// whatever a regex used to backtrack on is read, or refused, in well under a second.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { readAttachments } from './body';
import { readColophon } from './colophon';
import { makeDocx, para } from './fixtures/docx';
import { readHead } from './head';
import { splitOrgans, toLines } from './lines';
import { parseOfficialDocument } from './parse';

const MB = 1_000_000;
const DOCUMENT = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';

/** A zip with the given parts only: what a forger sends, not what Word saves. */
const forgedDocx = (parts: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));

/** Runs `f` and returns how long it took, whether it answered or refused the file. */
function timed(f: () => unknown): number {
  const start = performance.now();
  try {
    f();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
  return performance.now() - start;
}

describe('a crafted .docx is read in one pass', () => {
  it('a document.xml of a million "<" without a ">" (the 295-byte file that froze the server for 21 s)', () => {
    const docx = forgedDocx({ 'word/document.xml': `${DOCUMENT}<w:p><w:r><w:t>${'<'.repeat(MB)}` });
    expect(docx.length).toBeLessThan(5000);
    expect(timed(() => parseOfficialDocument(docx, '来文.docx'))).toBeLessThan(1000);
    expect(parseOfficialDocument(docx, '来文.docx').lines).toEqual([]);
  });

  it('a package relationship of a megabyte that never closes its tag', () => {
    const docx = forgedDocx({
      '_rels/.rels': `<Relationships><Relationship ${'Type="x/officeDocument" '.repeat(MB / 24)}`,
      'word/document.xml': `${DOCUMENT}</w:body></w:document>`,
    });
    expect(timed(() => parseOfficialDocument(docx, '来文.docx'))).toBeLessThan(1000);
  });

  it('tens of thousands of unfinished fields in front of a megabyte of tabs', () => {
    const fields = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'.repeat(20_000);
    const docx = forgedDocx({
      'word/document.xml': `${DOCUMENT}<w:p>${fields}<w:r>${'<w:tab/>'.repeat(MB / 8)}</w:r></w:p></w:body></w:document>`,
    });
    expect(timed(() => parseOfficialDocument(docx, '来文.docx'))).toBeLessThan(1000);
  });

  it('character references outside Unicode, surrogates and controls are dropped, not thrown on (was a 500)', () => {
    const refs = '&#x110000;&#xD800;&#55296;&#xDFFF;&#0;&#x1F;&#xFFFE;&#99999999999999999999;&#x' + 'F'.repeat(1000) + ';';
    const docx = makeDocx([para({ xml: `<w:r><w:t>江州市${refs}教育局&#x6587;&#20214;&#x20BB7;</w:t></w:r>` })]);
    expect(parseOfficialDocument(docx, '来文.docx').lines).toEqual(['江州市教育局文件𠮷']);
  });
});

describe('a crafted .txt is read in one pass, or refused at once', () => {
  it('a line of a million spaces is refused with a message for the registrar, in well under a second', () => {
    const txt = strToU8(`江州市教育局文件\nx${' '.repeat(MB)}x\n`);
    expect(timed(() => parseOfficialDocument(txt, '来文.txt'))).toBeLessThan(1000);
    expect(() => parseOfficialDocument(txt, '来文.txt')).toThrow(/第 2 行超过 2 万字.*请手工登记/u);
  });

  it('a text past two million characters, or past a hundred thousand lines, is refused', () => {
    expect(() => parseOfficialDocument(strToU8('正文内容。\n'.repeat(400_001)), '来文.txt')).toThrow(/来文超过 10 万行/u);
    expect(() => parseOfficialDocument(strToU8(`${'现将有关事项通知如下。'.repeat(1800)}\n`.repeat(110)), '来文.txt')).toThrow(
      /来文正文超过 200 万字/u,
    );
  });

  // Under the caps, and each once took the old regexes minutes.
  const head = ['江州市教育局文件', '江教发〔2026〕9号', '关于做好寒假安全教育工作的通知', '各县（市、区）教育局：'];
  const readIn = (lines: string[]) => timed(() => parseOfficialDocument(strToU8(lines.join('\n')), '来文.txt'));

  it('a hundred lines of spaces just under the line limit are read in under a second', () => {
    expect(readIn([...head, ...Array(100).fill(`x${' '.repeat(19_990)}x`)])).toBeLessThan(1000);
  });

  it('a 抄送 list wrapped over forty thousand lines of colons is read in under a second', () => {
    expect(readIn([...head, '抄送：', ...Array(40_000).fill('：'.repeat(20)), '市财政局'])).toBeLessThan(1000);
  });

  it('an attachment name wrapped over forty thousand lines of 、 is read in under a second', () => {
    expect(readIn([...head, '附件：1.值班安排表', ...Array(40_000).fill('、'.repeat(20)), '表'])).toBeLessThan(1000);
  });
});

// The line cap keeps such lines out of the parser; these read a megabyte line directly, so that the cap is not
// the only thing standing between a crafted line and the event loop.
describe('every pass over a line is linear, whatever the line', () => {
  const runs = [' ', '\u3000', '。', '：', '、', '★', '*', '1', '年', '—', '（'].map((c) => `x${c.repeat(MB)}x`);

  it.each(runs.map((r) => [JSON.stringify(r[1]), r]))('a megabyte of %s inside a line', (_, line) => {
    expect(timed(() => toLines([`  ${line}`]))).toBeLessThan(1000);
    for (const text of [`秘密 ${line}`, `签发人：${line}`, line])
      expect(timed(() => readHead(toLines([text])))).toBeLessThan(1000);
    expect(timed(() => readAttachments(toLines([`附件：1.${line}`]), 0, 1))).toBeLessThan(1000);
    expect(timed(() => readColophon(toLines([`抄送：${line}`]), 0))).toBeLessThan(1000);
    expect(timed(() => splitOrgans(line))).toBeLessThan(1000);
  });

  it('trailing punctuation is still dropped from organ lists and attachment names', () => {
    expect(splitOrgans('市委各部门，市人大常委会办公室。')).toEqual(['市委各部门', '市人大常委会办公室']);
    expect(readAttachments(toLines(['附件：1.值班安排表；', '2.联系表。']), 0, 2)?.value).toEqual([
      { name: '值班安排表' },
      { name: '联系表' },
    ]);
  });

  it('a line of a hundred thousand marks is peeled in one pass', () => {
    const lines = toLines([`${'内部 '.repeat(100_000)}江州市教育局文件`]);
    expect(timed(() => readHead(lines))).toBeLessThan(1000);
    expect(readHead(lines).classification?.value).toBe('内部');
  });

  it('a line of a hundred thousand words each ending with a star is joined in one pass', () => {
    const lines = toLines([`秘密 ${'x★ '.repeat(100_000)}x`]);
    expect(timed(() => readHead(lines))).toBeLessThan(1000);
    expect(readHead(lines).classification?.value).toBe('秘密');
  });
});
