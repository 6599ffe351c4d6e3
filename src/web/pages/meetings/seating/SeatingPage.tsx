import { useState, type CSSProperties } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, ApiError } from '../../../api/client';
import { downloadGenerated } from '../../../download';
import { useSettled } from '../../../settled';
import { useI18n } from '../../../i18n';
import { SEATING_ROW_MAX, type SeatingRule, type seatingLayoutSchema } from '../../../../contract/meetings';

// 座次 (DOMAIN §11.4): names typed in protocol order become the rostrum as the audience sees it — laid out by the
// server (the same rule the printed chart uses) as the list is typed — and a seating chart and table cards to print.

type Layout = z.output<typeof seatingLayoutSchema>;
type Doc = 'chart' | 'cards';
type Format = 'pdf' | 'docx';

const linesOf = (text: string) =>
  text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter(Boolean);

const seatStyle: CSSProperties = {
  flex: '0 0 auto',
  minWidth: 56,
  padding: '4px 6px',
  border: '1px solid #8c8c8c',
  borderRadius: 4,
  background: '#fff',
  textAlign: 'center',
};

/** Seat 1 stands out, so the centre of the row is seen at a glance. */
const seatOne: CSSProperties = { ...seatStyle, border: '2px solid #262626' };

/** The rows, back row on top and the front row nearest the audience line, each seat its number and name. */
function RostrumPreview({ layout, rule }: { layout: Layout; rule: SeatingRule }) {
  const { t } = useI18n();
  const many = layout.rows.length > 1;
  return (
    <div data-testid="seating-preview">
      <Typography.Title level={5} style={{ textAlign: 'center', letterSpacing: '0.5em', marginBottom: 8 }}>
        {t('meetings.seating.rostrum')}
      </Typography.Title>
      {[...layout.rows].reverse().map((r) => (
        <div key={r.row} style={{ marginBottom: 8 }}>
          {many && (
            <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 12 }}>
              {t('meetings.seating.row', { n: r.row })}
            </Typography.Text>
          )}
          {/* A long row scrolls sideways rather than wrapping: wrapping would break the left-to-right order. */}
          <div style={{ overflowX: 'auto', paddingBottom: 4 }} data-testid={`seating-row-${r.row}`}>
            <div style={{ display: 'flex', gap: 4, width: 'max-content', margin: '0 auto' }}>
              {r.seats.map((s) => (
                <div key={s.seat} style={s.seat === 1 ? seatOne : seatStyle} data-seat={s.seat}>
                  <div style={{ fontSize: 11, color: '#8c8c8c', lineHeight: 1.2 }}>{s.seat}</div>
                  <div style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{s.name}</div>
                </div>
              ))}
            </div>
          </div>
        </div>
      ))}
      <div style={{ borderTop: '2px solid #595959', marginTop: 12, paddingTop: 4, textAlign: 'center', fontWeight: 600 }}>
        ↑ {t('meetings.seating.audience')} ↑
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t(rule === 'domestic' ? 'meetings.seating.ruleNote.domestic' : 'meetings.seating.ruleNote.international')}
      </Typography.Paragraph>
    </div>
  );
}

export function SeatingPage() {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const [title, setTitle] = useState('');
  const [subtitle, setSubtitle] = useState('');
  const [text, setText] = useState('');
  const [rule, setRule] = useState<SeatingRule>('domestic');
  const [rowSize, setRowSize] = useState<number | null>(null);
  const names = linesOf(text);
  const request = { names, rule, ...(rowSize ? { rowSize } : {}) };
  // Compared as text: a new object each render would never settle.
  const settled = JSON.parse(useSettled(JSON.stringify(request), 300)) as typeof request;

  const layout = useQuery({
    queryKey: ['meetings', 'seating', 'layout', JSON.stringify(settled)],
    queryFn: () => api.post<Layout>('/meetings/seating/layout', settled),
    enabled: settled.names.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const download = useMutation({
    mutationFn: async ({ doc, format }: { doc: Doc; format: Format }) => {
      const out = await downloadGenerated(`/api/v1/meetings/seating/${doc}.${format}`, `${doc}.${format}`, {
        ...request,
        title: title.trim(),
        subtitle: subtitle.trim() || null,
      });
      if (out) throw new ApiError(400, 'REFUSED', out.refused ?? t('meetings.seating.pdfFailed'));
    },
    onError: (e) => void message.error(te(e)),
  });
  const button = (doc: Doc, format: Format) => (
    <Button
      icon={format === 'pdf' ? <FilePdfOutlined /> : <FileWordOutlined />}
      type={format === 'pdf' ? 'primary' : 'default'}
      loading={download.isPending && download.variables?.doc === doc && download.variables.format === format}
      disabled={names.length === 0}
      onClick={() => {
        if (!title.trim()) void message.warning(t('meetings.seating.titleRequired'));
        else download.mutate({ doc, format });
      }}
      data-testid={`seating-${doc}-${format}`}
    >
      {t(`meetings.seating.${doc}${format === 'pdf' ? 'Pdf' : 'Docx'}`)}
    </Button>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card title={t('meetings.seating.title')}>
        <Typography.Paragraph type="secondary">{t('meetings.seating.intro')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('meetings.seating.meetingTitle')} required>
            <Input
              value={title}
              maxLength={100}
              onChange={(e) => setTitle(e.target.value)}
              placeholder={t('meetings.seating.meetingTitlePlaceholder')}
              data-testid="seating-title"
            />
          </Form.Item>
          <Form.Item label={t('meetings.seating.subtitle')}>
            <Input
              value={subtitle}
              maxLength={100}
              onChange={(e) => setSubtitle(e.target.value)}
              placeholder={t('meetings.seating.subtitlePlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('meetings.seating.names')} extra={t('meetings.seating.count', { n: names.length })} required>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 5, maxRows: 14 }}
              placeholder={t('meetings.seating.namesPlaceholder')}
              data-testid="seating-names"
            />
          </Form.Item>
          <Form.Item label={t('meetings.seating.rule')}>
            <Radio.Group value={rule} onChange={(e) => setRule(e.target.value as SeatingRule)} data-testid="seating-rule">
              <Space orientation="vertical" size={4}>
                <Radio value="domestic">{t('meetings.seating.rule.domestic')}</Radio>
                <Radio value="international">{t('meetings.seating.rule.international')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('meetings.seating.rowSize')}>
            <Space>
              <InputNumber
                min={1}
                max={SEATING_ROW_MAX}
                precision={0}
                value={rowSize}
                onChange={(v) => setRowSize(v)}
                placeholder={t('meetings.seating.rowSizeUnlimited')}
                data-testid="seating-row-size"
              />
              {t('meetings.seating.rowSizeUnit')}
            </Space>
          </Form.Item>
        </Form>
        <Space wrap>
          {button('chart', 'pdf')}
          {button('cards', 'pdf')}
          {button('chart', 'docx')}
          {button('cards', 'docx')}
        </Space>
      </Card>
      <Card title={t('meetings.seating.preview')}>
        {layout.error ? (
          <Alert type="warning" showIcon message={te(layout.error)} data-testid="seating-preview-error" />
        ) : names.length === 0 || !layout.data ? (
          <Typography.Text type="secondary">{t('meetings.seating.empty')}</Typography.Text>
        ) : (
          <RostrumPreview layout={layout.data} rule={settled.rule} />
        )}
      </Card>
    </Space>
  );
}
