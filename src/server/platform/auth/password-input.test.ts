import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { readNewPassword } from './password-input';

/** A terminal stand-in: a stream that says it is a TTY and records raw mode. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[] });
  Object.assign(input, { setRawMode: (r: boolean) => input.raw.push(r) });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('the command line reads passwords from a prompt or standard input, never from its arguments', () => {
  it('piped in, the password is the first line of standard input', async () => {
    const input = new PassThrough();
    input.end('Temp-pass-2026\nsomething else\n');
    expect(await readNewPassword(input, new PassThrough(), '临时密码')).toBe('Temp-pass-2026');
  });

  it('a Windows line ending is not part of the password, and an empty input is refused', async () => {
    const crlf = new PassThrough();
    crlf.end('Temp-pass-2026\r\n');
    expect(await readNewPassword(crlf, new PassThrough(), '临时密码')).toBe('Temp-pass-2026');
    const empty = new PassThrough();
    empty.end('');
    await expect(readNewPassword(empty, new PassThrough(), '临时密码')).rejects.toThrow('未从标准输入读到密码');
  });

  it('at a terminal it is typed twice without being shown, and raw mode is left again', async () => {
    const t = terminal();
    const read = readNewPassword(t.input, t.output, '临时密码');
    t.input.write('Temp-pass-2026x\u007f\r');
    await new Promise((r) => setImmediate(r));
    t.input.write('Temp-pass-2026\r');
    expect(await read).toBe('Temp-pass-2026');
    expect(t.shown()).toContain('临时密码');
    expect(t.shown()).not.toContain('Temp-pass');
    expect(t.input.raw).toEqual([true, false, true, false]);
  });

  it('at a terminal two different entries are refused', async () => {
    const t = terminal();
    const read = readNewPassword(t.input, t.output, '临时密码');
    t.input.write('Temp-pass-2026\r');
    await new Promise((r) => setImmediate(r));
    t.input.write('Temp-pass-2027\r');
    await expect(read).rejects.toThrow('两次输入的密码不一致');
  });
});
