import { useState } from 'react';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MyTask } from '../../api/types';
import { useI18n } from '../../i18n';
import { PersonPicker } from './pickers';

type Kind = 'transfer' | 'addSigner';

/**
 * 转办 and 加签 for the holder of a task, where the step allows them: hand the task to someone else (a 科长 to his
 * clerk), or add a signer — after the holder in a sequential step, alongside otherwise. The server decides whom the
 * step allows; the picker opens on whom it suggests.
 */
export function HandOver({ task, onDone }: { task: MyTask; onDone: () => Promise<void> }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind | null>(null);
  const [person, setPerson] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: () =>
      kind === 'transfer'
        ? api.post(`/tasks/${task.id}/transfer`, { toPersonId: person[0], note: note.trim() || null, version: task.version })
        : api.post(`/tasks/${task.id}/handlers`, { personId: person[0] }),
    onSuccess: async () => {
      message.success(t(kind === 'transfer' ? 'flow.transfer.done' : 'flow.addSigner.done'));
      setKind(null);
      setPerson([]);
      setNote('');
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const h = task.handover;
  const canTransfer = Boolean(h && task.stepKey && task.actions.includes('reassign'));
  const canAdd = Boolean(h && task.stepKey && task.actions.includes('addHandler'));
  if (!h || (!canTransfer && !canAdd)) return null;
  const step = tv(task.step);
  return (
    <>
      <Space wrap>
        {canTransfer && (
          <Button icon={<SwapOutlined />} onClick={() => setKind('transfer')} data-testid="transfer">
            {t('flow.transfer')}
          </Button>
        )}
        {canAdd && (
          <Button icon={<UserAddOutlined />} onClick={() => setKind('addSigner')} data-testid="add-signer">
            {t('flow.addSigner')}
          </Button>
        )}
      </Space>
      <Modal
        open={kind !== null}
        title={kind === 'transfer' ? t('flow.transfer.title', { step }) : t('flow.addSigner.title', { step })}
        onCancel={() => setKind(null)}
        onOk={() => act.mutate()}
        okText={kind === 'transfer' ? t('flow.transfer') : t('flow.addSigner')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !person.length, loading: act.isPending }}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {kind === 'transfer'
              ? t('flow.transfer.hint')
              : t(h.signerAfter ? 'flow.addSigner.hintAfter' : 'flow.addSigner.hintAlong')}
          </Typography.Paragraph>
          <label htmlFor={`handover-${task.id}`}>{kind === 'transfer' ? t('flow.transfer.to') : t('flow.addSigner.who')}</label>
          <PersonPicker
            id={`handover-${task.id}`}
            value={person}
            onChange={setPerson}
            leadersOnly={h.leadersOnly}
            suggested={h.suggested}
          />
          {kind === 'transfer' && (
            <Input.TextArea
              aria-label={t('flow.transfer.note')}
              placeholder={t('flow.transfer.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={200}
              autoSize={{ minRows: 2 }}
            />
          )}
        </Space>
      </Modal>
    </>
  );
}
