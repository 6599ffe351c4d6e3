import { useState } from 'react';
import { App, Button, Input, Modal, Select, Space, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';

interface Phrases {
  custom: boolean;
  items: string[];
}

/** 常用语: pick one to add it to the opinion; each person keeps their own list per kind of opinion. */
export function PhraseSelect({ kind, onPick }: { kind: string; onPick: (text: string) => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const res = useQuery({ queryKey: ['phrases', kind], queryFn: () => api.get<Phrases>(`/me/phrases${qs({ kind })}`) });
  const [editing, setEditing] = useState<string | null>(null);
  const save = async () => {
    try {
      const items = (editing ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      await api.put('/me/phrases', { kind, items });
      await qc.invalidateQueries({ queryKey: ['phrases', kind] });
      setEditing(null);
    } catch (e) {
      message.error(te(e));
    }
  };
  return (
    <Space wrap>
      <Select
        aria-label={t('flow.phrases')}
        placeholder={t('flow.phrases')}
        value={null}
        style={{ minWidth: 200 }}
        options={(res.data?.items ?? []).map((p) => ({ value: p, label: p }))}
        onChange={(v: string | null) => v && onPick(v)}
      />
      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing((res.data?.items ?? []).join('\n'))}>
        {t('flow.phrases.edit')}
      </Button>
      <Modal
        open={editing !== null}
        title={t('flow.phrases.edit')}
        onOk={save}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        <Typography.Paragraph type="secondary">{t('flow.phrases.hint')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('flow.phrases')}
          value={editing ?? ''}
          onChange={(e) => setEditing(e.target.value)}
          autoSize={{ minRows: 6 }}
        />
      </Modal>
    </Space>
  );
}
