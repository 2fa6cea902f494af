import type { DocumentReference, Task } from '@medplum/fhirtypes';
import type { Practice } from '../../../db/practice-repository';
import type { Repositories } from '../../../db/repositories';
import { NEEDS_TRIAGE, withChannel } from '../../../fhir/mappers/referral-task';
import { validateWrite, type ResourceJson } from '../../../fhir/validation/validate-write';
import type { ParsedPart } from '../security-agent';
import { encodeRaw } from '../store/raw-message';

/** What a message without a FHIR referral carried, for a person to triage. */
export interface TriageInput {
  practice: Practice;
  documents: ParsedPart[];
  sender: string;
  messageId: string;
  now: Date;
}

/**
 * A C-CDA or PDF referral (or any message without a FHIR Bundle): each document becomes a
 * DocumentReference, and one referral Task in `requested`, owned by the practice, focused on the
 * first document, says `businessStatus.text = "needs triage"` so a person completes the referral.
 * @see https://hl7.org/fhir/R4/documentreference.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */
export async function createTriageTask(tx: Repositories, input: TriageInput): Promise<string[]> {
  const store = tx.resourcesOf(input.practice.id);
  const when = input.now.toISOString();
  const documentIds: string[] = [];
  for (const part of input.documents) {
    const document: DocumentReference = {
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'final',
      type: { text: documentTypeText(part.contentType) },
      date: when,
      description: `Received by Direct from ${input.sender}`,
      content: [
        {
          attachment: {
            contentType: part.contentType,
            data: encodeRaw(part.body),
            size: part.body.length,
            ...(part.filename ? { title: part.filename } : {}),
            creation: when,
          },
        },
      ],
      masterIdentifier: { system: 'urn:ietf:rfc:5322', value: `${input.messageId}#${documentIds.length + 1}` },
    };
    documentIds.push((await store.create(checked(document))).resource.id);
  }
  const task: Task = withChannel<Task>({
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `DocumentReference/${documentIds[0]}` },
    owner: { reference: `Organization/${input.practice.organizationId}` },
    requester: { display: input.sender },
    authoredOn: when,
    lastModified: when,
    businessStatus: NEEDS_TRIAGE,
    input: documentIds.map((id) => ({ type: { text: 'Referral document' }, valueReference: { reference: `DocumentReference/${id}` } })),
    note: [{ time: when, text: `Referral received by Direct (Message-ID ${input.messageId}) without a FHIR referral: review the documents.` }],
  }, 'direct');
  const created = await store.create(checked(task));
  return [`Task/${created.resource.id}`, ...documentIds.map((id) => `DocumentReference/${id}`)];
}

/** Documents MetBridge writes must satisfy the same rules as a referrer's writes. */
function checked<T extends DocumentReference | Task>(resource: T): T {
  const issues = validateWrite({ resource: resource as unknown as ResourceJson, actorRole: 'referrer' });
  if (issues.length) throw new Error(`triage ${resource.resourceType} is invalid: ${issues.map((issue) => issue.expression).join(', ')}`);
  return resource;
}

function documentTypeText(contentType: string): string {
  if (contentType === 'application/pdf') return 'Referral document (PDF)';
  if (contentType.includes('xml')) return 'Referral document (C-CDA)';
  return 'Referral message';
}

