import { describe, expect, it } from 'vitest';
import { bodyView, hexLines, messageBody } from './body';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('a message body as carried', () => {
  it('keeps UTF-8 as text and anything else as base64, with the real size', () => {
    expect(messageBody(bytes('héllo'))).toEqual({ body: 'héllo', encoding: 'utf8', size: 6, truncated: false });
    const binary = Uint8Array.from([0xff, 0x00, 0x10]);
    expect(messageBody(binary)).toEqual({ body: '/wAQ', encoding: 'base64', size: 3, truncated: false });
  });

  it('cuts a long body without splitting a character', () => {
    const b = messageBody(bytes('aé€'), 4);
    expect(b).toEqual({ body: 'aé', encoding: 'utf8', size: 6, truncated: true });
  });
});

describe('a message body as shown', () => {
  it('pretty-prints a whole JSON object and keeps the raw text', () => {
    const v = bodyView({ body: '{"a":1,"b":[2]}', encoding: 'utf8', truncated: false });
    expect(v).toEqual({ kind: 'json', pretty: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}', raw: '{"a":1,"b":[2]}' });
  });

  it('shows text, a cut JSON body and a JSON number as text', () => {
    expect(bodyView({ body: '{"a":', encoding: 'utf8', truncated: true })).toEqual({ kind: 'text', text: '{"a":' });
    expect(bodyView({ body: '12', encoding: 'utf8', truncated: false })).toEqual({ kind: 'text', text: '12' });
    expect(bodyView({ body: '<b>hi</b>', encoding: 'utf8', truncated: false }).kind).toBe('text');
  });

  it('dumps binary (and text full of control characters) as hex', () => {
    expect(bodyView({ body: '/wAQ', encoding: 'base64', truncated: false })).toEqual({
      kind: 'hex',
      lines: [`00000000  ff 00 10${' '.repeat(42)}|...|`],
    });
    expect(bodyView({ body: 'a\u0001b', encoding: 'utf8', truncated: false }).kind).toBe('hex');
  });

  it('lays hex out as hexdump -C does', () => {
    const lines = hexLines(bytes('0123456789abcdefXY'));
    expect(lines).toEqual([
      '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|',
      '00000010  58 59                                             |XY|',
    ]);
  });
});
