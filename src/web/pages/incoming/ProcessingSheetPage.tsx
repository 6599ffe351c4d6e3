import { useEffect, type CSSProperties } from 'react';
import { Button, Spin } from 'antd';
import { useParams } from 'react-router';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { useIncoming } from './IncomingPage';

const cell: CSSProperties = { border: '1px solid #000', padding: '6px 8px', verticalAlign: 'top' };

/** 文件处理单: the registered elements and every opinion in order with name, capacity and date, for printing. */
export function ProcessingSheetPage() {
  const { id = '' } = useParams();
  const { t, tv } = useI18n();
  const q = useIncoming(id);
  useEffect(() => {
    document.title = t('incoming.sheet.title');
  }, [t]);
  if (!q.data) return <Spin />;
  const { item, document: doc, opinions, tasks } = q.data;
  // 主办 and 协办 of 承办: each unit (or section) with who holds it for them and its time limit.
  const handling = tasks.filter((x) => x.stepKey === 'handle' && x.unit && x.state !== 'cancelled');
  const parties = (['lead', 'assisting'] as const).flatMap((role) => {
    const byUnit = new Map<string, { people: string[]; dueDate: string | null }>();
    for (const x of handling.filter((y) => y.unitRole === role)) {
      const e = byUnit.get(x.unit!) ?? { people: [], dueDate: x.dueDate };
      if (!e.people.includes(x.assignee)) e.people.push(x.assignee);
      byUnit.set(x.unit!, e);
    }
    if (!byUnit.size) return [];
    const list = [...byUnit].map(
      ([u, e]) =>
        `${u}${t('common.paren', { x: [e.people.join(t('common.sep')), e.dueDate ? t('incoming.sheet.due', { date: e.dueDate }) : ''].filter(Boolean).join(t('common.semi')) })}`,
    );
    return [{ role, text: `${t(`flow.role.${role}`)}${t('common.colon')}${list.join(t('common.sep'))}` }];
  });
  const byKind = (kinds: string[] | null) =>
    opinions.filter((o) => (kinds ? kinds.includes(o.kind) : !['proposal', 'instruction', 'comment'].includes(o.kind)));
  const block = (list: typeof opinions) =>
    list.map((o) => (
      <div key={o.id} style={{ marginBottom: 8 }} data-testid="sheet-opinion">
        <div style={{ whiteSpace: 'pre-wrap' }}>{o.text}</div>
        <div style={{ textAlign: 'right' }}>
          {o.signature}
          {o.postTitle ? t('common.paren', { x: o.postTitle }) : ''} {dayjs(o.createdAt).format(t('common.longDate'))}
        </div>
      </div>
    ));
  const rows: [string, typeof opinions][] = [
    [t('incoming.sheet.proposal'), byKind(['proposal'])],
    [t('incoming.sheet.instruction'), byKind(['instruction'])],
    [t('incoming.sheet.circulation'), byKind(['comment'])],
    [t('incoming.sheet.handling'), byKind(null)],
  ];
  return (
    <div
      className="zs-sheet"
      style={{
        maxWidth: 760,
        margin: '0 auto',
        padding: 24,
        fontFamily: '"FangSong", "STFangsong", "Noto Serif CJK SC", serif',
        color: '#000',
        background: '#fff',
      }}
    >
      <style>{'@media print { .zs-no-print { display: none !important; } @page { size: A4; margin: 20mm; } }'}</style>
      <div className="zs-no-print" style={{ textAlign: 'right', marginBottom: 12 }}>
        <Button onClick={() => window.print()}>{t('incoming.sheet.print')}</Button>
      </div>
      <h1 style={{ textAlign: 'center', color: '#c00', fontSize: 26, letterSpacing: 4 }}>{t('incoming.sheet.title')}</h1>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 15 }}>
        <tbody>
          <tr>
            <td style={cell}>{t('incoming.field.senderName')}</td>
            <td style={cell}>{doc.senderName}</td>
            <td style={cell}>{t('incoming.field.registryNo')}</td>
            <td style={cell}>{doc.registryNo}</td>
          </tr>
          <tr>
            <td style={cell}>{t('incoming.field.docNo')}</td>
            <td style={cell}>{doc.docNo}</td>
            <td style={cell}>{t('incoming.field.receivedAt')}</td>
            <td style={cell}>{dayjs(doc.receivedAt).format('YYYY-MM-DD HH:mm')}</td>
          </tr>
          <tr>
            <td style={cell}>{t('incoming.field.classification')}</td>
            <td style={cell}>
              {tv(item.classification)}
              {doc.secrecyTerm ? `★${doc.secrecyTerm}` : ''}
            </td>
            <td style={cell}>{t('incoming.field.urgency')}</td>
            <td style={cell}>{item.urgency ? tv(item.urgency) : ''}</td>
          </tr>
          <tr>
            <td style={cell}>{t('incoming.field.title')}</td>
            <td style={cell} colSpan={3}>
              {item.title}
            </td>
          </tr>
          {parties.length > 0 && (
            <tr>
              <td style={{ ...cell, width: 110 }}>{t('incoming.sheet.parties')}</td>
              <td style={cell} colSpan={3}>
                {parties.map((p) => (
                  <div key={p.role} data-testid={`sheet-party-${p.role}`}>
                    {p.text}
                  </div>
                ))}
              </td>
            </tr>
          )}
          {rows.map(([label, list]) => (
            <tr key={label}>
              <td style={{ ...cell, width: 110 }}>{label}</td>
              <td style={{ ...cell, height: 90 }} colSpan={3}>
                {block(list)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
