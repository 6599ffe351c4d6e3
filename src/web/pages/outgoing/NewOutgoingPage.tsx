import './outgoing.css';
import { useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Space } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useMe } from '../../auth';
import { useStoredState } from '../../drafts';
import { useI18n } from '../../i18n';
import { EditorWorkspace } from './EditorWorkspace';
import { focusField, newDraft, shapeIssues, toDraft } from './draft-state';
import { useRefreshOutgoing } from './queries';

/** 拟稿: a new 发文稿 with its checks beside it; what is typed survives a session that expires. */
export function NewOutgoingPage() {
  const { t, te } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const refresh = useRefreshOutgoing();
  const post = me.posts.find((p) => p.id === me.currentPostId);
  const draft = useStoredState(`outgoing-new-${me.personId}`, () => newDraft(post ? { name: post.unitName, unitId: post.unitId, kind: 'organ' } : null));
  const [copies, setCopies] = useState(1);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const create = async () => {
    const issues = shapeIssues(draft.value);
    const d = toDraft(draft.value, true);
    if (issues.length || !d) {
      focusField(issues[0]?.path);
      message.error(issues[0]?.path[0] === 'genre' ? t('outgoing.checks.chooseGenre') : t('outgoing.new.incomplete'));
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<{ itemId: string }>('/outgoing', { draft: d, copies, note: note.trim() || null });
      draft.clear();
      await refresh();
      message.success(t('outgoing.new.created'));
      navigate(`/outgoing/${r.itemId}`);
    } catch (e) {
      message.error(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('outgoing.new.title')}>
        {draft.restored && (
          <Alert type="info" showIcon message={t('common.draftRestored')} style={{ marginBottom: 12 }} data-testid="draft-restored"
            action={<Button size="small" onClick={() => draft.clear()}>{t('outgoing.new.discard')}</Button>} />
        )}
        <Space wrap>
          <label htmlFor="od-new-copies">{t('outgoing.settings.copies')}</label>
          <InputNumber id="od-new-copies" min={1} max={100_000} value={copies} onChange={(v) => setCopies(v ?? 1)} />
          <Input aria-label={t('outgoing.new.note')} placeholder={t('outgoing.new.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} style={{ minWidth: 240 }} />
        </Space>
        <div className="od-hint" style={{ marginTop: 8 }}>{t('outgoing.new.hint')}</div>
      </Card>
      <EditorWorkspace value={draft.value} onChange={draft.set} />
      <Button type="primary" size="large" icon={<SendOutlined />} loading={busy} onClick={create} block data-testid="create-outgoing">
        {t('outgoing.new.submit')}
      </Button>
    </Space>
  );
}
