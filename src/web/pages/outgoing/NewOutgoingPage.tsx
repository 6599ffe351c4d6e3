import './outgoing.css';
import { useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Space, Spin } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { IncomingDetail } from '../../api/types';
import { useMe } from '../../auth';
import { useStoredState } from '../../drafts';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n';
import { TITLE_MAX } from '../../../contract/common';
import { REPLY_GENRE, replyOpening, replyTitle } from '../../../contract/official-document';
import { directionOf, type OrganRef } from '../../../contract/outgoing-draft';
import { useIncoming } from '../incoming/IncomingPage';
import { EditorWorkspace } from './EditorWorkspace';
import { focusField, newDraft, shapeIssues, toDraft, type EditorDraft } from './draft-state';
import { useOrganNamed } from './OrganPicker';
import { useRefreshOutgoing } from './queries';

/**
 * A 复函 to a received document, as first drafted: a letter (信函格式) of the 文种 函 to the 来文单位, titled after
 * the 来文 and opening with its acknowledgement, at the 来文's 密级. The drafter edits all of it.
 */
function replyDraft(issuer: OrganRef | null, source: IncomingDetail, recipient: OrganRef): EditorDraft {
  return {
    ...newDraft(issuer),
    genre: REPLY_GENRE,
    direction: directionOf(REPLY_GENRE),
    format: 'letter',
    classification: source.item.classification,
    title: replyTitle(source.item.title),
    mainRecipients: [recipient],
    body: [{ level: 0, text: replyOpening(source.item.title, source.document.docNo) }],
  };
}

/** 拟稿: a new 发文稿 with its checks beside it; `?replyTo=<收文>` starts it as the 复函 to that document. */
export function NewOutgoingPage() {
  const [params] = useSearchParams();
  const replyTo = params.get('replyTo');
  const source = useIncoming(replyTo ?? '', replyTo !== null);
  // The 来文单位, as a unit of this deployment when its name is one (the 复函's 主送).
  const sender = useOrganNamed(source.data?.document.senderName);
  if (!replyTo) return <NewOutgoingForm />;
  if (source.isLoading || sender.isLoading) return <Spin />;
  if (source.error || !source.data) {
    return <LoadError error={source.error} />;
  }
  return <NewOutgoingForm reply={{ source: source.data, recipient: sender.organ }} key={replyTo} />;
}

function NewOutgoingForm({ reply }: { reply?: { source: IncomingDetail; recipient: OrganRef } }) {
  const { t, te } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const refresh = useRefreshOutgoing();
  const post = me.posts.find((p) => p.id === me.currentPostId);
  const issuer: OrganRef | null = post ? { name: post.unitName, unitId: post.unitId, kind: 'organ' } : null;
  const sourceId = reply?.source.item.id ?? null;
  const draft = useStoredState(sourceId ? `outgoing-reply-${sourceId}-${me.personId}` : `outgoing-new-${me.personId}`, () =>
    reply ? replyDraft(issuer, reply.source, reply.recipient) : newDraft(issuer),
  );
  const [copies, setCopies] = useState(1);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const create = async () => {
    const issues = shapeIssues(draft.value);
    const d = toDraft(draft.value, true);
    if (issues.length || !d) {
      const first = issues[0]?.path[0];
      focusField(issues[0]?.path);
      message.error(
        first === 'genre'
          ? t('outgoing.checks.chooseGenre')
          : first === 'title'
            ? t('common.titleTooLong', { n: draft.value.title.trim().length, max: TITLE_MAX })
            : t('outgoing.new.incomplete'),
      );
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<{ itemId: string }>('/outgoing', {
        draft: d,
        copies,
        note: note.trim() || null,
        replyTo: sourceId,
      });
      draft.clear();
      await refresh();
      message.success(t('outgoing.new.created'));
      void navigate(`/outgoing/${r.itemId}`);
    } catch (e) {
      message.error(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={reply ? t('outgoing.reply.title') : t('outgoing.new.title')}>
        {reply && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="reply-source"
            message={
              <>
                {t('flow.link.replyTo.to')}
                <Link to={`/incoming/${reply.source.item.id}`} style={{ marginInlineStart: 8, wordBreak: 'break-word' }}>
                  {reply.source.document.registryNo} {reply.source.item.title}
                </Link>
              </>
            }
          />
        )}
        {draft.restored && (
          <Alert
            type="info"
            showIcon
            message={t('common.draftRestored')}
            style={{ marginBottom: 12 }}
            data-testid="draft-restored"
            action={
              <Button size="small" onClick={() => draft.clear()}>
                {t('outgoing.new.discard')}
              </Button>
            }
          />
        )}
        <Space wrap>
          <label htmlFor="od-new-copies">{t('outgoing.settings.copies')}</label>
          <InputNumber id="od-new-copies" min={1} max={100_000} value={copies} onChange={(v) => setCopies(v ?? 1)} />
          <Input
            aria-label={t('outgoing.new.note')}
            placeholder={t('outgoing.new.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            style={{ minWidth: 240 }}
          />
        </Space>
        <div className="od-hint" style={{ marginTop: 8 }}>
          {t('outgoing.new.hint')}
        </div>
      </Card>
      <EditorWorkspace value={draft.value} onChange={draft.set} />
      <Button
        type="primary"
        size="large"
        icon={<SendOutlined />}
        loading={busy}
        onClick={create}
        block
        data-testid="create-outgoing"
      >
        {t('outgoing.new.submit')}
      </Button>
    </Space>
  );
}
