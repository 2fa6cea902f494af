/**
 * What every artifact MetBridge publishes in `fhir-profiles/` shares. No dates: the files are
 * generated from code and must come out byte-identical on every run.
 * @see https://hl7.org/fhir/R4/canonicalresource.html
 */
export const PUBLICATION = {
  version: '0.1.0',
  status: 'active',
  experimental: false,
  publisher: 'MetBridge',
} as const;

export const FHIR_VERSION = '4.0.1';
