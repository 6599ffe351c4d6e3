import { existsSync } from 'node:fs';

/** A font face for PDF output: a file, and for a collection (.ttc) the PostScript name of the face. */
export interface FontFace {
  file: string;
  face?: string;
}

export type FontRole = 'serif' | 'sans';

/**
 * Where common systems keep CJK fonts, best first. The standard's own fonts (方正小标宋, 仿宋_GB2312) are
 * commercial and are never assumed; an office that has licensed them points ZHONGSHU_FONT_* at them.
 */
const CANDIDATES: Record<FontRole, FontFace[]> = {
  serif: [
    { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' }, // Debian, Ubuntu: fonts-noto-cjk
    { file: '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' }, // Arch, Alpine
    { file: '/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' }, // Fedora, RHEL
    { file: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR-PL-UMing-CN' },
    { file: 'C:\\Windows\\Fonts\\simsun.ttc', face: 'SimSun' },
    { file: '/System/Library/Fonts/Supplemental/Songti.ttc', face: 'STSongti-SC-Regular' },
  ],
  sans: [
    { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
    { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    { file: '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
    { file: 'C:\\Windows\\Fonts\\simhei.ttf' },
    { file: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
  ],
};

/** Parses `path` or `path#PostScriptName` as given in ZHONGSHU_FONT_SERIF / ZHONGSHU_FONT_SANS. */
export function parseFontSetting(setting: string): FontFace {
  const hash = setting.lastIndexOf('#');
  return hash > 0 ? { file: setting.slice(0, hash), face: setting.slice(hash + 1) } : { file: setting };
}

export class FontMissingError extends Error {}

/**
 * The configured face for the role, or the first installed candidate; the other role stands in when one
 * is missing. Throws FontMissingError, with what to install, when the machine has no CJK font at all.
 */
export function resolveFonts(
  configured: Partial<Record<FontRole, string | undefined>>,
  exists: (file: string) => boolean = existsSync,
): Record<FontRole, FontFace> {
  const pick = (role: FontRole): FontFace | null => {
    const setting = configured[role];
    if (setting) {
      const f = parseFontSetting(setting);
      if (!exists(f.file)) throw new FontMissingError(`配置的字体文件不存在：${f.file}（ZHONGSHU_FONT_${role.toUpperCase()}）`);
      return f;
    }
    return CANDIDATES[role].find((c) => exists(c.file)) ?? null;
  };
  const serif = pick('serif');
  const sans = pick('sans');
  if (!serif && !sans) {
    throw new FontMissingError(
      '服务器未安装中文字体，无法生成 PDF。请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk），或以 ZHONGSHU_FONT_SERIF 指定字体文件。',
    );
  }
  return { serif: serif ?? sans!, sans: sans ?? serif! };
}
