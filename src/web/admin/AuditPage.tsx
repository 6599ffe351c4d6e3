import { useState } from 'react';
import { AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, qs } from '../api/client';
import type { AuditEvent, Page } from '../api/types';
import { useI18n } from '../i18n';
import { AUDIT_ACTIONS, AUDIT_TARGETS, actionKey, fieldLabel, targetKey } from './audit-catalog';
import { summaryLines, type SummaryLine } from './audit-summary';
import { ChainCheck } from './ChainCheck';
import { CursorPager, ResponsiveList, useCursorPager } from './lists';
import { PersonSelect, type PersonChoice } from './pickers';
import { keys, usePeopleDirectory } from './queries';

const PAGE = 50;

interface Filters {
  actor?: PersonChoice | null;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs, Dayjs] | null;
}

/** One line of a summary: the field's name, then its value or "before → after". */
function SummaryLineView({ line, label }: { line: SummaryLine; label: string }) {
  const value =
    line.value !== undefined ? (
      line.value
    ) : (
      <>
        <Typography.Text delete={line.after === undefined} type="secondary">
          {line.before}
        </Typography.Text>
        {line.after !== undefined && <> → {line.after}</>}
      </>
    );
  return (
    <div style={{ fontSize: 12, wordBreak: 'break-word' }} data-testid="audit-change">
      {label && <Typography.Text type="secondary">{label}: </Typography.Text>}
      {value}
    </div>
  );
}

function SearchForm({ onSearch }: { onSearch: (f: Filters) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: `${t(actionKey(a))} · ${a}` }));
  return (
    <Form<Filters> form={form} name="audit" layout="vertical" onFinish={onSearch}>
      <Row gutter={16}>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('admin.audit.actor')} name="actor">
            <PersonSelect allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('admin.audit.action')} name="action" tooltip={t('admin.audit.actionHint')}>
            <AutoComplete
              allowClear
              options={actionOptions}
              showSearch={{
                filterOption: (input, o) =>
                  String(o?.label ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              placeholder={t('admin.audit.anyAction')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item label={t('admin.audit.targetType')} name="targetType">
            <Select
              allowClear
              placeholder={t('admin.audit.anyTarget')}
              options={AUDIT_TARGETS.map((x) => ({ value: x, label: t(targetKey(x)) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item label={t('admin.audit.targetId')} name="targetId">
            <Input allowClear maxLength={80} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('admin.audit.range')} name="range">
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('admin.audit.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({});
          }}
        >
          {t('admin.audit.reset')}
        </Button>
      </Space>
    </Form>
  );
}

/** 审计日志: the security auditor's search of the hash-chained log, and the checks that the chain is whole (ChainCheck). */
export function AuditPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const pager = useCursorPager();
  const directory = usePeopleDirectory();
  const events = useQuery({
    queryKey: [...keys.audit, filters, pager.cursor],
    queryFn: () =>
      api.get<Page<AuditEvent>>(
        `/audit/events${qs({
          actorPersonId: filters.actor?.value,
          action: filters.action?.trim() || undefined,
          targetType: filters.targetType,
          targetId: filters.targetId?.trim() || undefined,
          from: filters.range?.[0]?.startOf('day').toISOString(),
          to: filters.range?.[1]?.endOf('day').toISOString(),
          cursor: pager.cursor,
          limit: PAGE,
        })}`,
      ),
    placeholderData: (p) => p,
  });

  const person = (id: string | null) => (id ? (directory.data?.get(id)?.name ?? id) : t('admin.audit.system'));
  const actionLabel = (a: string) => ((AUDIT_ACTIONS as readonly string[]).includes(a) ? t(actionKey(a)) : a);
  const targetLabel = (x: string) => ((AUDIT_TARGETS as readonly string[]).includes(x) ? t(targetKey(x)) : x);
  // The server names the object (a document by its title and 文号, within the auditor's clearance); an object
  // that no longer exists keeps its identifier.
  const targetName = (e: AuditEvent) => e.targetName ?? e.targetId ?? '';
  const words = {
    yes: t('admin.audit.yes'),
    no: t('admin.audit.no'),
    none: t('admin.audit.noValue'),
    list: t('admin.audit.listSep'),
  };
  const who = (e: AuditEvent) =>
    e.onBehalfOfPersonId
      ? `${person(e.actorPersonId)}${t('common.paren', { x: t('admin.audit.onBehalfOf', { name: person(e.onBehalfOfPersonId) }) })}`
      : person(e.actorPersonId);
  const when = (e: AuditEvent) => dayjs(e.at).format('YYYY-MM-DD HH:mm:ss');
  const what = (e: AuditEvent) => (
    <Space orientation="vertical" size={0}>
      <Typography.Text>{actionLabel(e.action)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {e.action}
      </Typography.Text>
    </Space>
  );
  const target = (e: AuditEvent) => `${targetLabel(e.targetType)}${e.targetId ? ` · ${targetName(e)}` : ''}`;
  const summary = (e: AuditEvent) => {
    const lines = summaryLines(e.summary, e.names, words);
    return (
      <Space orientation="vertical" size={0} style={{ maxWidth: '100%' }}>
        {lines.map((l, i) => (
          <SummaryLineView key={i} line={l} label={l.field ? fieldLabel(t, l.field) : ''} />
        ))}
        {e.ip && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('admin.audit.ip', { ip: e.ip })}
          </Typography.Text>
        )}
      </Space>
    );
  };

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('nav.audit')}
      </Typography.Title>
      <ChainCheck />
      <Card title={t('admin.audit.searchTitle')}>
        <SearchForm
          onSearch={(f) => {
            setFilters(f);
            pager.reset();
          }}
        />
        <div style={{ marginTop: 16 }}>
          <ResponsiveList<AuditEvent>
            rows={events.data?.items ?? []}
            rowKey={(e) => String(e.id)}
            loading={events.isLoading || events.isFetching}
            empty={t('admin.audit.none')}
            testId="audit-row"
            columns={[
              { title: t('admin.audit.at'), key: 'at', width: 110, render: (_, e) => when(e) },
              { title: t('admin.audit.actor'), key: 'actor', width: 120, render: (_, e) => who(e) },
              { title: t('admin.audit.action'), key: 'action', width: 190, render: (_, e) => what(e) },
              {
                title: t('admin.audit.target'),
                key: 'target',
                width: 200,
                render: (_, e) => <span style={{ wordBreak: 'break-all' }}>{target(e)}</span>,
              },
              { title: t('admin.audit.summary'), key: 'summary', render: (_, e) => summary(e) },
            ]}
            card={(e) => ({
              title: `${actionLabel(e.action)} · ${who(e)}`,
              body: (
                <>
                  <Typography.Text type="secondary">{when(e)}</Typography.Text>
                  <Typography.Text style={{ wordBreak: 'break-all' }}>{target(e)}</Typography.Text>
                  {summary(e)}
                </>
              ),
            })}
          />
          <CursorPager pager={pager} nextCursor={events.data?.nextCursor} />
        </div>
      </Card>
    </div>
  );
}
