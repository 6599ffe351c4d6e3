import { Empty, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, qs } from '../api/client';
import { UNMARKED } from '../../contract/common';
import type { Item, Page } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';

/** Results of the header's search box: items the person may read, by words and by title substrings. */
export function SearchPage() {
  const { t, tv } = useI18n();
  const [search] = useSearchParams();
  const q = search.get('q')?.trim() ?? '';
  const res = useQuery({
    queryKey: ['search', q],
    queryFn: () => api.get<Page<Item>>(`/items${qs({ q, limit: 50 })}`),
    enabled: q.length > 0,
  });
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('search.resultsFor', { q })}
      </Typography.Title>
      <List
        loading={res.isLoading}
        dataSource={res.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('search.none')} /> }}
        renderItem={(it) => (
          <List.Item>
            <List.Item.Meta
              title={it.title}
              description={
                <Space size={8} wrap>
                  <span>{t(`module.${it.kind}` as MessageKey)}</span>
                  {it.registryNo && <span>{it.registryNo}</span>}
                  {it.classification !== UNMARKED && <Tag>{tv(it.classification)}</Tag>}
                  <span>{it.createdAt.slice(0, 10)}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}
