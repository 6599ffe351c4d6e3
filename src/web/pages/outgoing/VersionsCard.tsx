import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Grid, List, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DiffOutlined, FileWordOutlined } from '@ant-design/icons';
import type { OutgoingDetail } from '../../api/types';
import { diffDrafts, type LineChange, type Segment } from '../../../contract/draft-diff';
import { useI18n } from '../../i18n';
import { formatTime } from '../../components/flow/FlowRecord';
import { useVersion } from './queries';

type Version = OutgoingDetail['versions'][number];

function Segments({ segments, side }: { segments: Segment[]; side: 'left' | 'right' }) {
  return (
    <>
      {segments.map((s, i) =>
        s.op === 'same' ? (
          <span key={i}>{s.text}</span>
        ) : s.op === 'del' && side === 'left' ? (
          <del key={i}>{s.text}</del>
        ) : s.op === 'ins' && side === 'right' ? (
          <ins key={i}>{s.text}</ins>
        ) : null,
      )}
    </>
  );
}

function Cell({ change, side }: { change: LineChange; side: 'left' | 'right' }) {
  if (change.op === 'same') return <span>{(side === 'left' ? change.left : change.right).text}</span>;
  if (change.op === 'changed') return <Segments segments={change.segments} side={side} />;
  if (change.op === 'removed') return side === 'left' ? <del>{change.left.text}</del> : null;
  return side === 'right' ? <ins>{change.right.text}</ins> : null;
}

/** Two versions side by side, line by line in the order of the document, the changed characters marked. */
function Comparison({ itemId, left, right }: { itemId: string; left: number; right: number }) {
  const { t } = useI18n();
  const a = useVersion(itemId, left);
  const b = useVersion(itemId, right);
  const [onlyChanges, setOnlyChanges] = useState(true);
  if (a.isLoading || b.isLoading) return <Spin />;
  if (!a.data || !b.data) return null;
  const changes = diffDrafts(a.data.draft, b.data.draft);
  const shown = onlyChanges ? changes.filter((c) => c.op !== 'same') : changes;
  const label = (c: LineChange) => (c.op === 'added' ? c.right.label : c.left.label);
  return (
    <div data-testid="comparison">
      <Space wrap style={{ marginBottom: 8 }}>
        <Checkbox checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)}>
          {t('outgoing.versions.onlyChanges')}
        </Checkbox>
        <Typography.Text type="secondary">
          {t('outgoing.versions.changeCount', { n: changes.filter((c) => c.op !== 'same').length })}
        </Typography.Text>
      </Space>
      {shown.length ? (
        <div className="od-diff" role="table" aria-label={t('outgoing.versions.compare')}>
          <div className="od-diff-row od-diff-head" role="row">
            <div role="columnheader">{t('outgoing.versions.field')}</div>
            <div role="columnheader">{t('outgoing.versions.version', { no: left })}</div>
            <div role="columnheader">{t('outgoing.versions.version', { no: right })}</div>
          </div>
          {shown.map((c, i) => (
            <div key={i} className={`od-diff-row od-diff-${c.op}`} role="row" data-testid="diff-row">
              <div role="cell" className="od-diff-label">
                {label(c)}
              </div>
              <div role="cell" className="od-diff-left">
                <Cell change={c} side="left" />
              </div>
              <div role="cell" className="od-diff-right">
                <Cell change={c} side="right" />
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Empty description={t('outgoing.versions.noChanges')} />
      )}
    </div>
  );
}

/** Every saved version (who, at which step, what changed), its .docx, and a comparison of any two. */
export function VersionsCard({
  itemId,
  versions,
  signedVersion,
}: {
  itemId: string;
  versions: Version[];
  signedVersion: number | null;
}) {
  const { t, tv } = useI18n();
  const last = versions.at(-1)?.no ?? 1;
  // The last two versions until the reader picks others.
  const [picked, setPicked] = useState<{ left?: number; right?: number }>({});
  const left = picked.left ?? Math.max(1, last - 1);
  const right = picked.right ?? last;
  const setLeft = (no: number) => setPicked((p) => ({ ...p, left: no }));
  const setRight = (no: number) => setPicked((p) => ({ ...p, right: no }));
  const [comparing, setComparing] = useState(false);
  const options = versions.map((v) => ({ value: v.no, label: t('outgoing.versions.version', { no: v.no }) }));
  const mobile = Grid.useBreakpoint().md === false;
  const kind = (v: Version) => (
    <>
      {v.kind !== 'draft' && <Tag color={v.kind === 'signed' ? 'red' : 'blue'}>{t(`outgoing.versionKind.${v.kind}`)}</Tag>}
      {v.no === signedVersion && v.kind === 'draft' && <Tag color="red">{t('outgoing.versionKind.signed')}</Tag>}
    </>
  );
  const docx = (v: Version) => (
    <a href={`/api/v1/outgoing/${itemId}/document.docx?version=${v.no}`} aria-label={t('outgoing.versions.docxOf', { no: v.no })}>
      <FileWordOutlined /> .docx
    </a>
  );
  const changes = (v: Version) => [v.changes.join(t('common.sep')), v.note].filter(Boolean).join(t('common.semi'));
  return (
    <Card size="small" title={t('outgoing.versions.title')} data-testid="versions">
      {mobile ? (
        <List
          dataSource={versions}
          renderItem={(v) => (
            <List.Item extra={docx(v)}>
              <Space orientation="vertical" size={0}>
                <Space size={4} wrap>
                  <strong>{t('outgoing.versions.version', { no: v.no })}</strong>
                  {kind(v)}
                  <Typography.Text type="secondary">{`${tv(v.stepName)} · ${v.personName} · ${formatTime(v.createdAt)}`}</Typography.Text>
                </Space>
                {changes(v)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<Version>
          size="small"
          rowKey="no"
          pagination={false}
          scroll={{ x: true }}
          dataSource={versions}
          columns={[
            {
              title: t('outgoing.versions.no'),
              dataIndex: 'no',
              render: (no: number, v) => (
                <Space size={4}>
                  {`v${no}`}
                  {kind(v)}
                </Space>
              ),
            },
            { title: t('outgoing.versions.step'), dataIndex: 'stepName', render: (s: string) => tv(s) },
            {
              title: t('outgoing.versions.person'),
              dataIndex: 'personName',
              render: (n: string, v) => `${n}${v.postTitle ? t('common.paren', { x: v.postTitle }) : ''}`,
            },
            { title: t('outgoing.versions.at'), dataIndex: 'createdAt', render: formatTime },
            { title: t('outgoing.versions.changes'), key: 'changes', render: (_: unknown, v) => changes(v) },
            { title: t('outgoing.versions.download'), key: 'docx', render: (_: unknown, v) => docx(v) },
          ]}
        />
      )}
      {versions.length > 1 && (
        <Space wrap style={{ marginTop: 12 }}>
          <Select
            aria-label={t('outgoing.versions.left')}
            value={left}
            onChange={setLeft}
            options={options}
            style={{ minWidth: 90 }}
          />
          <Select
            aria-label={t('outgoing.versions.right')}
            value={right}
            onChange={setRight}
            options={options}
            style={{ minWidth: 90 }}
          />
          <Button icon={<DiffOutlined />} onClick={() => setComparing(true)} disabled={left === right} data-testid="compare">
            {t('outgoing.versions.compare')}
          </Button>
        </Space>
      )}
      {comparing && left !== right && (
        <div style={{ marginTop: 12 }}>
          <Comparison itemId={itemId} left={Math.min(left, right)} right={Math.max(left, right)} />
        </div>
      )}
    </Card>
  );
}
