import { DatePicker, Form, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { PersonPicker } from '../../components/flow/pickers';
import type { PersonBrief } from '../../../contract/flow';

// The fields of a meeting's plan that its later changes edit again (改期, 调整人员): the plan form (NewMeetingPage) and
// the meeting page's modals (PlanChange) share them.

/** A day and a time of day as one moment, in the browser's zone (Beijing for its users). */
export const at = (day: Dayjs, time: Dayjs) => day.hour(time.hour()).minute(time.minute()).second(0).millisecond(0).format();

/** 会议日期 and 起止时间 (form fields `day` and `time`). */
export function ScheduleFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="day" label={t('meetings.meeting.day')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%', maxWidth: 240 }} />
      </Form.Item>
      <Form.Item name="time" label={t('meetings.meeting.hours')} rules={[{ required: true }]}>
        <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: '100%', maxWidth: 280 }} />
      </Form.Item>
    </>
  );
}

/** 出席、列席、工作人员 (form fields `members`, `sitIns`, `staff`); `known` names the people already chosen. */
export function PeopleFields({ known }: { known?: PersonBrief[] }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="members"
        label={t('meetings.meeting.members')}
        extra={t('meetings.meeting.membersHint')}
        rules={[{ required: true }]}
      >
        <PersonPicker multiple suggested={known} />
      </Form.Item>
      <Form.Item name="sitIns" label={t('meetings.meeting.sitIns')}>
        <PersonPicker multiple suggested={known} />
      </Form.Item>
      <Form.Item name="staff" label={t('meetings.meeting.staff')} extra={t('meetings.meeting.staffHint')}>
        <PersonPicker multiple suggested={known} />
      </Form.Item>
    </>
  );
}
