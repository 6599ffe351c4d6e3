import { describe, expect, it } from 'vitest';
import {
  genreFromTitle,
  normaliseDocNo,
  replyOpening,
  replyTitle,
  secrecyTermProblem,
} from '../../src/contract/official-document';

describe('发文字号 (GB/T 9704 §7.2.5)', () => {
  it('accepts the canonical form as it is', () => {
    expect(normaliseDocNo('国办发〔2026〕12号')).toMatchObject({
      ok: true,
      value: '国办发〔2026〕12号',
      code: '国办发',
      year: 2026,
      seq: 12,
      notes: [],
    });
    expect(normaliseDocNo('江南委办函〔2026〕118号').value).toBe('江南委办函〔2026〕118号');
  });

  it('normalises brackets typed as [] () 【】 （） and reports it', () => {
    for (const typed of [
      '国办发[2026]12号',
      '国办发(2026)12号',
      '国办发（2026）12号',
      '国办发【2026】12号',
      '国办发［2026］12号',
    ]) {
      const r = normaliseDocNo(typed);
      expect(r.value).toBe('国办发〔2026〕12号');
      expect(r.notes.join()).toContain('六角括号');
    }
  });

  it('drops 第 and leading zeros, and says so', () => {
    const r = normaliseDocNo('江委办发〔2026〕第012号');
    expect(r.value).toBe('江委办发〔2026〕12号');
    expect(r.notes.join()).toContain('第');
    expect(r.notes.join()).toContain('前导 0');
  });

  it('refuses a two-digit year and nonsense', () => {
    expect(normaliseDocNo('国办发〔26〕12号')).toMatchObject({ ok: false, value: null });
    expect(normaliseDocNo('国办发〔26〕12号').notes.join()).toContain('四位');
    expect(normaliseDocNo('关于做好工作的通知').ok).toBe(false);
    expect(normaliseDocNo('国办发〔2026〕0号').ok).toBe(false);
  });

  it('accepts an order number 第N号 (orders use 第 and no year)', () => {
    expect(normaliseDocNo('第733号')).toMatchObject({ ok: true, value: '第733号', seq: 733 });
  });
});

describe('文种 from the title', () => {
  it('finds the statutory 文种 at the end of the title', () => {
    expect(genreFromTitle('关于做好2026年冬季安全生产工作的通知')).toBe('通知');
    expect(genreFromTitle('关于江州市2027年重大项目投资计划的请示')).toBe('请示');
    expect(genreFromTitle('江州市人民政府关于商请支持江州港建设的函')).toBe('函');
    expect(genreFromTitle('中华人民共和国国务院令')).toBe('命令（令）');
  });
  it('a 工作总结 is not a statutory 文种', () => {
    expect(genreFromTitle('江州市委办公室2026年工作总结')).toBeNull();
  });
});

describe('保密期限 (保守国家秘密法 Art.20)', () => {
  it('only state secrets carry a period, within the legal maximum', () => {
    expect(secrecyTermProblem('秘密', '10年')).toBeNull();
    expect(secrecyTermProblem('秘密', '11年')).toContain('不超过 10 年');
    expect(secrecyTermProblem('机密', '20年')).toBeNull();
    expect(secrecyTermProblem('内部', '1年')).toContain('不标保密期限');
    expect(secrecyTermProblem('机密', '18个月')).toContain('以“年”计');
    expect(secrecyTermProblem('机密', null)).toBeNull();
  });
});

describe('the title suggested for a 复函', () => {
  it('answers 关于X的<文种> with 关于X的复函, dropping the issuer, and quotes a title of another shape', () => {
    expect(replyTitle('江州市发展和改革委员会关于商请提供2026年重点项目推进情况的函')).toBe(
      '关于商请提供2026年重点项目推进情况的复函',
    );
    expect(replyTitle('关于做好2027年元旦春节期间有关工作的通知')).toBe('关于做好2027年元旦春节期间有关工作的复函');
    expect(replyTitle('2026年防汛工作要点')).toBe('关于《2026年防汛工作要点》的复函');
    expect(replyOpening('关于商请提供情况的函', '江发改函〔2026〕88号')).toBe(
      '《关于商请提供情况的函》（江发改函〔2026〕88号）收悉。经研究，现函复如下：',
    );
  });
});
