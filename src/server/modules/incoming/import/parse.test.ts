import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importResultSchema, type ImportResult } from '../../../../contract/incoming-import';
import { DomainError } from '../../../platform/errors';
import { parseDateLine } from './dates';
import {
  bookmark,
  combinedRun,
  empty,
  field,
  lineBreak,
  makeDocx,
  pageBreak,
  para,
  proofErr,
  revision,
  run,
  simpleField,
  table,
  textBox,
  type Part,
} from './fixtures/docx';
import { parseOfficialDocument } from './parse';

const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const parseFixture = (name: string) => parseOfficialDocument(bytesOf(name), name);
/** The suggested values alone: what the registration form would be filled with. */
const values = (r: ImportResult) => Object.fromEntries(Object.entries(r.fields).map(([k, s]) => [k, s.value]));
const lineOf = (r: ImportResult, key: keyof ImportResult['fields']) => r.lines[r.fields[key]!.line! - 1]!;

describe('plain-text 公文 in GB/T 9704 layout', () => {
  it('a 通知 of a 市政府办公室: two-line title, wrapped 主送, three attachments, page numbers and 版记', () => {
    const r = parseFixture('01-tongzhi-shizhengfu-bangongshi.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市人民政府办公室'],
      senderName: '江州市人民政府办公室',
      docNo: '江政办发〔2026〕58号',
      title: '江州市人民政府办公室关于做好2027年元旦春节期间安全生产工作的通知',
      genre: '通知',
      urgency: '加急',
      mainRecipients: ['各县（市、区）人民政府', '市政府各部门', '各直属机构'],
      attachments: [
        { name: '江州市2027年元旦春节期间安全生产重点检查事项' },
        // the wrapped line '安排表' belongs to the second name
        { name: '江州市2027年元旦春节期间领导干部带班和值班安排表' },
        { name: '江州市安全生产事故信息报送联系表' },
      ],
      writtenDate: '2026-11-20',
      note: '此件公开发布',
      ccRecipients: ['市委各部门', '市人大常委会办公室', '市政协办公室', '江州军分区', '市法院', '市检察院'],
    });
    expect(r.warnings).toEqual([]);
    expect(Object.values(r.fields).every((f) => f.confidence === 'high')).toBe(true);
    // The 成文日期 is the date under the 署名, not a date in the body, an attachment table or the 版记.
    expect(lineOf(r, 'writtenDate')).toBe('　　　　　　　　　　　　　　　　2026年11月20日');
    expect(lineOf(r, 'docNo')).toContain('江政办发〔2026〕58号');
    expect(r.source).toEqual({ fileName: '01-tongzhi-shizhengfu-bangongshi.txt', format: 'txt', encoding: 'utf-8' });
  });

  it('a 请示 carries 签发人 on the 发文字号 line, one attachment, and the 联系人 in the 附注', () => {
    const r = parseFixture('02-qingshi-qianfaren.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市教育局'],
      senderName: '江州市教育局',
      docNo: '江教发〔2026〕35号',
      signers: ['周立新'],
      title: '江州市教育局关于申请拨付2027年农村义务教育学校校舍维修改造补助资金的请示',
      genre: '请示',
      mainRecipients: ['江州市人民政府'],
      attachments: [{ name: '江州市2027年农村义务教育学校校舍维修改造项目清单' }],
      writtenDate: '2026-11-18',
      note: '联系人：陈晓燕；联系电话：0798-8321456',
      ccRecipients: ['市财政局'],
    });
    expect(r.warnings).toEqual([]);
    expect(r.fields.signers?.line).toBe(r.fields.docNo?.line);
  });

  it('a 函 in the 信函 format: no 文件 in the header, 紧急程度 and 发文字号 on one line under the double rule', () => {
    const r = parseFixture('03-han-xinhan.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市人民政府办公室'],
      senderName: '江州市人民政府办公室',
      docNo: '江政办函〔2026〕41号',
      urgency: '特急',
      title: '江州市人民政府办公室关于商请支持江州港区疏港公路项目前期工作的函',
      genre: '函',
      mainRecipients: ['江南省交通运输厅'],
      writtenDate: '2026-11-12',
      note: '联系人：市交通运输局　林海涛；联系电话：0798-8217730',
      ccRecipients: ['市交通运输局', '市发展改革委'],
    });
    expect(r.warnings).toEqual([]);
  });

  it('a 发文字号 typed with [ ], 第 and a leading zero is normalised, and the registrar is told what changed', () => {
    const r = parseFixture('04-tongbao-square-brackets.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市应急管理局'],
      senderName: '江州市应急管理局',
      docNo: '江应急〔2026〕7号',
      title: '江州市应急管理局关于2026年第三季度安全生产执法检查情况的通报',
      genre: '通报',
      mainRecipients: ['各县（市、区）应急管理局', '市直有关单位'],
      // a single attachment whose name wraps onto a second line
      attachments: [{ name: '江州市2026年第三季度安全生产执法检查典型问题清单' }],
      writtenDate: '2026-11-10',
      ccRecipients: ['市安委会办公室成员单位'],
    });
    expect(r.warnings).toEqual([
      '发文字号“江应急[2026]第07号”已规范为“江应急〔2026〕7号”：年份应使用六角括号〔〕，已更正；发文字号的序号前不加“第”，已去掉；序号不编虚位（1 不写作 01），已去掉前导 0',
    ]);
  });

  it('a 批复 with ( ) in the 发文字号 and a letter-spaced header; the 请示 number quoted in the body is not taken', () => {
    const r = parseFixture('05-pifu-round-brackets.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市人民政府'],
      senderName: '江州市人民政府',
      docNo: '江政复〔2026〕23号',
      title: '江州市人民政府关于同意临川县调整部分行政区划的批复',
      genre: '批复',
      mainRecipients: ['临川县人民政府'],
      writtenDate: '2026-11-06',
      ccRecipients: ['市民政局', '市公安局', '市自然资源和规划局', '市统计局'],
    });
    expect(r.warnings).toEqual(['发文字号“江政复(2026)23号”已规范为“江政复〔2026〕23号”：年份应使用六角括号〔〕，已更正']);
  });

  it('without a 主送, the first paragraph ending in “通知如下：” is not taken for one, even with no indentation', () => {
    const r = parseFixture('06-tongzhi-no-zhusong.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市人民政府办公室'],
      senderName: '江州市人民政府办公室',
      docNo: '江政办发〔2026〕61号',
      title: '江州市人民政府办公室关于2027年元旦春节期间调整城区部分道路临时停车管理措施的通知',
      genre: '通知',
      writtenDate: '2026-11-25',
      note: '此件公开发布',
    });
    expect(r.warnings).toEqual(['未找到主送机关']);
  });

  it('a joint document: three issuers in the header and the 署名, the lead one is the 来文单位 (Art.9(五))', () => {
    const r = parseFixture('07-lianhe-fawen.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市教育局', '江州市财政局', '江州市人力资源和社会保障局'],
      senderName: '江州市教育局',
      docNo: '江教联〔2026〕9号',
      title: '关于做好2027年全市中小学教师公开招聘工作的通知',
      genre: '通知',
      // organs after 、 share the scope 各县（市、区）, so that class stays one recipient
      mainRecipients: ['各县（市、区）教育局、财政局、人力资源和社会保障局', '市直各学校'],
      // a page break falls inside the attachment list
      attachments: [
        { name: '江州市2027年中小学教师公开招聘计划汇总表' },
        { name: '江州市2027年中小学教师公开招聘工作日程安排' },
        { name: '江州市中小学教师公开招聘报名登记表' },
      ],
      writtenDate: '2026-11-19',
      ccRecipients: ['省教育厅', '省财政厅', '省人力资源和社会保障厅'],
    });
    expect(r.warnings).toEqual([
      '联合行文（江州市教育局、江州市财政局、江州市人力资源和社会保障局），来文单位已取主办机关“江州市教育局”',
    ]);
  });

  it('份号, 密级★期限 and 紧急程度 at the top left; a three-line title; a 成文日期 in Chinese numerals', () => {
    const r = parseFixture('08-chinese-numeral-date.txt');
    expect(values(r)).toEqual({
      copyNumbers: ['000086'],
      classification: '机密',
      secrecyTerm: '1年',
      urgency: '特急',
      issuers: ['中共江州市委办公室'],
      senderName: '中共江州市委办公室',
      docNo: '江委办发〔2026〕27号',
      title: '中共江州市委办公室关于认真做好2027年元旦春节期间走访慰问困难群众工作的通知',
      genre: '通知',
      mainRecipients: ['各县（市、区）委', '市委各部委', '市直各单位党组（党委）', '各人民团体党组'],
      writtenDate: '2026-11-20',
      ccRecipients: ['市人大常委会党组', '市政府党组', '市政协党组'],
    });
    expect(r.warnings).toEqual(['成文日期用汉字数字书写（第 24 行），现行格式应使用阿拉伯数字，已换算为 2026-11-20']);
  });

  // 09-baogao.gb18030.txt is made from its UTF-8 original with: iconv -f UTF-8 -t GB18030 09-baogao.txt
  it('a 报告 saved in GB18030 reads the same as its UTF-8 original, including a character outside GBK', () => {
    const gb = bytesOf('09-baogao.gb18030.txt');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const r = parseOfficialDocument(gb, '09-baogao.gb18030.txt');
    const utf8 = parseFixture('09-baogao.txt');
    expect(r.source.encoding).toBe('gb18030');
    expect(r.fields).toEqual(utf8.fields);
    expect(r.lines).toEqual(utf8.lines);
    expect(values(r)).toEqual({
      issuers: ['临川县人民政府'],
      senderName: '临川县人民政府',
      docNo: '临政〔2026〕52号',
      // '程　䶮': a two-character name padded to three, written with a CJK Extension A character
      signers: ['程䶮'],
      title: '临川县人民政府关于2026年度耕地保护目标责任履行情况的报告',
      genre: '报告',
      mainRecipients: ['江州市人民政府'],
      writtenDate: '2026-11-23',
      note: '联系人：县自然资源局　吴　敏；联系电话：0798-6612345',
    });
    expect(r.warnings).toEqual([]);
  });

  it('the 版记 印发日期 is never taken for a missing 成文日期', () => {
    const r = parseFixture('10-yijian-no-date.txt');
    expect(values(r)).toEqual({
      issuers: ['江州市发展和改革委员会'],
      senderName: '江州市发展和改革委员会',
      docNo: '江发改〔2026〕112号',
      title: '关于进一步促进民营经济高质量发展的若干意见',
      genre: '意见',
      mainRecipients: ['各县（市、区）发展改革委', '市直有关单位'],
      ccRecipients: ['市委办公室', '市人大常委会办公室', '市政协办公室'],
    });
    expect(r.warnings).toEqual(['未找到成文日期；版记中的 2026-11-27 是印发日期，未作为成文日期']);
  });

  it('every result fits the contract a route will send', () => {
    for (const name of [
      '01-tongzhi-shizhengfu-bangongshi.txt',
      '03-han-xinhan.txt',
      '08-chinese-numeral-date.txt',
      '10-yijian-no-date.txt',
    ])
      expect(() => importResultSchema.parse(parseFixture(name))).not.toThrow();
  });
});

describe('layouts that move or leave out elements', () => {
  it('when the header was an image, the 署名 names the issuer and the title (split by a blank line) is only a guess', () => {
    const r = parseOfficialDocument(
      strToU8(`关于做好2026年度部门决算

编报工作的通知

市直各部门：
　　根据财政部统一部署，现将2026年度部门决算编报工作有关事项通知如下：……
　　附件：
　　　　1.2026年度部门决算报表
　　　　2.部门决算编报说明

　　　　　　　　　　　　　　　　江州市财政局
　　　　　　　　　　　　　　　　2026年11月30日
`),
      '扫描件转文字.txt',
    );
    expect(values(r)).toEqual({
      issuers: ['江州市财政局'],
      senderName: '江州市财政局',
      title: '关于做好2026年度部门决算编报工作的通知',
      genre: '通知',
      mainRecipients: ['市直各部门'],
      // '附件：' alone on its line, the list under it
      attachments: [{ name: '2026年度部门决算报表' }, { name: '部门决算编报说明' }],
      writtenDate: '2026-11-30',
    });
    expect(r.fields.title?.confidence).toBe('low');
    expect(r.warnings).toEqual(['未找到发文字号']);
  });

  it('when the page with the 成文日期 is missing, a date inside an attachment is not taken for it', () => {
    const r = parseOfficialDocument(
      strToU8(`江州市商务局文件

江商发〔2026〕40号

江州市商务局关于开展2027年“迎新春”消费促进活动的通知

各县（市、区）商务主管部门：
　　为激发节日消费活力，决定在全市开展“迎新春”消费促进活动。

附件

“迎新春”消费促进活动安排表

活动名称　　　　开始日期
年货节
2026年12月31日
`),
      '缺页.txt',
    );
    expect(r.fields.writtenDate).toBeUndefined();
    expect(r.warnings).toEqual(['未找到成文日期']);
  });

  it('a 主送 list too long for page 1 is read from the 版记 (§7.3.2)', () => {
    const r = parseOfficialDocument(
      strToU8(`江州市人民政府文件

江政发〔2026〕31号

江州市人民政府关于公布2026年度江州市非物质文化遗产代表性项目名录的通知

　　经市非物质文化遗产保护工作专家委员会评审，市人民政府同意公布2026年度江州市非物质文化遗产代表性项目名录（共32项）。

　　　　　　　　　　　　　　　　江州市人民政府
　　　　　　　　　　　　　　　　2026年11月16日

────────────────────────────
　主送：各县（市、区）人民政府，江州经济技术开发区管委会，
　　　　市政府各部门，各直属机构。
　抄送：省文化和旅游厅。
────────────────────────────
　江州市人民政府办公室　　　　　　　　2026年11月16日印发
`),
      '名录.txt',
    );
    expect(values(r)).toMatchObject({
      mainRecipients: ['各县（市、区）人民政府', '江州经济技术开发区管委会', '市政府各部门', '各直属机构'],
      ccRecipients: ['省文化和旅游厅'],
      writtenDate: '2026-11-16',
    });
    expect(lineOf(r, 'mainRecipients').trim()).toMatch(/^主送：/u);
    expect(r.warnings).toEqual([]);
  });

  it('tells the registrar what a 初审 would object to: no 签发人 on a 请示, a wrong year, an over-long 保密期限, no 份号', () => {
    const r = parseOfficialDocument(
      strToU8(`秘密★15年

江州市水利局文件

江水发〔2025〕66号

江州市水利局关于申请2027年度小型水库除险加固资金的请示

江州市人民政府：
　　……妥否，请批示。

　　　　　　　　　　　　　　　　江州市水利局
　　　　　　　　　　　　　　　　2026年11月21日
`),
      '请示.txt',
    );
    expect(values(r)).toMatchObject({ classification: '秘密', secrecyTerm: '15年', docNo: '江水发〔2025〕66号', genre: '请示' });
    expect(r.warnings).toEqual([
      '请示属上行文，但未找到签发人',
      '发文字号年份（2025）与成文日期（2026-11-21）不一致，请核对',
      '秘密的保密期限不超过 10 年',
      '涉密文件未找到份号，请按实物登记',
    ]);
  });

  it('a 签发人 on a downward document, and a 署名 that differs from the header, are pointed out', () => {
    const r = parseOfficialDocument(
      strToU8(`江州市人民政府办公室文件
江政办发〔2026〕70号　　签发人：黄建平
江州市人民政府办公室关于开展冬季爱国卫生运动的通知
各县（市、区）人民政府，市政府各部门：
　　……
江州市爱国卫生运动委员会
2026年11月28日
`),
      '通知.txt',
    );
    expect(r.fields.signers?.value).toEqual(['黄建平']);
    expect(r.warnings).toEqual([
      '版头发文机关“江州市人民政府办公室”与署名“江州市爱国卫生运动委员会”不一致，请核对',
      '签发人只标注于上行文，本件为通知，请核对',
    ]);
  });
});

describe('text encodings and line endings', () => {
  const original = parseFixture('02-qingshi-qianfaren.txt');
  const text = new TextDecoder().decode(bytesOf('02-qingshi-qianfaren.txt'));

  it('UTF-8 with a BOM and Windows line endings (Notepad) read the same', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text.replace(/\n/gu, '\r\n'))]);
    const r = parseOfficialDocument(bytes, '请示.txt');
    expect(r.source.encoding).toBe('utf-8');
    expect(r.fields).toEqual(original.fields);
  });

  it('UTF-16 with a BOM (Notepad “Unicode”) reads the same', () => {
    const r = parseOfficialDocument(new Uint8Array(Buffer.from(`\ufeff${text}`, 'utf16le')), '请示.txt');
    expect(r.source.encoding).toBe('utf-16le');
    expect(r.fields).toEqual(original.fields);
  });

  it('a declared charset=GBK is believed', () => {
    const r = parseOfficialDocument(bytesOf('09-baogao.gb18030.txt'), '报告.txt', 'text/plain; charset=GBK');
    expect(r.source.encoding).toBe('gb18030');
    expect(r.fields.signers?.value).toEqual(['程䶮']);
  });
});

/** A 通知 as Word saves it: header in a text box, 【】 in the number split over runs, fields, a revision, 版记 in a table. */
function noticeDocx() {
  return makeDocx([
    para('加急'),
    textBox([para(['江州市人民政', proofErr, '府办公室', bookmark('_GoBack'), '文件'], { align: 'center' })]),
    empty(),
    para(['江政办', '发【20', '26】6', proofErr, '3号'], { align: 'center' }),
    empty(),
    para(['江州市人民政府办公室关于印发《江州市', '冬春季森林防火'], { align: 'center' }),
    para('工作方案》的通知', { align: 'center' }),
    empty(),
    para(['各县（市、区）人民政府，', revision('市直各单位', '市政府各部门'), '：']),
    para(
      [
        field(' HYPERLINK "http://www.jiangzhou.gov.cn/fhfa" \\o "方案全文" ', '《江州市冬春季森林防火工作方案》'),
        '已经市人民政府同意，现印发给你们，请认真贯彻执行。',
      ],
      { indent: true },
    ),
    para(
      [
        '各县（市、区）要在2026年12月1日前完成防火物资储备，',
        {
          xml: '<w:moveFrom w:id="21" w:author="收文员" w:date="2026-11-24T09:00:00Z"><w:r><w:t>并将落实情况报市森林防火指挥部办公室。</w:t></w:r></w:moveFrom>',
        },
        '并将落实情况报市森林防火指挥部办公室。',
      ],
      { indent: true },
    ),
    empty(),
    para('附件：江州市冬春季森林防火工作方案', { indent: true }),
    empty(),
    empty(),
    para(simpleField(' DOCPROPERTY  Company  \\* MERGEFORMAT ', '江州市人民政府办公室'), { align: 'right' }),
    para(field(' CREATEDATE \\@ "yyyy年M月d日" \\* MERGEFORMAT ', '2026年11月24日'), { align: 'right' }),
    para('（此件公开发布）', { indent: true }),
    para(pageBreak),
    para('附件'),
    para('江州市冬春季森林防火工作方案', { align: 'center' }),
    para('一、防火期为2026年11月1日至2027年4月30日。', { indent: true }),
    table([
      [[para('抄送：市森林防火指挥部成员单位。')]],
      [[para('江州市人民政府办公室')], [para('2026年11月24日印发', { align: 'right' })]],
    ]),
  ]);
}

/** A joint 请示: the header is a table with 文件 in a merged cell, 签发人 wrap, a name wraps with a line break. */
function jointRequestDocx() {
  return makeDocx([
    table([
      [[para('江州市卫生健康委员会')], [para('文件')]],
      [[para(['江州市医疗', '保障局'])], 'merge'],
    ]),
    empty(),
    para(['江卫健联〔2026〕3号', '\t\t', '签发人：', '何志刚']),
    para(['\t\t\t', '罗　静']),
    empty(),
    para('江州市卫生健康委员会　江州市医疗保障局', { align: 'center' }),
    para(['关于将部分医疗服务项目纳入', '医保支付范围的请示'], { align: 'center' }),
    empty(),
    para('江州市人民政府：'),
    para(
      '为减轻群众就医负担，我们拟将康复类、中医类共18项医疗服务项目纳入基本医疗保险支付范围，测算年增加基金支出约860万元，基金可以承受。',
      { indent: true },
    ),
    para('妥否，请批示。', { indent: true }),
    empty(),
    para('附件：1.拟纳入医保支付范围的医疗服务项目目录', { indent: true }),
    para(['2.江州市拟纳入医保支付范围的医疗服务项目', lineBreak, '价格测算表']),
    empty(),
    empty(),
    para(['江州市卫生健康委员会', '\t\t', '江州市医疗保障局'], { align: 'right' }),
    para(['2026年11', '月26日'], { align: 'right' }),
    para(['（联系人：市卫生健康委　孙丽华；', '联系电话：0798-8256601）'], { indent: true }),
    empty(),
    para('抄送：市财政局。'),
    para(['江州市卫生健康委员会办公室', '\t\t', '2026年11月26日印发']),
  ]);
}

describe('.docx as Word saves it', () => {
  it('reads runs split mid-word, keeps field results but not field codes, skips deleted text and the VML copy', () => {
    const r = parseOfficialDocument(noticeDocx(), '关于印发森林防火工作方案的通知.docx');
    expect(r.source).toEqual({ fileName: '关于印发森林防火工作方案的通知.docx', format: 'docx', encoding: null });
    expect(values(r)).toEqual({
      urgency: '加急',
      issuers: ['江州市人民政府办公室'],
      senderName: '江州市人民政府办公室',
      docNo: '江政办发〔2026〕63号',
      title: '江州市人民政府办公室关于印发《江州市冬春季森林防火工作方案》的通知',
      genre: '通知',
      mainRecipients: ['各县（市、区）人民政府', '市政府各部门'],
      attachments: [{ name: '江州市冬春季森林防火工作方案' }],
      writtenDate: '2026-11-24',
      note: '此件公开发布',
      ccRecipients: ['市森林防火指挥部成员单位'],
    });
    expect(r.warnings).toEqual(['发文字号“江政办发【2026】63号”已规范为“江政办发〔2026〕63号”：年份应使用六角括号〔〕，已更正']);
    const text = r.lines.join('\n');
    expect(text.match(/江州市人民政府办公室文件/gu)).toHaveLength(1);
    expect(text).not.toMatch(/HYPERLINK|CREATEDATE|DOCPROPERTY|市直各单位|PAGE/u);
    expect(text.match(/并将落实情况/gu)).toHaveLength(1);
    // 正文 indented by paragraph properties reads as indented text
    expect(r.lines).toContain('\u3000\u3000《江州市冬春季森林防火工作方案》已经市人民政府同意，现印发给你们，请认真贯彻执行。');
  });

  it('a field nested in another field’s code is code too: only the outer result is read', () => {
    const nested: Part = {
      xml:
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>' +
        field(' DOCVARIABLE 主送 ', '市政府各部门').xml +
        '<w:r><w:instrText xml:space="preserve"> = "" "" "，市政府各部门" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
        '<w:r><w:t>，市政府各部门</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
    };
    const r = parseOfficialDocument(makeDocx([para(['各县（市、区）人民政府', nested, '：'])]), '邮件合并.docx');
    expect(r.lines).toEqual(['各县（市、区）人民政府，市政府各部门：']);
  });

  it('a joint 请示: header table with a merged 文件 cell, two 签发人, tabs between names, a line break inside an attachment name', () => {
    const r = parseOfficialDocument(
      jointRequestDocx(),
      '联合请示.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(values(r)).toEqual({
      issuers: ['江州市卫生健康委员会', '江州市医疗保障局'],
      senderName: '江州市卫生健康委员会',
      docNo: '江卫健联〔2026〕3号',
      signers: ['何志刚', '罗静'],
      title: '江州市卫生健康委员会 江州市医疗保障局关于将部分医疗服务项目纳入医保支付范围的请示',
      genre: '请示',
      mainRecipients: ['江州市人民政府'],
      attachments: [
        { name: '拟纳入医保支付范围的医疗服务项目目录' },
        { name: '江州市拟纳入医保支付范围的医疗服务项目价格测算表' },
      ],
      writtenDate: '2026-11-26',
      note: '联系人：市卫生健康委　孙丽华；联系电话：0798-8256601',
      ccRecipients: ['市财政局'],
    });
    expect(r.warnings).toEqual([
      '联合行文（江州市卫生健康委员会、江州市医疗保障局），来文单位已取主办机关“江州市卫生健康委员会”',
    ]);
  });

  it('a joint header set with 双行合一 (combined characters) gives both issuers', () => {
    const bytes = makeDocx([
      para([combinedRun('江州市农业农村局江州市林业局\u3000\u3000'), { xml: '<w:r><w:t>文件</w:t></w:r>' }], { align: 'center' }),
      para('江农联〔2026〕4号', { align: 'center' }),
      para('关于做好2027年春季农林有害生物防控工作的通知', { align: 'center' }),
      para('各县（市、区）农业农村局、林业局：'),
      para('……', { indent: true }),
      para(['江州市农业农村局', '\t', '江州市林业局'], { align: 'right' }),
      para('2026年12月2日', { align: 'right' }),
    ]);
    const r = parseOfficialDocument(bytes, '联合通知.docx');
    expect(values(r)).toMatchObject({
      issuers: ['江州市农业农村局', '江州市林业局'],
      senderName: '江州市农业农村局',
      docNo: '江农联〔2026〕4号',
      mainRecipients: ['各县（市、区）农业农村局、林业局'],
      writtenDate: '2026-12-02',
    });
    expect(r.warnings).toEqual(['联合行文（江州市农业农村局、江州市林业局），来文单位已取主办机关“江州市农业农村局”']);
  });

  it('finds the main part through the package relationships and decodes character references', () => {
    const bytes = makeDocx(
      [
        para('江州市财政局', { align: 'center' }),
        para('江财函〔2026〕88号', { align: 'right' }),
        // “ ” written as character references, as some generators do
        para(
          { xml: `${run('江州市财政局关于')}<w:r><w:t>&#x201C;十五五&#x201D;时期审计整改资金</w:t></w:r>` },
          { align: 'center' },
        ),
        para('保障有关问题的复函', { align: 'center' }),
        para('江州市审计局：'),
        para('你局《关于商请明确审计整改资金保障渠道的函》收悉。经研究，函复如下：……', { indent: true }),
        para('江州市财政局', { align: 'right' }),
        para('2026年11月3日', { align: 'right' }),
      ],
      { mainPart: 'word/main.xml' },
    );
    const r = parseOfficialDocument(bytes, '复函.docx');
    expect(values(r)).toMatchObject({
      senderName: '江州市财政局',
      docNo: '江财函〔2026〕88号',
      title: '江州市财政局关于“十五五”时期审计整改资金保障有关问题的复函',
      genre: '函',
      mainRecipients: ['江州市审计局'],
      writtenDate: '2026-11-03',
    });
  });
});

describe('what is refused, and why', () => {
  const refused = (bytes: Uint8Array, name: string) => {
    try {
      parseOfficialDocument(bytes, name);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      return { code: (e as DomainError).code, message: (e as DomainError).message };
    }
    throw new Error(`${name} was not refused`);
  };

  it('Word 97-2003, PDF, OFD, a broken zip and an empty file are refused with a message for the user', () => {
    expect(refused(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '来文.doc')).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: '暂不支持 Word 97-2003（.doc）或 WPS（.wps）格式，请另存为 .docx 后上传',
    });
    expect(refused(strToU8('%PDF-1.7\n%âãÏÓ\n'), '来文.pdf').code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refused(zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>') }), '来文.ofd').message).toBe(
      '暂不支持 OFD 版式文件，请上传 .docx 或 .txt',
    );
    expect(refused(zipSync({ 'readme.txt': strToU8('x') }), '来文.docx').message).toContain('没有 Word 正文');
    expect(refused(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), '来文.docx').message).toContain('可能已损坏');
    expect(refused(strToU8('江州市人民政府文件'), '来文.docx').message).toBe('文件扩展名为 .docx，但内容不是 Word 文档');
    expect(refused(new Uint8Array(), '来文.txt')).toEqual({ code: 'VALIDATION_FAILED', message: '文件为空' });
    // a forged or absurd document part is not inflated
    expect(refused(zipSync({ 'word/document.xml': new Uint8Array(33 * 1024 * 1024) }), '来文.docx').code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a text that is not a 公文 yields warnings, not guesses', () => {
    const r = parseOfficialDocument(strToU8('会议室空调坏了，请尽快派人维修。\n谢谢！\n'), '便条.txt');
    expect(r.fields).toEqual({});
    expect(r.warnings).toEqual(['未找到发文机关', '未找到发文字号', '未找到标题', '未找到主送机关', '未找到成文日期']);
  });
});

describe('成文日期 as printed', () => {
  it.each([
    ['2026年11月20日', '2026-11-20', 'arabic'],
    ['2026 年 1 月 5 日', '2026-01-05', 'arabic'],
    ['２０２６年１１月２０日', '2026-11-20', 'arabic'],
    ['二〇二六年十一月二十日', '2026-11-20', 'chinese'],
    ['二○二六年一月三十一日', '2026-01-31', 'chinese'],
    ['二〇二六年十月十日', '2026-10-10', 'chinese'],
    ['2026-11-20', '2026-11-20', 'iso'],
  ])('%s is %s', (printed, iso, style) => expect(parseDateLine(printed)).toEqual({ iso, style }));

  it.each(['2026年2月30日', '2026年13月1日', '2026年11月20日印发', '时间：2026年11月20日'])(
    '%s is not a 成文日期 line',
    (printed) => expect(parseDateLine(printed)).toBeNull(),
  );
});
