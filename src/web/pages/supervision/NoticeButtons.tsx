import { useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { downloadGenerated } from '../../download';
import { useI18n } from '../../i18n';

/**
 * 督办通知单 of one item, as Word and as PDF. The PDF is fetched rather than linked: a server without LibreOffice
 * answers 503 with its reason, which is shown with the Word file offered instead.
 */
export function NoticeButtons({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/api/v1/supervision/${itemId}/notice`;
  const docx = `${base}?format=docx`;
  const pdf = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const out = await downloadGenerated(`${base}?format=pdf`, `${itemId}.pdf`);
      if (out) setProblem(out.refused ?? t('supervision.notice.pdfFailed'));
    } catch {
      setProblem(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size={4} align="end">
      <Space wrap>
        <Button size="small" icon={<FileWordOutlined />} href={docx} data-testid="notice-docx">
          {t('supervision.notice.docx')}
        </Button>
        <Button size="small" icon={<FilePdfOutlined />} loading={busy} onClick={pdf} data-testid="notice-pdf">
          {t('supervision.notice.pdf')}
        </Button>
      </Space>
      {problem && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setProblem(null)}
          data-testid="notice-pdf-unavailable"
          message={problem}
          action={
            <Button size="small" href={docx}>
              {t('supervision.notice.docxInstead')}
            </Button>
          }
        />
      )}
    </Space>
  );
}
