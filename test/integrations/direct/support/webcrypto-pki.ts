import * as asn1js from 'asn1js';
import { AltName, AttributeTypeAndValue, BasicConstraints, Certificate, Extension, GeneralName } from 'pkijs';

/**
 * A small Direct PKI made with WebCrypto and pkijs only, for runtimes without the openssl CLI
 * (the workerd suite): a trust anchor and end-entity certificates with rfc822Name subjectAltNames,
 * all RSA-2048 and SHA-256, keys as PKCS#8 PEM. The openssl-made PKI of `direct-pki.ts` remains
 * the independent peer; this one only lets the same code run where no process can be spawned.
 */
export interface WebCryptoParty {
  address: string;
  certificatePem: string;
  privateKeyPem: string;
}

function pem(der: ArrayBuffer, label: string): string {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
}

async function rsaKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
}

function name(commonName: string): AttributeTypeAndValue {
  return new AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) });
}

async function certificate(options: {
  subject: string;
  issuer: string;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  ca: boolean;
  address?: string;
}): Promise<Certificate> {
  const certificate = new Certificate();
  certificate.version = 2;
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.subject.typesAndValues.push(name(options.subject));
  certificate.issuer.typesAndValues.push(name(options.issuer));
  certificate.notBefore.value = new Date(Date.now() - 3_600_000);
  certificate.notAfter.value = new Date(Date.now() + 86_400_000);
  const constraints = new BasicConstraints({ cA: options.ca });
  certificate.extensions = [
    new Extension({ extnID: '2.5.29.19', critical: true, extnValue: constraints.toSchema().toBER(false), parsedValue: constraints }),
  ];
  if (options.address) {
    const altNames = new AltName({ altNames: [new GeneralName({ type: 1, value: options.address })] });
    certificate.extensions.push(new Extension({ extnID: '2.5.29.17', extnValue: altNames.toSchema().toBER(false), parsedValue: altNames }));
  }
  await certificate.subjectPublicKeyInfo.importKey(options.publicKey);
  await certificate.sign(options.signingKey, 'SHA-256');
  return certificate;
}

/** Makes a trust anchor and one end entity per address. */
export async function createWebCryptoPki(addresses: string[]): Promise<{ anchorPem: string; parties: WebCryptoParty[] }> {
  const anchorKeys = await rsaKeyPair();
  const anchor = await certificate({
    subject: 'WebCrypto Test Anchor',
    issuer: 'WebCrypto Test Anchor',
    publicKey: anchorKeys.publicKey,
    signingKey: anchorKeys.privateKey,
    ca: true,
  });
  const parties: WebCryptoParty[] = [];
  for (const address of addresses) {
    const keys = await rsaKeyPair();
    const leaf = await certificate({
      subject: address,
      issuer: 'WebCrypto Test Anchor',
      publicKey: keys.publicKey,
      signingKey: anchorKeys.privateKey,
      ca: false,
      address,
    });
    parties.push({
      address,
      certificatePem: pem(leaf.toSchema().toBER(), 'CERTIFICATE'),
      privateKeyPem: pem(await crypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'),
    });
  }
  return { anchorPem: pem(anchor.toSchema().toBER(), 'CERTIFICATE'), parties };
}
