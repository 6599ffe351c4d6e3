import { useState, type ReactNode } from 'react';
import { Form, InputNumber, Select, Space } from 'antd';
import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileTextOutlined,
  SettingOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useI18n, type MessageKey } from '../../i18n';
import { useMe } from '../../auth';
import { useMeetingKinds, useOfficeKinds, useTopicOffices } from './queries';

const PLACES: { path: string; label: MessageKey; icon: ReactNode }[] = [
  { path: '/meetings', label: 'meetings.list.title', icon: <CalendarOutlined /> },
  { path: '/meetings/topics', label: 'meetings.topics.title', icon: <FileTextOutlined /> },
  { path: '/meetings/rooms', label: 'meetings.rooms.title', icon: <AppstoreOutlined /> },
  { path: '/meetings/seating', label: 'meetings.seating.title', icon: <TableOutlined /> },
  { path: '/meetings/policy', label: 'meetings.policy.title', icon: <AuditOutlined /> },
  { path: '/meetings/statistics', label: 'meetings.stats.title', icon: <BarChartOutlined /> },
  { path: '/meetings/kinds', label: 'meetings.kinds.title', icon: <SettingOutlined /> },
];

/** The other pages of 办会, from the one showing (`here`): meetings, 议题, rooms, seating. */
export function MeetingsLinks({ here }: { here: string }) {
  const { t } = useI18n();
  return (
    <Space wrap>
      {PLACES.filter((p) => p.path !== here).map((p) => (
        <Link key={p.path} to={p.path}>
          {p.icon} {t(p.label)}
        </Link>
      ))}
    </Space>
  );
}

/** The office (a party committee's or government's general office) and the kind of meeting, as forms ask them. */
export function OfficeAndKindFields({ officeLabel }: { officeLabel: MessageKey }) {
  const { t, tv } = useI18n();
  const offices = useTopicOffices();
  const kinds = useMeetingKinds();
  // Once the office is chosen, only the kinds it holds (会议类型设置); the server refuses any other.
  const office = Form.useWatch<string | undefined>('officeUnitId');
  const held = useOfficeKinds(office);
  const offered = held.data ? held.data.items.filter((k) => k.enabled) : kinds.data?.items;
  return (
    <>
      <Form.Item name="officeUnitId" label={t(officeLabel)} rules={[{ required: true }]}>
        <Select
          loading={offices.isLoading}
          options={offices.data?.items.map((o) => ({ value: o.id, label: o.name }))}
          showSearch
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item name="meetingKind" label={t('meetings.topic.kind')} rules={[{ required: true }]}>
        <Select
          loading={kinds.isLoading || held.isLoading}
          options={offered?.map((k) => ({ value: k.key, label: tv(k.name) }))}
          data-testid="meeting-kind-select"
        />
      </Form.Item>
    </>
  );
}

/**
 * The office and year a page of figures or limits is about (统计, 精文减会): the first office the reader may pick until
 * they choose, this year until they change it.
 */
export function useOfficeYear() {
  const offices = useTopicOffices();
  const [chosen, setOffice] = useState<string>();
  const [year, setYear] = useState(dayjs().year());
  const office = chosen ?? offices.data?.items[0]?.id;
  const picker = (
    <Space wrap style={{ marginBottom: 16 }}>
      <OfficeSelect value={office} onChange={setOffice} />
      <YearInput value={year} onChange={setYear} />
    </Space>
  );
  return { office, year, picker };
}

/** The office a settings page is about (会议类型设置): the first the reader may pick until they choose. */
export function useOffice() {
  const offices = useTopicOffices();
  const me = useMe();
  const [chosen, setOffice] = useState<string>();
  // The reader's own office first, when they work in one.
  const own = me.posts.find((p) => p.id === me.currentPostId)?.unitId;
  const office = chosen ?? offices.data?.items.find((o) => o.id === own)?.id ?? offices.data?.items[0]?.id;
  const picker = (
    <div style={{ marginBottom: 16 }}>
      <OfficeSelect value={office} onChange={setOffice} />
    </div>
  );
  return { office, picker };
}

function OfficeSelect({ value, onChange }: { value: string | undefined; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const offices = useTopicOffices();
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={offices.isLoading}
      options={offices.data?.items.map((o) => ({ value: o.id, label: o.name }))}
      placeholder={t('meetings.policy.pickOffice')}
      style={{ width: 280, maxWidth: '100%' }}
      aria-label={t('meetings.policy.office')}
    />
  );
}

function YearInput({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  const { t } = useI18n();
  return (
    <InputNumber
      value={value}
      onChange={(v) => v && onChange(v)}
      min={2000}
      max={2100}
      aria-label={t('meetings.policy.year')}
      style={{ width: 110 }}
    />
  );
}
