import { useState } from 'react';
import { Alert, App, Button, Card, Input, Space } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { OutgoingDetail } from '../../api/types';
import { useStoredState } from '../../drafts';
import { useI18n } from '../../i18n';
import { EditorWorkspace } from './EditorWorkspace';
import { focusField, shapeIssues, toDraft, type EditorDraft } from './draft-state';
import { outgoingKeys } from './queries';

/**
 * Editing the current version: saving makes a new version, refused (409) when someone saved in between. The
 * edits are kept (also across a sign-in) until saved or given up, so a conflict loses nothing.
 */
export function DraftEditSession({
  itemId,
  detail,
  onClose,
  onSaved,
}: {
  itemId: string;
  detail: OutgoingDetail;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [base, setBase] = useState(detail.document.version);
  const [startedAt] = useState(detail.document.version);
  const draft = useStoredState<EditorDraft>(`outgoing-edit-${itemId}-v${startedAt}`, () => detail.document.draft);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);

  const latest = async () => {
    await qc.invalidateQueries({ queryKey: outgoingKeys.detail(itemId) });
    return qc.fetchQuery({
      queryKey: outgoingKeys.detail(itemId),
      queryFn: () => api.get<OutgoingDetail>(`/outgoing/${itemId}`),
    });
  };
  const save = async (baseVersion: number) => {
    const issues = shapeIssues(draft.value);
    const d = toDraft(draft.value, true);
    if (issues.length || !d) {
      focusField(issues[0]?.path);
      message.error(t('outgoing.new.incomplete'));
      return;
    }
    setBusy(true);
    try {
      const r = await api.put<{ version: number }>(`/outgoing/${itemId}/draft`, {
        baseVersion,
        draft: d,
        note: note.trim() || null,
      });
      draft.clear();
      setConflict(false);
      message.success(t('outgoing.edit.saved', { no: r.version }));
      await onSaved();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      else message.error(te(e));
    } finally {
      setBusy(false);
    }
  };
  const takeLatest = async () => {
    const d = await latest();
    draft.clear(d.document.draft);
    setBase(d.document.version);
    setConflict(false);
  };
  const saveOverLatest = async () => {
    const d = await latest();
    setBase(d.document.version);
    await save(d.document.version);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('outgoing.edit.title', { no: base })}
        extra={
          <Space wrap>
            <Button onClick={() => (draft.clear(), onClose())}>{t('common.cancel')}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => save(base)} data-testid="save-draft">
              {t('outgoing.edit.save')}
            </Button>
          </Space>
        }
      >
        {draft.restored && (
          <Alert
            type="info"
            showIcon
            message={t('common.draftRestored')}
            style={{ marginBottom: 12 }}
            data-testid="draft-restored"
          />
        )}
        {conflict && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="save-conflict"
            message={t('outgoing.edit.conflict')}
            description={t('outgoing.edit.conflictHint')}
            action={
              <Space orientation="vertical">
                <Button size="small" onClick={takeLatest}>
                  {t('outgoing.edit.takeLatest')}
                </Button>
                <Button size="small" danger onClick={saveOverLatest}>
                  {t('outgoing.edit.saveOverLatest')}
                </Button>
              </Space>
            }
          />
        )}
        <Input
          aria-label={t('outgoing.edit.note')}
          placeholder={t('outgoing.edit.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={200}
        />
      </Card>
      <EditorWorkspace
        value={draft.value}
        onChange={draft.set}
        stage={detail.checks.stage}
        itemId={itemId}
        overrides={detail.document.overrides}
      />
    </Space>
  );
}
