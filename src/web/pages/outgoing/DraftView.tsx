import dayjs from 'dayjs';
import type { Draft } from '../../../contract/outgoing-draft';
import { UNMARKED } from '../../../contract/common';
import { useI18n } from '../../i18n';

/**
 * The document as it reads, in the order of GB/T 9704 (版头, 主体, 版记), sized for reading on a phone. The
 * layout proper is the .docx; this is for reading and signing.
 */
export function DraftView({ draft }: { draft: Draft }) {
  const { t } = useI18n();
  const sep = t('common.sep');
  const date = (iso: string | null) => (iso ? dayjs(iso).format(t('common.longDate')) : '');
  const header = draft.headerName || draft.issuers.map((r) => r.name).join(sep);
  const marks = [
    draft.copyNo,
    draft.classification !== UNMARKED ? `${draft.classification}${draft.secrecyTerm ? `\u2605${draft.secrecyTerm}` : ''}` : null,
    draft.urgency,
  ].filter(Boolean);
  return (
    <article className="od-view" data-testid="draft-view" lang="zh-CN">
      {marks.length > 0 && (
        <div className="od-view-marks">
          {marks.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
      {draft.format !== 'minutes' && (
        <div className="od-view-header">
          {header}
          {draft.format === 'standard' && draft.headerWithWenjian ? t('outgoing.view.wenjian') : ''}
        </div>
      )}
      {draft.format === 'minutes' && <div className="od-view-header">{header}</div>}
      <div className="od-view-docno">
        <span data-testid="view-docno">{draft.docNo ?? ''}</span>
        {draft.direction === 'up' && draft.signers.length > 0 && (
          <span>{t('outgoing.view.signers', { names: draft.signers.join(sep) })}</span>
        )}
      </div>
      <hr className="od-view-rule" />
      <h2 className="od-view-title">{draft.title}</h2>
      {draft.mainRecipients.length > 0 && (
        <p className="od-view-main">{t('outgoing.view.main', { names: draft.mainRecipients.map((r) => r.name).join(sep) })}</p>
      )}
      {draft.body.map((p, i) => (
        <p key={i} className={`od-view-p od-view-l${p.level}`} id={`view-body-${i}`}>
          {p.text}
        </p>
      ))}
      {draft.attachments.length > 0 && (
        <div className="od-view-attachments">
          <span>{t('outgoing.view.attachments')}</span>
          <ol>
            {draft.attachments.map((a, i) => (
              <li key={i}>{a.title}</li>
            ))}
          </ol>
        </div>
      )}
      <div className="od-view-signature">
        {draft.signatureNames.map((n) => (
          <div key={n}>{n}</div>
        ))}
        <div>
          {draft.writtenDate ? (
            date(draft.writtenDate)
          ) : (
            <span className="od-view-pending">{t('outgoing.view.datePending')}</span>
          )}
        </div>
      </div>
      {draft.note && <p className="od-view-note">{t('common.paren', { x: draft.note })}</p>}
      {(draft.ccRecipients.length > 0 || draft.printedBy) && (
        <footer className="od-view-colophon">
          {draft.ccRecipients.length > 0 && (
            <div>{t('outgoing.view.cc', { names: draft.ccRecipients.map((r) => r.name).join(sep) })}</div>
          )}
          {draft.printedBy && (
            <div className="od-view-printed">
              <span>{draft.printedBy}</span>
              <span>{draft.printedDate ? t('outgoing.view.printedOn', { date: date(draft.printedDate) }) : ''}</span>
            </div>
          )}
        </footer>
      )}
    </article>
  );
}
