import { describe, expect, it } from 'vitest';
import { FontMissingError, parseFontSetting, resolveFonts } from './fonts';

describe('CJK fonts for PDF output', () => {
  it('reads a face of a collection from `path#PostScriptName`', () => {
    expect(parseFontSetting('/fonts/FZXBSJW.ttf')).toEqual({ file: '/fonts/FZXBSJW.ttf' });
    expect(parseFontSetting('/fonts/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular')).toEqual({
      file: '/fonts/NotoSerifCJK-Regular.ttc',
      face: 'NotoSerifCJKsc-Regular',
    });
  });

  it('prefers the configured font, and refuses a configured file that is not there', () => {
    const has = (f: string) => f === '/opt/fonts/fangsong.ttf' || f.includes('NotoSansCJK-Bold');
    expect(resolveFonts({ serif: '/opt/fonts/fangsong.ttf' }, has).serif).toEqual({ file: '/opt/fonts/fangsong.ttf' });
    expect(() => resolveFonts({ serif: '/opt/fonts/missing.ttf' }, has)).toThrow(/字体文件不存在.*ZHONGSHU_FONT_SERIF/);
  });

  it('lets one role stand in for the other, and says what to install when there is none', () => {
    const onlySans = (f: string) => f === '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
    expect(resolveFonts({}, onlySans)).toEqual({
      serif: { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
      sans: { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
    });
    expect(() => resolveFonts({}, () => false)).toThrow(FontMissingError);
    expect(() => resolveFonts({}, () => false)).toThrow(/fonts-noto-cjk/);
  });
});
