import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientIdentity, SenderKeys } from '../../../../src/integrations/direct/security-agent';
import { openssl } from './openssl';

/** One end entity of the test PKI: its Direct address, certificate and PKCS#8 key (PEM and file paths). */
export interface TestParty {
  address: string;
  certificatePem: string;
  privateKeyPem: string;
  certificatePath: string;
  keyPath: string;
}

/**
 * A throw-away Direct PKI made by the `openssl` CLI in a temp directory, per test file:
 * - `anchor` (root CA) → `intermediate` (CA, pathlen 0) → `practice`, `partner`, `colleague`,
 *   `orgPartner` (dNSName-bound), `expiredPartner` (validity 2020), `weakPartner` (RSA-1024);
 * - `rogueAnchor` (a CA nobody configured) → `roguePartner` (claims the partner's address);
 * - the partner's key re-certified: `encryptionOnlyPartner`, `serverPartner` (key usages that do
 *   not allow signing email) and `subjectEmailPartner` (address in the subject DN, no SAN).
 * End entities are RSA-2048 (except the weak one) with an rfc822Name subjectAltName,
 * digitalSignature + keyEncipherment, and emailProtection, as Direct certificates are.
 */
export interface DirectPki {
  dir: string;
  anchorPem: string;
  anchorPath: string;
  intermediatePem: string;
  intermediatePath: string;
  rogueAnchorPem: string;
  rogueAnchorPath: string;
  practice: TestParty;
  partner: TestParty;
  colleague: TestParty;
  orgPartner: TestParty;
  expiredPartner: TestParty;
  weakPartner: TestParty;
  roguePartner: TestParty;
  /** The partner's key under a certificate whose key usage is keyEncipherment only. */
  encryptionOnlyPartner: TestParty;
  /** The partner's key under a certificate whose extended key usage is serverAuth only. */
  serverPartner: TestParty;
  /** The partner's key under a certificate naming the address only as the subject's emailAddress. */
  subjectEmailPartner: TestParty;
  /** A file in the PKI directory. */
  path(name: string): string;
  /** Removes the directory. */
  cleanup(): void;
}

const EXTENSIONS = `
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[intermediate]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[leaf]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::SAN}

[leaf_encryption_only]
basicConstraints = CA:false
keyUsage = critical, keyEncipherment
subjectAltName = \${ENV::SAN}

[leaf_server]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \${ENV::SAN}

[leaf_subject_email]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
`;

const CA_CONFIG = `
[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = .
serial = serial.txt
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
`;

/** Creates the PKI; takes a few seconds (eleven RSA keys). */
export function createDirectPki(): DirectPki {
  const dir = mkdtempSync(join(tmpdir(), 'metbridge-direct-'));
  const run = (args: string[], env?: Record<string, string>) => openssl(args, { cwd: dir, env: { SAN: 'email:none@invalid', ...env } });
  writeFileSync(join(dir, 'ext.cnf'), EXTENSIONS);
  const key = (name: string, bits = 2048) =>
    run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', `${name}.key`]);
  const selfSigned = (name: string, cn: string) => {
    key(name);
    run(['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/O=MetBridge Test/CN=${cn}`, '-days', '3650', '-sha256',
      '-config', 'ext.cnf', '-extensions', 'root', '-out', `${name}.pem`]);
  };
  const issued = (name: string, issuer: string, cn: string, extensions: string, san: string, bits = 2048) => {
    key(name, bits);
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/O=MetBridge Test/CN=${cn}`, '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
      '-days', '825', '-sha256', '-extfile', 'ext.cnf', '-extensions', extensions, '-out', `${name}.pem`], { SAN: san });
  };

  selfSigned('anchor', 'Test Direct Trust Anchor');
  issued('intermediate', 'anchor', 'Test Direct Intermediate CA', 'intermediate', 'email:none@invalid');
  selfSigned('rogue-anchor', 'Rogue Trust Anchor');
  issued('practice', 'intermediate', 'Move Well Intake', 'leaf', 'email:intake@direct.movewell.example');
  issued('partner', 'intermediate', 'Dr. Lee', 'leaf', 'email:dr.lee@direct.clinic.example');
  issued('colleague', 'intermediate', 'Dr. Park', 'leaf', 'email:dr.park@direct.otherclinic.example');
  issued('org-partner', 'intermediate', 'Lakeside Clinic', 'leaf', 'DNS:direct.lakeside.example');
  issued('weak-partner', 'intermediate', 'Dr. Weak', 'leaf', 'email:dr.weak@direct.clinic.example', 1024);
  issued('rogue-partner', 'rogue-anchor', 'Dr. Lee (rogue)', 'leaf', 'email:dr.lee@direct.clinic.example');

  const reissued = (name: string, extensions: string, subject: string, san = 'email:dr.lee@direct.clinic.example') => {
    run(['req', '-new', '-key', 'partner.key', '-subj', subject, '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'intermediate.pem', '-CAkey', 'intermediate.key', '-CAcreateserial',
      '-days', '825', '-sha256', '-extfile', 'ext.cnf', '-extensions', extensions, '-out', `${name}.pem`], { SAN: san });
  };
  reissued('encryption-only-partner', 'leaf_encryption_only', '/O=MetBridge Test/CN=Dr. Lee');
  reissued('server-partner', 'leaf_server', '/O=MetBridge Test/CN=Dr. Lee');
  reissued('subject-email-partner', 'leaf_subject_email', '/O=MetBridge Test/CN=Dr. Lee/emailAddress=dr.lee@direct.clinic.example');

  key('expired-partner');
  run(['req', '-new', '-key', 'expired-partner.key', '-subj', '/O=MetBridge Test/CN=Dr. Old', '-out', 'expired-partner.csr']);
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial.txt'), '1000\n');
  run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'intermediate.pem', '-keyfile', 'intermediate.key', '-in', 'expired-partner.csr',
    '-out', 'expired-partner.pem', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext',
    '-extfile', 'ext.cnf', '-extensions', 'leaf'], { SAN: 'email:dr.old@direct.clinic.example' });

  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const party = (name: string, address: string, keyName = name): TestParty => ({
    address,
    certificatePem: read(`${name}.pem`),
    privateKeyPem: read(`${keyName}.key`),
    certificatePath: join(dir, `${name}.pem`),
    keyPath: join(dir, `${keyName}.key`),
  });
  mkdirSync(join(dir, 'work'));
  return {
    dir,
    anchorPem: read('anchor.pem'),
    anchorPath: join(dir, 'anchor.pem'),
    intermediatePem: read('intermediate.pem'),
    intermediatePath: join(dir, 'intermediate.pem'),
    rogueAnchorPem: read('rogue-anchor.pem'),
    rogueAnchorPath: join(dir, 'rogue-anchor.pem'),
    practice: party('practice', 'intake@direct.movewell.example'),
    partner: party('partner', 'dr.lee@direct.clinic.example'),
    colleague: party('colleague', 'dr.park@direct.otherclinic.example'),
    orgPartner: party('org-partner', 'referrals@direct.lakeside.example'),
    expiredPartner: party('expired-partner', 'dr.old@direct.clinic.example'),
    weakPartner: party('weak-partner', 'dr.weak@direct.clinic.example'),
    roguePartner: party('rogue-partner', 'dr.lee@direct.clinic.example'),
    encryptionOnlyPartner: party('encryption-only-partner', 'dr.lee@direct.clinic.example', 'partner'),
    serverPartner: party('server-partner', 'dr.lee@direct.clinic.example', 'partner'),
    subjectEmailPartner: party('subject-email-partner', 'dr.lee@direct.clinic.example', 'partner'),
    path: (name) => join(dir, 'work', name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A party as the recipient identity {@link openMessage} takes. */
export function identityOf(party: TestParty): RecipientIdentity {
  return { address: party.address, certificatePem: party.certificatePem, privateKeyPem: party.privateKeyPem };
}

/** A party as the signing keys {@link sealMessage} takes, with the intermediate CA included. */
export function senderKeysOf(party: TestParty, pki: DirectPki): SenderKeys {
  return { certificatePem: party.certificatePem, privateKeyPem: party.privateKeyPem, chainPem: [pki.intermediatePem] };
}
