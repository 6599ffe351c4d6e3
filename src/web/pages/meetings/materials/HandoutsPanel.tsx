import { useState } from 'react';
import { App, Button, Card, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { useHandouts, useMaterials, type Handout } from './queries';
import { CopiesOutAlert } from './CopiesOutAlert';

const when = (at: string) => dayjs(at).format('MM-DD HH:mm');

/** The office hands a classified material out as numbered copies to attendees. */
function IssueCopies({ meetingId, holders }: { meetingId: string; holders: { id: string; name: string }[] }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const materials = useMaterials(meetingId);
  const [material, setMaterial] = useState<string>();
  const [people, setPeople] = useState<string[]>([]);
  const issue = useMutation({
    mutationFn: () =>
      api.post<{ copies: unknown[] }>(`/meetings/${meetingId}/handouts`, { materialId: material, holderPersonIds: people }),
    onSuccess: async (r) => {
      message.success(t('meetings.handouts.issued', { n: r.copies.length }));
      setPeople([]);
      await qc.invalidateQueries({ queryKey: ['meetings', 'handouts'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const options = (materials.data?.items ?? []).filter((m) => m.numberedCopies).map((m) => ({ value: m.id, label: m.title }));
  return (
    <Space wrap style={{ width: '100%' }} data-testid="handout-form">
      <Select
        value={material}
        onChange={setMaterial}
        options={options}
        placeholder={t('meetings.handouts.material')}
        style={{ width: 260, maxWidth: '100%' }}
        data-testid="handout-material"
      />
      <Select
        mode="multiple"
        value={people}
        onChange={setPeople}
        options={holders.map((h) => ({ value: h.id, label: h.name }))}
        placeholder={t('meetings.handouts.holders')}
        style={{ width: 320, maxWidth: '100%' }}
        optionFilterProp="label"
        data-testid="handout-holders"
      />
      <Button
        type="primary"
        disabled={!material || !people.length}
        loading={issue.isPending}
        onClick={() => issue.mutate()}
        data-testid="handout-issue"
      >
        {t('meetings.handouts.issue')}
      </Button>
    </Space>
  );
}

/**
 * 涉密材料分发登记 on a classified meeting's page: each numbered copy, its holder, signature and return; the holder signs
 * for their copy, the office records signatures and returns, and either reports a copy lost.
 */
export function HandoutsPanel({ meetingId }: { meetingId: string }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useHandouts(meetingId);
  const [losing, setLosing] = useState<Handout | null>(null);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: ({ h, what, body }: { h: Handout; what: 'sign' | 'return' | 'lost'; body?: object }) =>
      api.post(`/meetings/${meetingId}/handouts/${h.id}/${what}`, body ?? {}),
    onSuccess: async () => {
      message.success(t('meetings.handouts.done'));
      setLosing(null);
      setReason('');
      await qc.invalidateQueries({ queryKey: ['meetings', 'handouts'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const d = q.data;
  if (!d?.classified) return null;
  const state = (h: Handout) =>
    h.lostAt ? (
      <Tag color="error">{t('meetings.handouts.lost')}</Tag>
    ) : h.returnedAt ? (
      <Tag color="green">{t('meetings.handouts.returned')}</Tag>
    ) : (
      <Tag color="orange">{t('meetings.handouts.out')}</Tag>
    );
  const open = (h: Handout) => !h.returnedAt && !h.lostAt;
  return (
    <Card size="small" title={t('meetings.handouts.title')} data-testid="handouts">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('meetings.handouts.hint')}
        </Typography.Text>
        <CopiesOutAlert meetingId={meetingId} />
        {d.mayManage && <IssueCopies meetingId={meetingId} holders={d.holders} />}
        <List
          size="small"
          locale={{ emptyText: t('meetings.handouts.empty') }}
          dataSource={d.items}
          renderItem={(h) => (
            <List.Item data-testid="handout">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{t('meetings.handouts.copy', { title: h.materialTitle, n: h.copyNo })}</Typography.Text>
                  {state(h)}
                  <Tag color={h.signedAt ? 'blue' : 'default'}>
                    {t(h.signedAt ? 'meetings.handouts.signed' : 'meetings.handouts.unsigned')}
                  </Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[
                    t('meetings.handouts.holder', { name: h.holder.name }),
                    `${t('meetings.handouts.issue')} ${when(h.handedAt)} ${h.handedBy.name}`,
                    h.signedAt && `${t('meetings.handouts.signed')} ${when(h.signedAt)} ${h.signedBy?.name ?? ''}`,
                    h.returnedAt && `${t('meetings.handouts.returned')} ${when(h.returnedAt)} ${h.receivedBy?.name ?? ''}`,
                    h.lostReason,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                {open(h) && (h.maySign || h.mayReportLost || d.mayManage) && (
                  <Space wrap size={4}>
                    {!h.signedAt && (h.maySign || d.mayManage) && (
                      <Button size="small" onClick={() => act.mutate({ h, what: 'sign' })} data-testid="handout-sign">
                        {t(h.maySign ? 'meetings.handouts.sign' : 'meetings.handouts.recordSign')}
                      </Button>
                    )}
                    {d.mayManage && (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => act.mutate({ h, what: 'return' })}
                        data-testid="handout-return"
                      >
                        {t('meetings.handouts.return')}
                      </Button>
                    )}
                    <Button size="small" danger onClick={() => setLosing(h)}>
                      {t('meetings.handouts.reportLost')}
                    </Button>
                  </Space>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Space>
      <Modal
        open={losing !== null}
        title={losing ? t('meetings.handouts.copy', { title: losing.materialTitle, n: losing.copyNo }) : ''}
        okText={t('meetings.handouts.reportLost')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: act.isPending }}
        onOk={() => losing && act.mutate({ h: losing, what: 'lost', body: { reason: reason.trim() } })}
        onCancel={() => setLosing(null)}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('meetings.handouts.lostReason')}
          maxLength={500}
          rows={3}
        />
      </Modal>
    </Card>
  );
}
