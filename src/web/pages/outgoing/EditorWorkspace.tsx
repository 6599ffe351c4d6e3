import { Col, Row } from 'antd';
import type { CheckStage } from '../../../contract/outgoing-checks';
import { useI18n } from '../../i18n';
import { ChecksPanel, type Override } from './ChecksPanel';
import { DraftEditor } from './DraftEditor';
import { focusField, shapeIssues, toDraft, type EditorDraft } from './draft-state';
import { useLiveChecks } from './queries';

/** The editor with the live 规范性审核 beside it (below it on a phone); a finding takes the cursor to its field. */
export function EditorWorkspace({
  value,
  onChange,
  stage = 'draft',
  itemId,
  overrides,
}: {
  value: EditorDraft;
  onChange: (v: EditorDraft) => void;
  stage?: CheckStage;
  itemId?: string;
  overrides?: Override[];
}) {
  const { t, te } = useI18n();
  const issues = shapeIssues(value);
  const draft = issues.length ? null : toDraft(value);
  const checks = useLiveChecks(draft, stage, itemId);
  const shown = issues.map((i) =>
    i.path[0] === 'genre'
      ? t('outgoing.checks.chooseGenre')
      : i.path[0] === 'issuers'
        ? t('outgoing.checks.chooseIssuer')
        : `${i.path.join('.')}: ${i.message}`,
  );
  if (checks.error) shown.push(te(checks.error));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <DraftEditor value={value} onChange={onChange} />
      </Col>
      <Col xs={24} lg={8}>
        <div className="od-checks-side">
          <ChecksPanel
            findings={issues.length ? [] : (checks.data?.findings ?? [])}
            blocking={issues.length ? [] : (checks.data?.blocking ?? [])}
            overrides={overrides}
            loading={checks.isFetching}
            pending={!issues.length && !checks.data}
            issues={shown}
            onFocus={(path) => focusField(path)}
            title={t('outgoing.checks.live')}
          />
        </div>
      </Col>
    </Row>
  );
}
