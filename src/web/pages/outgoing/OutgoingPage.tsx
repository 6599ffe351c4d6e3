import './outgoing.css';
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { MyTask, OutgoingDetail } from '../../api/types';
import { useMe } from '../../auth';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import type { Finding } from '../../../contract/outgoing-checks';
import { TaskPanel } from '../../components/flow/TaskPanel';
import { HistoryCard, ItemLinks, OpinionsCard, RetractButton } from '../../components/flow/FlowRecord';
import { ChecksPanel, ChecksSummary } from './ChecksPanel';
import { DeliveriesCard, useDeliveryLogText } from './DeliveriesCard';
import { Downloads } from './Downloads';
import { DraftEditSession } from './DraftEditSession';
import { DraftView } from './DraftView';
import { printSummary, REGISTRAR_STEPS, RegistrarCard } from './RegistrarCard';
import { VersionsCard } from './VersionsCard';
import { useOutgoing, useRefreshOutgoing } from './queries';

const SIGNING = ['sign', 'resign'];

/** The findings a refused 签发 (or 编号) names, listed under the refusal. */
function BlockingFindings({ error }: { error: unknown }) {
  const findings = error instanceof ApiError ? ((error.details as { findings?: Finding[] } | undefined)?.findings ?? []) : [];
  if (!findings.length) return null;
  return (
    <ul className="od-refusal" data-testid="refusal-findings">
      {findings.map((f, i) => (
        <li key={i}>
          <code>{f.rule}</code> {f.message}
        </li>
      ))}
    </ul>
  );
}

function Header({ d, onDone }: { d: OutgoingDetail; onDone: () => Promise<void> }) {
  const { t, tv } = useI18n();
  const doc = d.document;
  return (
    <Card title={<span className="od-page-title">{d.item.title}</span>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color="blue" data-testid="item-state">
          {tv(d.item.state)}
        </Tag>
        {d.item.urgency && <Tag color="red">{tv(d.item.urgency)}</Tag>}
        {d.item.classification !== UNMARKED && (
          <Tag>
            {tv(d.item.classification)}
            {doc.draft.secrecyTerm ? `\u2605${doc.draft.secrecyTerm}` : ''}
          </Tag>
        )}
        {d.item.filingStatus && <Tag color="gold">{tv(d.item.filingStatus)}</Tag>}
        <RetractButton retractable={d.retractable} onDone={onDone} />
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
        <Descriptions.Item label={t('outgoing.field.docNo')}>
          <span data-testid="doc-no">{doc.docNo ?? t('outgoing.docNo.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('outgoing.field.genre')}>{tv(doc.draft.genre)}</Descriptions.Item>
        <Descriptions.Item label={t('outgoing.field.drafter')}>{doc.drafterName}</Descriptions.Item>
        <Descriptions.Item label={t('outgoing.field.version')}>
          {t('outgoing.versions.version', { no: doc.version })}
          {doc.signedVersion && ` · ${t('outgoing.field.signedVersion', { no: doc.signedVersion })}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('outgoing.settings.register')}>
          {doc.register ? `${doc.register.name}${t('common.paren', { x: doc.register.example })}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('outgoing.settings.copies')}>{doc.copies}</Descriptions.Item>
        {doc.print && (
          <Descriptions.Item label={t('outgoing.field.print')}>
            <span data-testid="print-record">{printSummary(doc.print, t)}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <div style={{ marginTop: 12 }}>
        <Downloads itemId={d.item.id} />
      </div>
      {/* The incoming record a receiving unit made of it belongs to that unit: its number shows with the receipts. */}
      <ItemLinks links={d.links.filter((l) => !(l.kind === 'distributedFrom' && l.direction === 'from'))} />
    </Card>
  );
}

/**
 * 发文 page: the document and its checks, what the reader may do now (edit, 签发 …), the registrar's settings,
 * the receipts of 核发, every version and opinion. A signer on a phone reads title, checks and text, then signs.
 */
export function OutgoingPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const q = useOutgoing(id);
  const refresh = useRefreshOutgoing(id);
  const logText = useDeliveryLogText();
  const [editing, setEditing] = useState(false);
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) {
    return <LoadError error={q.error} testId="outgoing-error" />;
  }
  const d = q.data;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const holds = d.myTasks.length > 0;
  // 条例 Art.22: an important or upward document goes to the issuing unit's principal leader to sign.
  const principals = d.signing.principals;
  const principalNote = d.signing.principalRequired && (
    <Alert
      type={principals.length ? 'info' : 'warning'}
      showIcon
      data-testid="principal-required"
      message={t('outgoing.sign.principalRequired')}
      description={
        principals.length
          ? t('outgoing.sign.principalIs', {
              names: principals.map((p) => `${p.name}${t('common.paren', { x: p.title })}`).join(t('common.sep')),
            })
          : t('outgoing.sign.noPrincipal')
      }
    />
  );
  // The signer the draft's source named (a 纪要's, by its kind of meeting's rule), when the principal need not sign.
  const named = d.signing.named;
  const suggest = d.signing.principalRequired
    ? {
        step: 'sign',
        label: t('outgoing.sign.principals'),
        people: principals.map((p) => ({ id: p.personId, name: p.name, title: `${p.unitName} ${p.title}` })),
        note: principalNote,
      }
    : named
      ? {
          step: 'sign',
          label: t('outgoing.sign.named'),
          people: [{ id: named.personId, name: named.name, title: named.title }],
          note: (
            <Alert
              type="info"
              showIcon
              data-testid="named-signer"
              message={t('outgoing.sign.namedIs', { reason: named.reason, name: named.name, title: named.title })}
            />
          ),
        }
      : undefined;
  const task = (x: MyTask) => {
    const signing = SIGNING.includes(x.stepKey ?? '');
    const notPrincipal = signing && d.signing.principalRequired && !principals.some((p) => p.personId === me.personId);
    return (
      <TaskPanel
        key={x.id}
        task={x}
        ownUnitId={ownUnitId}
        onDone={refresh}
        unitRoles={false}
        prominent={signing}
        submitLabel={signing ? t('outgoing.sign.submit') : undefined}
        describeError={(e) => <BlockingFindings error={e} />}
        suggest={suggest}
      >
        {notPrincipal && (
          <Alert
            type="warning"
            showIcon
            message={t('outgoing.sign.notPrincipal')}
            style={{ marginBottom: 12 }}
            data-testid="not-principal"
          />
        )}
        {signing && (
          <div style={{ marginBottom: 12 }}>
            <ChecksSummary findings={d.checks.findings} blocking={d.checks.blocking} />
          </div>
        )}
      </TaskPanel>
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} className="od-page">
      <Header d={d} onDone={refresh} />
      {d.document.changedSinceSigning && (
        <Alert type="warning" showIcon message={t('outgoing.changedSinceSigning')} data-testid="changed-since-signing" />
      )}
      {editing ? (
        <DraftEditSession itemId={id} detail={d} onClose={() => setEditing(false)} onSaved={refresh} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
            <Card
              size="small"
              title={t('outgoing.document.title', { no: d.document.version })}
              extra={
                d.canEdit && (
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-draft">
                    {t('outgoing.edit.start')}
                  </Button>
                )
              }
            >
              <DraftView draft={d.document.draft} />
            </Card>
          </Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
            <ChecksPanel
              findings={d.checks.findings}
              blocking={d.checks.blocking}
              overrides={d.document.overrides}
              itemId={id}
              canOverride={holds}
              onChanged={refresh}
              onFocus={(path) =>
                path?.[0] === 'body' &&
                typeof path[1] === 'number' &&
                document.getElementById(`view-body-${path[1]}`)?.scrollIntoView({ block: 'center' })
              }
              title={t('outgoing.checks.titleAt', { stage: t(`outgoing.stage.${d.checks.stage}`) })}
            />
          </Col>
        </Row>
      )}
      {/* The registrar's steps after signing are done in one card; any other task has its own panel. */}
      {!editing && d.myTasks.filter((x) => !(d.canRegister && REGISTRAR_STEPS.includes(x.stepKey ?? ''))).map(task)}
      {!editing && d.canRegister && <RegistrarCard d={d} ownUnitId={ownUnitId} onDone={refresh} />}
      <DeliveriesCard d={d} onChanged={refresh} />
      <VersionsCard itemId={id} versions={d.versions} signedVersion={d.document.signedVersion} />
      <OpinionsCard opinions={d.opinions} item={{ id: d.item.id, kind: 'outgoing' }} />
      <HistoryCard
        tasks={d.tasks}
        extra={d.deliveryLog.map((l, i) => ({
          id: `delivery-${i}`,
          step: t('outgoing.delivery.log.step', { event: t(`outgoing.delivery.log.${l.event}`), unit: l.unitName }),
          assignee: l.person ?? '',
          state: logText(l),
          completedAt: l.at,
        }))}
        onChanged={refresh}
      />
    </Space>
  );
}
