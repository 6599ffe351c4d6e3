import { useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { downloadGenerated } from '../../download';
import { useI18n } from '../../i18n';

/**
 * 清稿 (the current version) as .docx, and as PDF when the server can make one: without LibreOffice it says so,
 * and the .docx is offered instead.
 */
export function Downloads({ itemId, issued = false }: { itemId: string; issued?: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A receiver downloads the issued copy; the sender's people the current version (清稿).
  const base = `/api/v1/outgoing/${itemId}${issued ? '/issued' : ''}`;
  const docx = `${base}/document.docx`;
  const pdf = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const out = await downloadGenerated(`${base}/document.pdf`, `${itemId}.pdf`);
      if (out) setProblem(out.refused ?? t('outgoing.pdf.failed'));
    } catch {
      setProblem(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Space wrap>
        <Button icon={<FileWordOutlined />} href={docx} data-testid="download-docx">
          {t('outgoing.download.docx')}
        </Button>
        <Button icon={<FilePdfOutlined />} loading={busy} onClick={pdf} data-testid="download-pdf">
          {t('outgoing.download.pdf')}
        </Button>
      </Space>
      {problem && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          closable
          onClose={() => setProblem(null)}
          data-testid="pdf-unavailable"
          message={problem}
          action={
            <Button size="small" href={docx}>
              {t('outgoing.download.docxInstead')}
            </Button>
          }
        />
      )}
    </>
  );
}
