import { useEffect, useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { Button, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Paragraph } from '../../../contract/outgoing-draft';
import { useI18n, type MessageKey } from '../../i18n';
import { levelOf, nextPrefix, paragraphsFromText, withoutPrefix } from './headings';

const LEVELS = [0, 1, 2, 3, 4] as const;

interface Caret {
  index: number;
  at: number;
}

/**
 * 正文 as paragraphs, each with its heading level. Typing is like a word processor: Enter starts a new
 * paragraph, Backspace at the start joins it to the one above, arrows move between paragraphs; Alt+1…4 make
 * it a heading of that level (numbered after the headings above it), Alt+0 body text. Pasting several lines
 * makes a paragraph of each, with the level its numbering shows.
 */
export function BodyEditor({
  value,
  onChange,
  idPrefix,
  readOnly,
}: {
  value: Paragraph[];
  onChange: (v: Paragraph[]) => void;
  idPrefix: string;
  readOnly?: boolean;
}) {
  const { t } = useI18n();
  const caret = useRef<Caret | null>(null);
  const body = value.length ? value : [{ level: 0, text: '' }];

  // Focus moves after React has rendered the paragraphs the change made.
  useEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    const el = document.getElementById(`${idPrefix}-${c.index}`) as HTMLTextAreaElement | null;
    if (!el) return;
    el.focus();
    el.setSelectionRange(c.at, c.at);
  });

  const change = (next: Paragraph[], focus?: Caret) => {
    if (focus) caret.current = focus;
    onChange(next);
  };
  const setLevel = (i: number, level: number) => {
    const p = body[i]!;
    const rest = withoutPrefix(p.text);
    // A heading is numbered after the headings above it; the drafter may still type over the number.
    const text = level === 0 ? (levelOf(p.text) ? rest : p.text) : `${nextPrefix(body, i, level)}${rest}`;
    change(
      body.map((x, j) => (j === i ? { level, text } : x)),
      { index: i, at: text.length },
    );
  };
  const setText = (i: number, text: string) => {
    const p = body[i]!;
    // Typing a heading number at the start of body text makes the paragraph a heading of that level.
    const level = p.level === 0 && !levelOf(p.text) ? levelOf(text) : p.level;
    change(body.map((x, j) => (j === i ? { level, text } : x)));
  };
  const remove = (i: number) =>
    change(body.length > 1 ? body.filter((_, j) => j !== i) : [{ level: 0, text: '' }], {
      index: Math.max(0, i - 1),
      at: body[Math.max(0, i - 1)]?.text.length ?? 0,
    });

  const onKeyDown = (i: number, e: KeyboardEvent<HTMLTextAreaElement>) => {
    // An input method uses Enter and the arrows while composing Chinese; leave them to it.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const el = e.currentTarget;
    const start = el.selectionStart;
    const end = el.selectionEnd;
    const p = body[i]!;
    const digit = /^Digit([0-4])$/.exec(e.code);
    if (e.altKey && digit) {
      e.preventDefault();
      setLevel(i, Number(digit[1]));
      return;
    }
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      const j = e.key === 'ArrowUp' ? i - 1 : i + 1;
      if (j < 0 || j >= body.length) return;
      e.preventDefault();
      const next = [...body];
      [next[i], next[j]] = [next[j]!, next[i]!];
      change(next, { index: j, at: start });
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const before = { ...p, text: p.text.slice(0, start) };
      const after = { level: 0, text: p.text.slice(end) };
      change([...body.slice(0, i), before, after, ...body.slice(i + 1)], { index: i + 1, at: 0 });
      return;
    }
    if (e.key === 'Backspace' && start === 0 && end === 0 && i > 0) {
      e.preventDefault();
      const prev = body[i - 1]!;
      change([...body.slice(0, i - 1), { ...prev, text: prev.text + p.text }, ...body.slice(i + 1)], {
        index: i - 1,
        at: prev.text.length,
      });
      return;
    }
    if (e.key === 'Delete' && start === p.text.length && end === start && i < body.length - 1) {
      e.preventDefault();
      const next = body[i + 1]!;
      change([...body.slice(0, i), { ...p, text: p.text + next.text }, ...body.slice(i + 2)], { index: i, at: p.text.length });
      return;
    }
    if (e.key === 'ArrowUp' && start === 0 && end === 0 && i > 0) {
      e.preventDefault();
      caret.current = { index: i - 1, at: body[i - 1]!.text.length };
      onChange(body);
      return;
    }
    if (e.key === 'ArrowDown' && start === p.text.length && end === start && i < body.length - 1) {
      e.preventDefault();
      caret.current = { index: i + 1, at: 0 };
      onChange(body);
    }
  };

  const onPaste = (i: number, e: ClipboardEvent<HTMLTextAreaElement>) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\r\n]/u.test(text.trim())) return;
    e.preventDefault();
    const el = e.currentTarget;
    const p = body[i]!;
    const before = p.text.slice(0, el.selectionStart);
    const after = p.text.slice(el.selectionEnd);
    const pasted = paragraphsFromText(text);
    if (!pasted.length) return;
    const last = pasted.length - 1;
    // The first line joins the text before the caret (keeping its level when there is any); the last takes the rest.
    const made = pasted.map((x, k) => ({
      level: k === 0 && before.trim() ? p.level : x.level,
      text: `${k === 0 ? before : ''}${x.text}${k === last ? after : ''}`,
    }));
    change([...body.slice(0, i), ...made, ...body.slice(i + 1)], { index: i + last, at: made[last]!.text.length - after.length });
  };

  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`outgoing.level.${l}` as MessageKey) }));
  return (
    <div className="od-body" data-testid="body-editor">
      {body.map((p, i) => (
        <div key={i} className={`od-para od-level-${p.level}`} data-testid="paragraph">
          <Select
            size="small"
            className="od-para-level"
            aria-label={t('outgoing.body.levelOf', { n: i + 1 })}
            value={p.level}
            options={levelOptions}
            onChange={(l: number) => setLevel(i, l)}
            disabled={readOnly}
            popupMatchSelectWidth={false}
          />
          <textarea
            id={`${idPrefix}-${i}`}
            className="od-para-text"
            aria-label={t('outgoing.body.paragraph', { n: i + 1 })}
            value={p.text}
            rows={1}
            readOnly={readOnly}
            onChange={(e) => setText(i, e.target.value)}
            onKeyDown={(e) => onKeyDown(i, e)}
            onPaste={(e) => onPaste(i, e)}
            ref={(el) => {
              // Grows with its text, so a long paragraph reads in one piece.
              if (el) {
                el.style.height = 'auto';
                el.style.height = `${el.scrollHeight}px`;
              }
            }}
          />
          {!readOnly && (
            <Button
              type="text"
              size="small"
              className="od-para-remove"
              aria-label={t('outgoing.body.remove', { n: i + 1 })}
              icon={<DeleteOutlined />}
              onClick={() => remove(i)}
            />
          )}
        </div>
      ))}
      {!readOnly && (
        <div className="od-body-foot">
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => change([...body, { level: 0, text: '' }], { index: body.length, at: 0 })}
          >
            {t('outgoing.body.add')}
          </Button>
          <Typography.Text type="secondary" className="od-hint">
            {t('outgoing.body.hint')}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
