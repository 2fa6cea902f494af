import * as asn1js from 'asn1js';
import { ContentInfo, EncryptedContentInfo, EnvelopedData, RecipientInfo } from 'pkijs';
import { toArrayBuffer } from '../bytes';
import { DirectRejection } from '../rejection';
import { OID } from './oids';

/** The parts of an EnvelopedData or AuthEnvelopedData that decryption needs. */
export interface ParsedEnvelope {
  /** True for AuthEnvelopedData (AES-GCM), false for EnvelopedData (AES-CBC). */
  authenticated: boolean;
  recipientInfos: RecipientInfo[];
  encryptedContentInfo: EncryptedContentInfo;
  /** AuthEnvelopedData: the authentication tag. */
  mac?: Uint8Array;
  /** AuthEnvelopedData: the DER of the authenticated attributes (SET OF), the GCM additional data. */
  authenticatedAttributes?: Uint8Array;
}

/**
 * Reads a CMS ContentInfo holding EnvelopedData or AuthEnvelopedData. Signed data or anything
 * else is `not-encrypted`; unreadable DER is `malformed`.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-6.1
 * @see https://www.rfc-editor.org/rfc/rfc5083#section-2.1
 */
export function parseEnvelope(der: Uint8Array): ParsedEnvelope {
  let contentInfo: ContentInfo;
  try {
    contentInfo = ContentInfo.fromBER(toArrayBuffer(der));
  } catch {
    throw new DirectRejection('malformed', 'the S/MIME body is not a CMS ContentInfo');
  }
  try {
    if (contentInfo.contentType === OID.envelopedData) {
      const enveloped = new EnvelopedData({ schema: contentInfo.content });
      return { authenticated: false, recipientInfos: enveloped.recipientInfos, encryptedContentInfo: enveloped.encryptedContentInfo };
    }
    if (contentInfo.contentType === OID.authEnvelopedData) return parseAuthEnvelopedData(contentInfo.content);
  } catch (error) {
    if (error instanceof DirectRejection) throw error;
    throw new DirectRejection('malformed', 'the enveloped data cannot be read');
  }
  throw new DirectRejection('not-encrypted', `the CMS content is ${contentInfo.contentType}, not enveloped data`);
}

/**
 * AuthEnvelopedData ::= SEQUENCE { version, originatorInfo [0] OPTIONAL, recipientInfos,
 * authEncryptedContentInfo, authAttrs [1] OPTIONAL, mac, unauthAttrs [2] OPTIONAL }
 * @see https://www.rfc-editor.org/rfc/rfc5083#section-2.1
 */
function parseAuthEnvelopedData(content: unknown): ParsedEnvelope {
  if (!(content instanceof asn1js.Sequence)) throw new DirectRejection('malformed', 'AuthEnvelopedData is not a SEQUENCE');
  const items = content.valueBlock.value;
  let index = 1;
  if (isContextTag(items[index], 0)) index++;
  const recipientInfos = items[index++];
  if (!(recipientInfos instanceof asn1js.Set)) throw new DirectRejection('malformed', 'AuthEnvelopedData without recipient infos');
  const encryptedContentInfo = new EncryptedContentInfo({ schema: items[index++] });
  let authenticatedAttributes: Uint8Array | undefined;
  if (isContextTag(items[index], 1)) {
    authenticatedAttributes = new Uint8Array(items[index++]!.valueBeforeDecodeView);
    authenticatedAttributes[0] = 0x31;
  }
  const mac = items[index];
  if (!(mac instanceof asn1js.OctetString)) throw new DirectRejection('malformed', 'AuthEnvelopedData without its MAC');
  const parsed: ParsedEnvelope = {
    authenticated: true,
    recipientInfos: recipientInfos.valueBlock.value.map((schema) => new RecipientInfo({ schema })),
    encryptedContentInfo,
    mac: mac.valueBlock.valueHexView,
  };
  if (authenticatedAttributes) parsed.authenticatedAttributes = authenticatedAttributes;
  return parsed;
}

function isContextTag(block: asn1js.AsnType | undefined, tag: number): block is asn1js.BaseBlock {
  return block instanceof asn1js.BaseBlock && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;
}
