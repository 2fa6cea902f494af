import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../src/integrations/direct/mime/addresses';
import { buildPart } from '../../../src/integrations/direct/mime/build';
import { parseParameterizedValue } from '../../../src/integrations/direct/mime/content-type';
import { parseEntity, splitMultipart } from '../../../src/integrations/direct/mime/entity';
import { decodeEncodedWords, encodeUnstructured } from '../../../src/integrations/direct/mime/header-fields';
import { leafParts } from '../../../src/integrations/direct/mime/leaf-parts';
import { readEnvelope } from '../../../src/integrations/direct/security-agent';
import { selectPkcs1v15Payload } from '../../../src/integrations/direct/smime/rsa-pkcs1';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('RFC 5322 addresses', () => {
  it('takes the addr-spec out of display names, quoted commas, comments and groups', () => {
    expect(parseAddressList('"Lee, Dana MD" <dr.lee@direct.clinic.example>, intake@direct.movewell.example (intake desk)')).toEqual([
      'dr.lee@direct.clinic.example',
      'intake@direct.movewell.example',
    ]);
    expect(parseAddressList('Referrals: a@x.example, b@y.example;')).toEqual(['a@x.example', 'b@y.example']);
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
  });
});

describe('MIME headers and parameters', () => {
  it('decodes RFC 2047 encoded words, B and Q, joining adjacent words', () => {
    expect(decodeEncodedWords('=?UTF-8?B?QmVyaWNodCDDvGJlcg==?= =?ISO-8859-1?Q?_=DCbungen?=')).toBe('Bericht über Übungen');
  });

  it('encodes non-ASCII unstructured text as folded UTF-8 encoded words that decode back', () => {
    const subject = 'Fortschrittsbericht für Frau Müller – Woche 6 von 12, Gehstrecke verbessert';
    const encoded = encodeUnstructured(subject);
    expect(encoded).toMatch(/^[\x20-\x7e\r\n]+$/);
    expect(encoded.split('\r\n').every((line) => line.length < 78)).toBe(true);
    expect(decodeEncodedWords(encoded.replace(/\r\n/g, ''))).toBe(subject);
  });

  it('reads quoted, RFC 2231 extended and continued parameters', () => {
    expect(parseParameterizedValue('Attachment; filename="report; final.pdf"')).toEqual({
      value: 'attachment',
      parameters: { filename: 'report; final.pdf' },
    });
    expect(parseParameterizedValue("attachment; filename*=UTF-8''%C3%9Cbungsbericht.pdf").parameters.filename).toBe('Übungsbericht.pdf');
    expect(parseParameterizedValue('attachment; filename*0="long-"; filename*1="name.pdf"').parameters.filename).toBe('long-name.pdf');
  });
});

describe('MIME entities', () => {
  it('accepts LF-only line ends and defaults to text/plain', () => {
    const entity = parseEntity(bytes('Subject: x\n\nbody\n'));
    expect(entity.contentType.value).toBe('text/plain');
    expect(text(entity.body)).toBe('body\n');
  });

  it('splits a multipart body ignoring preamble, epilogue and transport padding', () => {
    const entity = parseEntity(
      bytes('Content-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n--b  \r\n\r\none\r\n--b\r\nContent-Type: text/html\r\n\r\ntwo\r\n--b--\r\nepilogue'),
    );
    expect(splitMultipart(entity).map(text)).toEqual(['\r\none', 'Content-Type: text/html\r\n\r\ntwo']);
  });

  it('refuses a multipart without its closing delimiter and a header line that is no field', () => {
    expect(() => splitMultipart(parseEntity(bytes('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n')))).toThrow();
    expect(() => parseEntity(bytes('this is not a header\r\n\r\nbody'))).toThrow();
  });

  it('writes binary as base64 in 76-character lines and short ASCII text as 7bit', () => {
    const binary = text(buildPart({ contentType: 'application/pdf', body: new Uint8Array(200), filename: 'r.pdf' }));
    expect(binary).toContain('Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=r.pdf\r\n\r\n');
    expect(binary.split('\r\n\r\n')[1]!.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(text(buildPart({ contentType: 'text/plain', body: 'a\nb' }))).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\na\r\nb');
  });

  it('decodes quoted-printable and charsets of leaf parts', () => {
    const [part] = leafParts(parseEntity(bytes('Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe, =\r\nDana')));
    expect(part!.text).toBe('Grüße, Dana');
  });
});

describe('outer envelope', () => {
  it('never throws on garbage, it just finds no recipients', () => {
    expect(readEnvelope(crypto.getRandomValues(new Uint8Array(100)))).toEqual({ to: [] });
  });
});

describe('PKCS#1 v1.5 unpadding with implicit rejection', () => {
  const block = (payload: number[], padding = 8) => Uint8Array.from([0, 2, ...Array(padding).fill(0x33), 0, ...payload]);
  const substitute = Uint8Array.from([9, 9, 9, 9]);

  it('returns the payload of a well-formed block of the expected length', () => {
    expect(selectPkcs1v15Payload(block([1, 2, 3, 4]), 4, substitute)).toEqual(Uint8Array.from([1, 2, 3, 4]));
  });

  it('returns the substitute for a wrong type, short padding, missing separator or wrong length', () => {
    const wrongType = block([1, 2, 3, 4]);
    wrongType[1] = 1;
    const noSeparator = Uint8Array.from([0, 2, ...Array(12).fill(0x33)]);
    for (const bad of [wrongType, block([1, 2, 3, 4], 7), noSeparator, block([1, 2, 3])]) {
      expect(selectPkcs1v15Payload(bad, 4, substitute)).toEqual(substitute);
    }
  });
});
