import { useState, type ReactNode } from 'react';
import { Alert, Modal } from 'antd';
import { useI18n } from '../i18n';

/** What a page hands each dialog: closing starts the animation, `afterClose` unmounts it. */
export interface DialogProps {
  open: boolean;
  onClose: () => void;
  afterClose: () => void;
}

/**
 * The page's dialogs, one open at a time. A dialog is mounted when opened and unmounted after it has
 * closed, so each opening starts afresh and the focus still returns to the button that opened it.
 */
export function useDialogs<D>() {
  const [state, setState] = useState<{ d: D; open: boolean } | null>(null);
  const props: DialogProps = {
    open: state?.open ?? false,
    onClose: () => setState((s) => s && { ...s, open: false }),
    afterClose: () => setState(null),
  };
  return { current: state?.d ?? null, props, show: (d: D) => setState({ d, open: true }) };
}

interface FormModalProps extends DialogProps {
  title: string;
  /** The `name` of the antd Form inside; the OK button submits it, so Enter in a field does too. */
  formName: string;
  okText?: string;
  busy?: boolean;
  /** The server's message when the last attempt failed, shown above the fields. */
  error?: string | null;
  children: ReactNode;
}

/**
 * A dialog around one form. The OK button is the form's submit button (by the `form` attribute), so the
 * keyboard works as in any form: Tab through the fields, Enter submits, Escape closes.
 */
export function FormModal({ open, onClose, afterClose, title, formName, okText, busy, error, children }: FormModalProps) {
  const { t } = useI18n();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      afterClose={afterClose}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: formName, loading: busy }}
    >
      {error && (
        <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid="dialog-error" />
      )}
      {children}
    </Modal>
  );
}
