import { describe, expect, it } from 'vitest';
import { changedFields, diffDrafts, diffText, substantiveChange } from '../../src/contract/draft-diff';
import { draftSchema, type DraftInput } from '../../src/contract/outgoing-draft';

const base: DraftInput = {
  genre: '通知',
  direction: 'down',
  issuers: [{ name: '中共江州市委办公室' }],
  title: '关于做好值班工作的通知',
  mainRecipients: [{ name: '各区县委办公室' }],
  body: [
    { level: 0, text: '现就有关事项通知如下。' },
    { level: 1, text: '一、严格值班' },
    { level: 0, text: '值班人员不得擅离岗位。' },
  ],
  signatureNames: ['中共江州市委办公室'],
};
const d = (x: Partial<DraftInput> = {}) => draftSchema.parse({ ...base, ...x });

describe('comparing versions of a draft', () => {
  it('marks the characters changed inside a paragraph', () => {
    expect(diffText('不得迟报、漏报', '严禁迟报、漏报')).toEqual([
      { op: 'del', text: '不得' },
      { op: 'ins', text: '严禁' },
      { op: 'same', text: '迟报、漏报' },
    ]);
  });

  it('pairs paragraphs by text, so an inserted paragraph shows as one addition, not every later line changed', () => {
    const after = d({ body: [base.body![0]!, { level: 0, text: '新增的一段。' }, ...base.body!.slice(1)] });
    const changes = diffDrafts(d(), after).filter((c) => c.op !== 'same');
    expect(changes).toEqual([expect.objectContaining({ op: 'added', right: expect.objectContaining({ text: '新增的一段。' }) })]);
    expect(changedFields(d(), after)).toEqual(['增加正文（第2段）']);
  });

  it('a changed title is one changed line with its segments', () => {
    const changes = diffDrafts(d(), d({ title: '关于做好节日值班工作的通知' })).filter((c) => c.op !== 'same');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ op: 'changed', left: { label: '标题' } });
  });

  it('numbering, signing and printing fields are not a substantive change; the text is', () => {
    const signed = d({ writtenDate: '2026-11-23' });
    expect(
      substantiveChange(
        signed,
        d({
          writtenDate: '2026-11-24',
          docNo: '江委办发〔2026〕3号',
          printedBy: '中共江州市委办公室',
          printedDate: '2026-11-24',
        }),
      ),
    ).toBe(false);
    expect(substantiveChange(signed, d({ writtenDate: '2026-11-23', title: '关于做好节日值班工作的通知' }))).toBe(true);
    expect(substantiveChange(signed, d({ writtenDate: '2026-11-23', mainRecipients: [{ name: '各县委办公室' }] }))).toBe(true);
  });
});
