import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { Person, Unit } from '../api/types';
import { useI18n } from '../i18n';
import { useDialogs } from './dialogs';
import { AppointDialog, CreateDepartmentDialog, CreateUnitDialog, InChargeDialog, type LeaderPost } from './org-dialogs';
import { CursorPager, ResponsiveList, useCursorPager } from './lists';
import { unitTree } from './pickers';
import { keys, useAction, useDepartments, usePeople, useUnits } from './queries';
import { CalendarCoverageNotice } from '../components/calendar-coverage';

type Dialog = { kind: 'unit' } | { kind: 'department' } | { kind: 'appoint' } | { kind: 'inCharge'; post: LeaderPost };

interface PostRow {
  id: string;
  personName: string;
  username: string | null;
  title: string;
  departmentName: string | null;
  isLeader: boolean;
  isPrimary: boolean;
  isPrincipal: boolean;
  unitId: string;
  inChargeOf: string[];
}

/** The posts held in one unit, one row each: leaders first, then section by section. */
const postsIn = (people: Person[], unitId: string): PostRow[] =>
  people
    .flatMap((p) => p.posts.filter((x) => x.unitId === unitId).map((x) => ({ ...x, personName: p.name, username: p.username })))
    .sort(
      (a, b) =>
        Number(b.isPrincipal) - Number(a.isPrincipal) ||
        Number(b.isLeader) - Number(a.isLeader) ||
        (a.departmentName ?? '').localeCompare(b.departmentName ?? '', 'zh') ||
        a.personName.localeCompare(b.personName, 'zh'),
    );

function UnitPosts({ unit, onDialog }: { unit: Unit; onDialog: (d: Dialog) => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const pager = useCursorPager();
  const people = usePeople({ unitId: unit.id, cursor: pager.cursor, limit: 200 });
  const departments = useDepartments(unit.id);
  const deptName = (id: string) => departments.data?.find((d) => d.id === id)?.name ?? id;
  const end = useAction((id: string) => api.post(`/org/posts/${id}/end`), {
    invalidate: [keys.people],
    success: t('admin.org.postEnded'),
  });
  const principal = useAction(
    (v: { id: string; isPrincipal: boolean }) => api.put(`/org/posts/${v.id}/principal`, { isPrincipal: v.isPrincipal }),
    {
      invalidate: [keys.people],
      success: (_, v) => t(v.isPrincipal ? 'admin.org.principalSaved' : 'admin.org.principalCleared'),
    },
  );
  const rows = postsIn(people.data?.items ?? [], unit.id);
  const current = rows.find((r) => r.isPrincipal);

  // 条例 Art.22: the principal signs the unit's important and upward documents; one a unit, so setting it moves it.
  const confirmPrincipal = (r: PostRow) =>
    modal.confirm({
      title: t(r.isPrincipal ? 'admin.org.unmakePrincipalConfirm' : 'admin.org.makePrincipalConfirm', {
        name: r.personName,
        title: r.title,
      }),
      content: r.isPrincipal
        ? t('admin.org.unmakePrincipalHint')
        : [
            t('admin.org.makePrincipalHint'),
            current && current.id !== r.id
              ? t('admin.org.makePrincipalReplaces', { name: current.personName, title: current.title })
              : '',
          ]
            .filter(Boolean)
            .join(' '),
      okText: t(r.isPrincipal ? 'admin.org.unmakePrincipal' : 'admin.org.makePrincipal'),
      cancelText: t('common.cancel'),
      onOk: () => principal.mutateAsync({ id: r.id, isPrincipal: !r.isPrincipal }),
    });

  const confirmEnd = (r: PostRow) =>
    modal.confirm({
      title: t('admin.org.endPostConfirm', { name: r.personName, title: r.title }),
      content: t('admin.org.endPostHint'),
      okText: t('admin.org.endPost'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => end.mutateAsync(r.id),
    });
  const inCharge = (r: PostRow) => (r.inChargeOf.length ? r.inChargeOf.map(deptName).join(t('common.sep')) : '');
  const actions = (r: PostRow) => (
    <Space size={4} wrap>
      {r.isLeader && !r.departmentName && (
        <Button
          size="small"
          onClick={() =>
            onDialog({
              kind: 'inCharge',
              post: { id: r.id, personName: r.personName, title: r.title, unitId: r.unitId, inChargeOf: r.inChargeOf },
            })
          }
        >
          {t('admin.org.setInCharge')}
        </Button>
      )}
      {r.isLeader && (
        <Button size="small" onClick={() => confirmPrincipal(r)}>
          {t(r.isPrincipal ? 'admin.org.unmakePrincipal' : 'admin.org.makePrincipal')}
        </Button>
      )}
      <Button size="small" danger onClick={() => confirmEnd(r)}>
        {t('admin.org.endPost')}
      </Button>
    </Space>
  );
  const tags = (r: PostRow) => (
    <>
      {r.isPrincipal && <Tag color="gold">{t('admin.org.principal')}</Tag>}
      {r.isLeader && <Tag color="red">{t('admin.org.leader')}</Tag>}
      {!r.isPrimary && <Tag>{t('admin.org.concurrent')}</Tag>}
    </>
  );

  return (
    <>
      <ResponsiveList<PostRow>
        rows={rows}
        rowKey={(r) => r.id}
        loading={people.isLoading}
        empty={t('admin.org.noPosts')}
        testId="post-row"
        columns={[
          {
            title: t('admin.org.person'),
            key: 'person',
            width: 100,
            render: (_, r) => (
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {r.personName}
              </Typography.Text>
            ),
          },
          {
            title: t('admin.org.postTitle'),
            key: 'title',
            render: (_, r) => (
              <Space size={4} wrap>
                {r.title}
                {tags(r)}
              </Space>
            ),
          },
          { title: t('admin.org.department'), dataIndex: 'departmentName', width: 120, render: (v: string | null) => v ?? '' },
          { title: t('admin.org.inCharge'), key: 'inCharge', render: (_, r) => inCharge(r) },
          { title: t('admin.actions'), key: 'actions', width: 230, render: (_, r) => actions(r) },
        ]}
        card={(r) => ({
          title: (
            <Space size={4} wrap>
              {r.personName}
              {tags(r)}
            </Space>
          ),
          body: (
            <>
              <Typography.Text>{[r.departmentName, r.title].filter(Boolean).join(' · ')}</Typography.Text>
              {r.inChargeOf.length > 0 && (
                <Typography.Text type="secondary">{`${t('admin.org.inCharge')}${t('admin.colon')}${inCharge(r)}`}</Typography.Text>
              )}
              {actions(r)}
            </>
          ),
        })}
      />
      <CursorPager pager={pager} nextCursor={people.data?.nextCursor} />
    </>
  );
}

function UnitPanel({ unit, onDialog }: { unit: Unit; onDialog: (d: Dialog) => void }) {
  const { t, tv } = useI18n();
  const departments = useDepartments(unit.id);
  return (
    <Card title={unit.name} data-testid="unit-panel">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'short', label: t('admin.org.shortName'), children: unit.shortName },
          { key: 'code', label: t('admin.org.issuerCode'), children: unit.issuerCode ?? '' },
          { key: 'level', label: t('admin.org.level'), children: tv(unit.level) },
          { key: 'category', label: t('admin.org.category'), children: tv(unit.category) },
        ]}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', margin: '16px 0 8px' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('admin.org.departments')}
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => onDialog({ kind: 'department' })}>
          {t('admin.org.createDepartment')}
        </Button>
      </Space>
      {departments.isLoading ? (
        <Spin />
      ) : departments.data?.length ? (
        <Space size={[8, 8]} wrap data-testid="departments">
          {departments.data.map((d) => (
            <Tag key={d.id} data-testid="department">
              {d.name}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('admin.org.noDepartments')}</Typography.Text>
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', margin: '24px 0 8px' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('admin.org.posts')}
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => onDialog({ kind: 'appoint' })}>
          {t('admin.org.appoint')}
        </Button>
      </Space>
      <UnitPosts unit={unit} onDialog={onDialog} />
    </Card>
  );
}

/** 组织机构: the tree of units; for the chosen unit its sections (内设机构) and the posts held in it. */
export function OrgPage() {
  const { t } = useI18n();
  const units = useUnits();
  const [search, setSearch] = useSearchParams();
  const dialogs = useDialogs<Dialog>();
  const dialog = dialogs.current;
  const list = units.data ?? [];
  const unit = list.find((u) => u.id === search.get('unit')) ?? list[0];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('nav.org')}
      </Typography.Title>
      <CalendarCoverageNotice />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card
            title={t('admin.org.units')}
            extra={
              <Button icon={<PlusOutlined />} onClick={() => dialogs.show({ kind: 'unit' })}>
                {t('admin.org.createUnit')}
              </Button>
            }
          >
            {units.isLoading ? (
              <Spin />
            ) : (
              <Tree
                aria-label={t('admin.org.units')}
                blockNode
                defaultExpandAll
                treeData={unitTree(list)}
                selectedKeys={unit ? [unit.id] : []}
                onSelect={(k) => k[0] && setSearch({ unit: String(k[0]) })}
                data-testid="unit-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {unit ? (
            <UnitPanel key={unit.id} unit={unit} onDialog={dialogs.show} />
          ) : (
            <Empty description={t('admin.org.pickUnit')} />
          )}
        </Col>
      </Row>
      {dialog?.kind === 'unit' && <CreateUnitDialog dialog={dialogs.props} parentId={unit?.id ?? null} />}
      {dialog?.kind === 'department' && unit && <CreateDepartmentDialog dialog={dialogs.props} unit={unit} />}
      {dialog?.kind === 'appoint' && unit && <AppointDialog dialog={dialogs.props} unit={unit} />}
      {dialog?.kind === 'inCharge' && <InChargeDialog dialog={dialogs.props} post={dialog.post} />}
    </div>
  );
}
