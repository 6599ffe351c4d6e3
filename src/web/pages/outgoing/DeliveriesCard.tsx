import { Card, Grid, List, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { OutgoingDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatTime } from '../../components/flow/FlowRecord';

type Delivery = OutgoingDetail['deliveries'][number];
const COLORS = { delivered: 'blue', signed: 'green', returned: 'red' } as const;

/** 核发 and its receipts: for each receiving unit, delivered, signed for (with its 收文号) or sent back (with why). */
export function DeliveriesCard({ deliveries }: { deliveries: Delivery[] }) {
  const { t } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  if (!deliveries.length) return null;
  const status = (d: Delivery) => (
    <Tag color={COLORS[d.status]} data-testid={`delivery-status-${d.status}`}>
      {t(`outgoing.delivery.${d.status}`)}
    </Tag>
  );
  const receipt = (d: Delivery) =>
    d.status === 'signed' ? (
      <span>
        {t('outgoing.delivery.registryNo', { no: d.registryNo ?? '' })}
        {d.signedBy && <Typography.Text type="secondary">{` · ${d.signedBy} ${formatTime(d.signedAt)}`}</Typography.Text>}
      </span>
    ) : d.status === 'returned' ? (
      <span>
        {t('outgoing.delivery.reason', { reason: d.returnReason ?? '' })}
        <Typography.Text type="secondary">{` · ${formatTime(d.returnedAt)}`}</Typography.Text>
      </span>
    ) : null;
  const counts = (['delivered', 'signed', 'returned'] as const).map((s) => t('outgoing.delivery.count', { status: t(`outgoing.delivery.${s}`), n: deliveries.filter((d) => d.status === s).length }));
  return (
    <Card size="small" title={t('outgoing.delivery.title')} extra={<Typography.Text type="secondary">{counts.join(t('common.semi'))}</Typography.Text>} data-testid="deliveries">
      {mobile ? (
        <List
          dataSource={deliveries}
          renderItem={(d) => (
            <List.Item data-testid="delivery">
              <Space orientation="vertical" size={2}>
                <Space wrap size={4}>
                  <strong>{d.unitName}</strong>
                  <Tag>{t(`outgoing.role.${d.role}`)}</Tag>
                  {status(d)}
                </Space>
                {receipt(d)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<Delivery>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={deliveries}
          onRow={() => ({ 'data-testid': 'delivery' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('outgoing.delivery.unit'), dataIndex: 'unitName' },
            { title: t('outgoing.delivery.role'), dataIndex: 'role', render: (r: Delivery['role']) => t(`outgoing.role.${r}`) },
            { title: t('outgoing.delivery.status'), dataIndex: 'status', render: (_: string, d) => status(d) },
            { title: t('outgoing.delivery.deliveredAt'), dataIndex: 'deliveredAt', render: formatTime },
            { title: t('outgoing.delivery.receipt'), key: 'receipt', render: (_: unknown, d) => receipt(d) },
          ]}
        />
      )}
    </Card>
  );
}

