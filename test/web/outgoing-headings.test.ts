import { describe, expect, it } from 'vitest';
import {
  chineseNumber,
  headingPrefix,
  levelOf,
  nextPrefix,
  paragraphsFromText,
  withoutPrefix,
} from '../../src/web/pages/outgoing/headings';

describe('heading numbers of 正文 (GB/T 9704 §7.3.3: 一、 （一） 1. （1）)', () => {
  it('a line’s numbering says its level; a number with decimals is body text', () => {
    expect(
      ['一、总体要求', '（二）工作任务', '3.加强领导', '3．加强领导', '（4）其他', '1.5亿元已拨付', '为确保……'].map(levelOf),
    ).toEqual([1, 2, 3, 3, 4, 0, 0]);
  });

  it('numbers are written the Chinese way up to ninety-nine', () => {
    expect([1, 10, 12, 20, 21].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '二十一']);
    expect([1, 2, 3, 4].map((l) => headingPrefix(l, 2))).toEqual(['二、', '（二）', '2.', '（2）']);
  });

  it('a heading is numbered after the headings of its level above it, counting again under a new parent', () => {
    const body = [
      { level: 1, text: '一、总体要求' },
      { level: 2, text: '（一）指导思想' },
      { level: 2, text: '（二）基本原则' },
      { level: 1, text: '二、主要任务' },
      { level: 0, text: '' },
    ];
    expect(nextPrefix(body, 4, 1)).toBe('三、');
    expect(nextPrefix(body, 4, 2)).toBe('（一）');
    expect(nextPrefix(body, 3, 2)).toBe('（三）');
    expect(withoutPrefix('（二）基本原则')).toBe('基本原则');
  });

  it('pasted text becomes paragraphs: blank lines and full-width indentation go, levels are guessed', () => {
    expect(paragraphsFromText('一、严格落实值班制度\r\n\r\n　　各单位要严格执行值班制度。\n（一）带班领导')).toEqual([
      { level: 1, text: '一、严格落实值班制度' },
      { level: 0, text: '各单位要严格执行值班制度。' },
      { level: 2, text: '（一）带班领导' },
    ]);
  });
});
