import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { MimePart } from '../../integrations/direct/types';

/**
 * The Direct message a practice document travels in: the plain-text summary first (what any
 * inbox shows), then the PDF as an attachment, then a FHIR Bundle (`collection`) of the
 * resources behind it for an EHR to import, each entry with its full URL on MetBridge.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2.1: content is MIME)
 * @see https://hl7.org/fhir/R4/bundle.html#collection
 * @see https://hl7.org/fhir/R4/http.html#mime-type (application/fhir+json)
 */
export interface DocumentMessageInput {
  subject: string;
  summary: string;
  pdf: Uint8Array;
  /** The PDF attachment's file name. */
  pdfFilename: string;
  /** The Bundle's resources, the document first. */
  resources: readonly (Resource & { id?: string })[];
  /** `PUBLIC_URL + "/fhir"`. */
  fhirBase: string;
  /** The Bundle's `timestamp`. */
  at: Date;
}

export function documentMessage(input: DocumentMessageInput): { subject: string; parts: MimePart[] } {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: input.at.toISOString(),
    entry: input.resources.map((resource) => ({ fullUrl: `${input.fhirBase}/${resource.resourceType}/${resource.id}`, resource })),
  };
  return {
    subject: input.subject,
    parts: [
      { contentType: 'text/plain; charset=utf-8', body: input.summary },
      { contentType: 'application/pdf', body: input.pdf, filename: input.pdfFilename, disposition: 'attachment' },
      { contentType: 'application/fhir+json', body: JSON.stringify(bundle), filename: input.pdfFilename.replace(/\.pdf$/i, '.json'), disposition: 'attachment' },
    ],
  };
}
