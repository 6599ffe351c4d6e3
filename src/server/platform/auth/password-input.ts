import type { Readable, Writable } from 'node:stream';

/** A terminal, as far as reading a password needs one. */
interface Terminal extends Readable {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

const MAX_CHARS = 1024;

/**
 * A password for the CLI, never from its command line (which shell history and the process list keep): on a
 * terminal it is typed at a prompt without echo, twice; otherwise it is the first line of standard input
 * (`printf '%s\n' "$PW" | npx zhongshu user reset-password --username …`).
 */
export async function readNewPassword(input: Terminal, output: Writable, label: string): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await askHidden(input, output, `${label}（输入时不显示）：`);
    const again = await askHidden(input, output, `再次输入${label}：`);
    if (first !== again) throw new Error('两次输入的密码不一致');
    if (!first) throw new Error('未输入密码');
    return first;
  }
  return firstLine(input);
}

async function firstLine(input: Readable): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) {
    text += chunk as string;
    if (text.includes('\n') || text.length > MAX_CHARS) break;
  }
  const line = text.split('\n')[0]!.replace(/\r$/, '');
  if (!line) throw new Error('未从标准输入读到密码（第一行应为密码）');
  return line;
}

function askHidden(input: Terminal, output: Writable, prompt: string): Promise<string> {
  output.write(prompt);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (fn: () => void) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        // Ctrl-C and Ctrl-D: raw mode delivers them as characters, not signals.
        if (ch === '\u0003' || ch === '\u0004') return finish(() => reject(new Error('已取消')));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ' && value.length < MAX_CHARS) value += ch;
      }
    };
    input.on('data', onData);
  });
}
