import { AlgorithmIdentifier, RSAESOAEPParams } from 'pkijs';
import * as asn1js from 'asn1js';
import { OID } from './oids';

const OAEP_HASHES: Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/**
 * The `id-RSAES-OAEP` algorithm identifier we send: SHA-256 with MGF1-SHA-256 and an empty label.
 * @see https://www.rfc-editor.org/rfc/rfc4055#section-4.1
 */
export function oaepSha256AlgorithmIdentifier(): AlgorithmIdentifier {
  const sha256 = new AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });
  const params = new RSAESOAEPParams({
    hashAlgorithm: sha256,
    maskGenAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: sha256.toSchema() }),
  });
  return new AlgorithmIdentifier({ algorithmId: OID.rsaesOaep, algorithmParams: params.toSchema() });
}

/**
 * The WebCrypto hash of received RSAES-OAEP parameters, or undefined when WebCrypto cannot do
 * them (MGF1 over a different hash than the label hash, a non-empty label, another mask
 * function). Absent parameters mean SHA-1 throughout, the RFC 4055 default (OAEP's security does
 * not rest on SHA-1's collision resistance, so it is accepted here).
 * @see https://www.rfc-editor.org/rfc/rfc4055#section-4.1
 */
export function oaepHash(algorithm: AlgorithmIdentifier): 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined {
  const defaults = new RSAESOAEPParams();
  let params = defaults;
  if (algorithm.algorithmParams instanceof asn1js.Sequence) {
    try {
      params = new RSAESOAEPParams({ schema: algorithm.algorithmParams });
    } catch {
      return undefined;
    }
  }
  const hash = OAEP_HASHES[params.hashAlgorithm.algorithmId];
  if (!hash || params.maskGenAlgorithm.algorithmId !== OID.mgf1) return undefined;
  let mgfHash: string | undefined;
  try {
    mgfHash = new AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId;
  } catch {
    return undefined;
  }
  if (OAEP_HASHES[mgfHash] !== hash) return undefined;
  if (!params.pSourceAlgorithm.isEqual(defaults.pSourceAlgorithm)) {
    const label = params.pSourceAlgorithm.algorithmParams;
    if (!(label instanceof asn1js.OctetString) || label.valueBlock.valueHexView.length > 0) return undefined;
  }
  return hash;
}
