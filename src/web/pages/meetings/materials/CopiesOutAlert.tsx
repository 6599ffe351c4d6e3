import { Alert, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import type { copiesOutSchema } from '../../../../contract/meetings-minutes';

// On the copy register, for those who collect the copies (the office's registrars, the staff): each topic whose
// discussion is over (its record written) with its numbered copies still out, to be collected before people leave.

export function CopiesOutAlert({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['meetings', 'handouts', 'copies-out', meetingId],
    queryFn: () => api.get<z.output<typeof copiesOutSchema>>(`/meetings/${meetingId}/record/copies-out`),
    retry: false,
  });
  const topics = q.data?.topics ?? [];
  if (!topics.length) return null;
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }} data-testid="copies-out">
      {topics.map((x) => (
        <Alert
          key={x.topicItemId}
          type="error"
          showIcon
          title={t('meetings.handouts.topicOver', { topic: x.topic })}
          description={
            <Space orientation="vertical" size={2}>
              {x.copies.map((c) => (
                <Typography.Text key={`${c.material}-${c.copyNo}`}>
                  {t('meetings.handouts.copyOut', { material: c.material, n: c.copyNo, holder: c.holder })}
                </Typography.Text>
              ))}
            </Space>
          }
        />
      ))}
    </Space>
  );
}
