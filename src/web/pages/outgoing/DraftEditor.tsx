import { Button, Card, Checkbox, Col, Collapse, Form, Input, Radio, Row, Select, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { directionOf, DRAFT_FORMATS, type OrganRef } from '../../../contract/outgoing-draft';
import { CLASSIFICATIONS, TITLE_MAX, URGENCIES } from '../../../contract/common';
import { GENRE_NAMES, type Genre } from '../../../contract/official-document';
import { useI18n, type MessageKey } from '../../i18n';
import { BodyEditor } from './BodyEditor';
import { OrganPicker } from './OrganPicker';
import type { EditorDraft } from './draft-state';

// 国家秘密 are the last three levels (DOMAIN.md §3): only they carry a 保密期限 and a 份号.
const STATE_SECRETS: readonly string[] = CLASSIFICATIONS.slice(2);
// 特提 and 平急 are for telegrams only (GB/T 9704 §7.2.3).
const DOC_URGENCIES = URGENCIES.slice(0, 2);

const names = (refs: OrganRef[]) => refs.map((r) => r.name);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The structured editor of a 发文稿: 文种 and format, 发文机关, 主送, 标题, 正文 by paragraph, 附件, 附注, 抄送,
 * 密级 and 紧急程度. Every field has the id `od-<field>` that a finding's path points to.
 */
export function DraftEditor({ value, onChange }: { value: EditorDraft; onChange: (v: EditorDraft) => void }) {
  const { t, tv } = useI18n();
  const set = (patch: Partial<EditorDraft>) => onChange({ ...value, ...patch });
  const secret = STATE_SECRETS.includes(value.classification);
  const titleTooLong = value.title.trim().length > TITLE_MAX;

  const setIssuers = (issuers: OrganRef[]) => {
    // The signature line follows the issuers until the drafter writes it differently.
    const follow = !value.signatureNames.length || sameList(value.signatureNames, names(value.issuers));
    set({ issuers, ...(follow ? { signatureNames: names(issuers) } : {}) });
  };
  const setGenre = (genre: Genre) => set({ genre, direction: directionOf(genre) });
  const setAttachment = (i: number, title: string) =>
    set({ attachments: value.attachments.map((a, j) => (j === i ? { ...a, title } : a)) });
  const moveAttachment = (i: number, j: number) => {
    const next = [...value.attachments];
    [next[i], next[j]] = [next[j]!, next[i]!];
    set({ attachments: next });
  };

  return (
    <Form layout="vertical" component="div" className="od-editor" data-testid="draft-editor">
      <Card size="small" title={t('outgoing.section.head')}>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item label={t('outgoing.field.genre')} htmlFor="od-genre" required>
              <Select
                id="od-genre"
                value={value.genre ?? undefined}
                placeholder={t('outgoing.genre.placeholder')}
                onChange={setGenre}
                showSearch
                options={GENRE_NAMES.map((g) => ({ value: g, label: tv(g) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('outgoing.field.direction')} htmlFor="od-direction">
              <Radio.Group
                id="od-direction"
                optionType="button"
                size="small"
                value={value.direction}
                onChange={(e) => set({ direction: e.target.value as EditorDraft['direction'] })}
                options={(['down', 'parallel', 'up'] as const).map((d) => ({ value: d, label: t(`outgoing.direction.${d}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('outgoing.field.format')} htmlFor="od-format">
              <Radio.Group
                id="od-format"
                optionType="button"
                size="small"
                value={value.format}
                onChange={(e) => set({ format: e.target.value as EditorDraft['format'] })}
                options={DRAFT_FORMATS.map((f) => ({ value: f, label: t(`outgoing.format.${f}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('outgoing.field.issuers')} htmlFor="od-issuers" required extra={t('outgoing.issuers.hint')}>
          <OrganPicker id="od-issuers" value={value.issuers} onChange={setIssuers} placeholder={t('outgoing.field.issuers')} />
        </Form.Item>
        {/* A pasted title longer than allowed is kept whole and counted, so the drafter sees what to shorten. */}
        <Form.Item
          label={t('outgoing.field.title')}
          htmlFor="od-title"
          required
          validateStatus={titleTooLong ? 'error' : undefined}
          help={titleTooLong ? t('common.titleTooLong', { n: value.title.trim().length, max: TITLE_MAX }) : undefined}
        >
          <Input.TextArea
            id="od-title"
            value={value.title}
            onChange={(e) => set({ title: e.target.value })}
            autoSize={{ minRows: 1, maxRows: 4 }}
            count={{ show: true, max: TITLE_MAX }}
            className="od-title-input"
          />
        </Form.Item>
        <Form.Item label={t('outgoing.field.mainRecipients')} htmlFor="od-mainRecipients" extra={t('outgoing.organ.hint')}>
          <OrganPicker
            id="od-mainRecipients"
            value={value.mainRecipients}
            onChange={(mainRecipients) => set({ mainRecipients })}
            placeholder={t('outgoing.field.mainRecipients')}
          />
        </Form.Item>
      </Card>

      <Card size="small" title={t('outgoing.field.body')} className="od-section">
        <BodyEditor value={value.body} onChange={(body) => set({ body })} idPrefix="od-body" />
      </Card>

      <Card size="small" title={t('outgoing.field.attachments')} className="od-section">
        <Space orientation="vertical" style={{ width: '100%' }}>
          {value.attachments.map((a, i) => (
            <Space.Compact key={i} style={{ width: '100%' }}>
              <Input
                id={`od-attachments-${i}`}
                aria-label={t('outgoing.attachment.name', { n: i + 1 })}
                prefix={`${i + 1}.`}
                value={a.title}
                onChange={(e) => setAttachment(i, e.target.value)}
                maxLength={300}
              />
              <Button
                aria-label={t('outgoing.attachment.up', { n: i + 1 })}
                icon={<ArrowUpOutlined />}
                disabled={i === 0}
                onClick={() => moveAttachment(i, i - 1)}
              />
              <Button
                aria-label={t('outgoing.attachment.down', { n: i + 1 })}
                icon={<ArrowDownOutlined />}
                disabled={i === value.attachments.length - 1}
                onClick={() => moveAttachment(i, i + 1)}
              />
              <Button
                aria-label={t('outgoing.attachment.remove', { n: i + 1 })}
                icon={<DeleteOutlined />}
                onClick={() => set({ attachments: value.attachments.filter((_, j) => j !== i) })}
              />
            </Space.Compact>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => set({ attachments: [...value.attachments, { title: '', body: null }] })}
          >
            {t('outgoing.attachment.add')}
          </Button>
        </Space>
      </Card>

      <Card size="small" title={t('outgoing.section.more')} className="od-section">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item label={t('outgoing.field.classification')} htmlFor="od-classification">
              <Select
                id="od-classification"
                value={value.classification}
                onChange={(classification) =>
                  set({ classification, ...(STATE_SECRETS.includes(classification) ? {} : { secrecyTerm: null, copyNo: null }) })
                }
                options={CLASSIFICATIONS.map((c) => ({ value: c, label: tv(c) }))}
              />
            </Form.Item>
          </Col>
          {secret && (
            <>
              <Col xs={12} sm={8}>
                <Form.Item
                  label={t('outgoing.field.secrecyTerm')}
                  htmlFor="od-secrecyTerm"
                  extra={t('outgoing.secrecyTerm.hint')}
                >
                  <Input
                    id="od-secrecyTerm"
                    value={value.secrecyTerm ?? ''}
                    onChange={(e) => set({ secrecyTerm: e.target.value })}
                    maxLength={40}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item label={t('outgoing.field.copyNo')} htmlFor="od-copyNo" extra={t('outgoing.copyNo.hint')}>
                  <Input
                    id="od-copyNo"
                    value={value.copyNo ?? ''}
                    onChange={(e) => set({ copyNo: e.target.value })}
                    maxLength={6}
                    inputMode="numeric"
                  />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24} sm={8}>
            <Form.Item label={t('outgoing.field.urgency')} htmlFor="od-urgency">
              <Select
                id="od-urgency"
                allowClear
                placeholder={t('outgoing.urgency.none')}
                value={value.urgency ?? undefined}
                onChange={(urgency) => set({ urgency: urgency ?? null })}
                options={DOC_URGENCIES.map((u) => ({ value: u, label: tv(u) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('outgoing.field.ccRecipients')} htmlFor="od-ccRecipients">
          <OrganPicker
            id="od-ccRecipients"
            value={value.ccRecipients}
            onChange={(ccRecipients) => set({ ccRecipients })}
            placeholder={t('outgoing.field.ccRecipients')}
          />
        </Form.Item>
        <Form.Item label={t('outgoing.field.note')} htmlFor="od-note" extra={t('outgoing.note.hint')}>
          <Input.TextArea
            id="od-note"
            value={value.note ?? ''}
            onChange={(e) => set({ note: e.target.value })}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={500}
          />
        </Form.Item>
        <Form.Item label={t('outgoing.field.flags')}>
          <Space wrap>
            <Checkbox
              id="od-flags"
              checked={value.flags.important}
              onChange={(e) => set({ flags: { ...value.flags, important: e.target.checked } })}
            >
              {t('outgoing.flags.important')}
            </Checkbox>
            <Checkbox
              checked={value.flags.directAssignment}
              onChange={(e) => set({ flags: { ...value.flags, directAssignment: e.target.checked } })}
            >
              {t('outgoing.flags.directAssignment')}
            </Checkbox>
          </Space>
        </Form.Item>
        {value.format === 'minutes' && (
          <Row gutter={12}>
            {(['present', 'absent', 'observers'] as const).map((k, i) => (
              <Col xs={24} sm={8} key={k}>
                <Form.Item
                  label={t(`outgoing.attendance.${k}` as MessageKey)}
                  htmlFor={i === 0 ? 'od-attendance' : `od-attendance-${k}`}
                >
                  <Input.TextArea
                    id={i === 0 ? 'od-attendance' : `od-attendance-${k}`}
                    value={value.attendance?.[k] ?? ''}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    onChange={(e) =>
                      set({ attendance: { present: '', absent: '', observers: '', ...value.attendance, [k]: e.target.value } })
                    }
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        )}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'layout',
              label: t('outgoing.section.layout'),
              forceRender: true,
              children: (
                <>
                  <Form.Item label={t('outgoing.field.headerName')} htmlFor="od-headerName" extra={t('outgoing.headerName.hint')}>
                    <Input
                      id="od-headerName"
                      value={value.headerName ?? ''}
                      placeholder={names(value.issuers).join(t('common.sep'))}
                      onChange={(e) => set({ headerName: e.target.value })}
                      maxLength={200}
                    />
                  </Form.Item>
                  <Checkbox
                    checked={value.headerWithWenjian}
                    onChange={(e) => set({ headerWithWenjian: e.target.checked })}
                    style={{ marginBottom: 12 }}
                  >
                    {t('outgoing.field.headerWithWenjian')}
                  </Checkbox>
                  <Form.Item
                    label={t('outgoing.field.signatureNames')}
                    htmlFor="od-signatureNames"
                    extra={t('outgoing.signatureNames.hint')}
                  >
                    <Select
                      id="od-signatureNames"
                      mode="tags"
                      value={value.signatureNames}
                      onChange={(signatureNames: string[]) => set({ signatureNames })}
                      open={false}
                      suffixIcon={null}
                    />
                  </Form.Item>
                  <Checkbox checked={value.sealed} onChange={(e) => set({ sealed: e.target.checked })}>
                    {t('outgoing.field.sealed')}
                  </Checkbox>
                </>
              ),
            },
          ]}
        />
      </Card>
    </Form>
  );
}
