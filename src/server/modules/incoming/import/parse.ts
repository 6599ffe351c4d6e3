// Reads a received 公文 (.txt or .docx) and suggests the elements of its registration (条例 Art.24(二)),
// zone by zone as GB/T 9704 lays them out: 版头, 主体, 版记. Nothing is stored; the registrar confirms.
import type { ImportedFields, ImportResult } from '../../../../contract/incoming-import';
import { isStateSecret } from '../../../../contract/common';
import { genreFromTitle, GENRES, normaliseDocNo, secrecyTermProblem, type Genre } from '../../../../contract/official-document';
import { readAttachments, readMainRecipients, readNote, readSignature, readTitle, readWrittenDate } from './body';
import { readColophon } from './colophon';
import { readHead, type Head } from './head';
import { isOrganName, toLines } from './lines';
import { readSource } from './read';

/**
 * Suggests the registration fields of a received 公文. Throws a DomainError (UNSUPPORTED_MEDIA_TYPE,
 * PAYLOAD_TOO_LARGE, VALIDATION_FAILED) for files it cannot read; everything else becomes a warning.
 */
export function parseOfficialDocument(bytes: Uint8Array, fileName: string, contentType?: string): ImportResult {
  const source = readSource(bytes, fileName, contentType);
  const { fields, warnings } = analyse(source.lines);
  return { source: { fileName, format: source.format, encoding: source.encoding }, fields, warnings, lines: source.lines };
}

// 条例 Art.9(八) [P]: publication types may have no 主送机关.
const NO_MAIN_NEEDED = new Set<Genre>(['公告', '通告', '公报', '决议', '命令（令）']);
const directionOf = (g: Genre) => GENRES.find((x) => x.genre === g)!.direction;

function analyse(raw: readonly string[]): { fields: ImportedFields; warnings: string[] } {
  const lines = toLines(raw);
  const fields: ImportedFields = {};
  const warnings: string[] = [];
  const head = readHead(lines);
  const title = readTitle(lines, head.end, lines.length);
  const main = readMainRecipients(lines, title?.end ?? head.end, lines.length);
  const bodyStart = main?.end ?? title?.end ?? head.end;
  const colophon = readColophon(lines, bodyStart);
  const date = readWrittenDate(lines, bodyStart, colophon.start);
  const signature = date ? readSignature(lines, bodyStart, date.index, head.issuers?.value ?? []) : null;
  const attachments = readAttachments(lines, bodyStart, signature?.index ?? date?.index ?? colophon.start);
  const note = date ? readNote(lines, date.index, colophon.start) : null;

  // 发文机关: the 版头 names it; the 署名 confirms it, or stands in when the header was an image.
  if (head.issuers) fields.issuers = { value: head.issuers.value, confidence: 'high', line: head.issuers.line };
  else if (signature) fields.issuers = { value: signature.value, confidence: 'high', line: signature.line };
  else {
    const prefix = /^(.+?)关于/u.exec(title?.value ?? '')?.[1];
    if (prefix && isOrganName(prefix)) fields.issuers = { value: [prefix], confidence: 'low', line: title!.line };
  }
  if (fields.issuers) {
    const { value, confidence, line } = fields.issuers;
    fields.senderName = { value: value[0]!, confidence, line };
    // 条例 Art.9(五): a joint document carries the lead issuer's number, so the lead is the sender of record.
    if (value.length > 1) warnings.push(`联合行文（${value.join('、')}），来文单位已取主办机关“${value[0]}”`);
    if (head.issuers && signature && !sameNames(head.issuers.value, signature.value))
      warnings.push(`版头发文机关“${head.issuers.value.join('、')}”与署名“${signature.value.join('、')}”不一致，请核对`);
  } else warnings.push('未找到发文机关');

  readDocNo(head, fields, warnings);
  if (head.signers) fields.signers = { value: head.signers.value, confidence: 'high', line: head.signers.line };

  if (title) {
    const genre = genreFromTitle(title.value);
    const confidence = genre && (head.docNo || head.issuers) ? 'high' : 'low';
    fields.title = { value: title.value, confidence, line: title.line };
    if (genre) fields.genre = { value: genre, confidence, line: title.line };
    else warnings.push('标题未以法定文种结尾，请人工确定文种');
  } else warnings.push('未找到标题');
  const genre = fields.genre?.value;
  if (genre && directionOf(genre) === 'up' && !head.signers) warnings.push(`${genre}属上行文，但未找到签发人`);
  if (genre && directionOf(genre) === 'down' && head.signers) warnings.push(`签发人只标注于上行文，本件为${genre}，请核对`);

  if (main) fields.mainRecipients = { value: main.value, confidence: main.indented ? 'low' : 'high', line: main.line };
  else if (colophon.mainRecipients) fields.mainRecipients = { ...colophon.mainRecipients, confidence: 'high' };
  else if (!genre || !NO_MAIN_NEEDED.has(genre)) warnings.push('未找到主送机关');
  if (colophon.ccRecipients) fields.ccRecipients = { ...colophon.ccRecipients, confidence: 'high' };

  if (date) {
    const { iso, style } = date.value;
    fields.writtenDate = { value: iso, confidence: signature ? 'high' : 'low', line: date.line };
    if (style === 'chinese')
      warnings.push(`成文日期用汉字数字书写（第 ${date.line} 行），现行格式应使用阿拉伯数字，已换算为 ${iso}`);
    if (style === 'iso') warnings.push(`成文日期应写作“××××年×月×日”（第 ${date.line} 行），已换算为 ${iso}`);
  } else {
    const printed = colophon.printDate ? `；版记中的 ${colophon.printDate.value.iso} 是印发日期，未作为成文日期` : '';
    warnings.push(`未找到成文日期${printed}`);
  }
  const year = fields.docNo?.value.match(/〔(\d{4})〕/u)?.[1];
  if (year && fields.writtenDate && !fields.writtenDate.value.startsWith(year))
    warnings.push(`发文字号年份（${year}）与成文日期（${fields.writtenDate.value}）不一致，请核对`);

  if (attachments) fields.attachments = { ...attachments, confidence: 'high' };
  if (note) fields.note = { ...note, confidence: 'high' };
  readMarks(head, fields, warnings);
  return { fields, warnings };
}

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n) => b.includes(n));

function readDocNo(head: Head, fields: ImportedFields, warnings: string[]) {
  if (!head.docNo) {
    warnings.push('未找到发文字号');
    return;
  }
  const { value: printed, line } = head.docNo;
  const r = normaliseDocNo(printed);
  if (r.ok && r.value) {
    fields.docNo = { value: r.value, confidence: 'high', line };
    if (r.notes.length) warnings.push(`发文字号“${printed}”已规范为“${r.value}”：${r.notes.join('；')}`);
  } else {
    fields.docNo = { value: printed, confidence: 'low', line };
    warnings.push(`发文字号“${printed}”不合规范：${r.notes.join('；')}`);
  }
}

function readMarks(head: Head, fields: ImportedFields, warnings: string[]) {
  if (head.classification) fields.classification = { ...head.classification, confidence: 'high' };
  if (head.secrecyTerm) fields.secrecyTerm = { ...head.secrecyTerm, confidence: 'high' };
  if (head.urgency) fields.urgency = { ...head.urgency, confidence: 'high' };
  if (head.copyNumbers) fields.copyNumbers = { ...head.copyNumbers, confidence: 'high' };
  const level = head.classification?.value;
  const problem = level ? secrecyTermProblem(level, head.secrecyTerm?.value) : null;
  if (problem) warnings.push(problem);
  // 条例 Art.9(一): every classified document carries its copy number.
  if (isStateSecret(level) && !head.copyNumbers) warnings.push('涉密文件未找到份号，请按实物登记');
}
