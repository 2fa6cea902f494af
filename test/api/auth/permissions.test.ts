import { describe, expect, it } from 'vitest';
import { Permissions } from '../../../src/api/auth/permissions';
import type { Principal } from '../../../src/api/auth/principal';
import { matchesAnyRule } from '../../../src/api/auth/rule-matches';
import { unionClauses } from '../../../src/api/auth/scope-guard';

const VITALS = 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const PATIENT_ID = '0b6a53a4-0e8f-4c55-9b5a-0f1e2d3c4b5a';

const client = (...scopes: string[]): Principal => ({ practiceId: 'p', actor: { kind: 'client', clientId: 'ehr' }, scopes });
const user = (...scopes: string[]): Principal => ({
  practiceId: 'p',
  actor: { kind: 'user', userId: 'u', practitionerId: 'pr' },
  scopes,
});
const patientUser = (...scopes: string[]): Principal => ({ ...user(...scopes), patientId: PATIENT_ID });

const kinds = (principal: Principal, letters: string, type: string) =>
  [...letters].map((letter) => Permissions.of(principal).permission(letter as 'c', type).kind).join(' ');

const observation = (category: string, patientId = PATIENT_ID) => {
  const [system, code] = category.split('|');
  return { resourceType: 'Observation', subject: { reference: `Patient/${patientId}` }, category: [{ coding: [{ system, code }] }] };
};

describe('Permissions', () => {
  it('gives v1 .read read and search, .write create, update and delete', () => {
    expect(kinds(client('system/Observation.read'), 'rscud', 'Observation')).toBe('all all none none none');
    expect(kinds(user('user/*.write'), 'rscud', 'Condition')).toBe('none none all all all');
    expect(kinds(client('system/*.*'), 'rscud', 'Task')).toBe('all all all all all');
  });

  it('gives v2 letters exactly what they name, and *.read ≡ *.rs', () => {
    expect(kinds(client('system/Observation.rs'), 'rscud', 'Observation')).toBe('all all none none none');
    expect(kinds(client('system/Observation.cu'), 'rscud', 'Observation')).toBe('none none all all none');
    expect(kinds(client('system/*.read'), 'rscud', 'Goal')).toBe(kinds(client('system/*.rs'), 'rscud', 'Goal'));
  });

  it('applies a type scope to its type only and * to every type', () => {
    expect(kinds(client('system/Observation.rs'), 'r', 'Condition')).toBe('none');
    expect(kinds(client('system/*.rs'), 'r', 'Condition')).toBe('all');
  });

  it('lets system/ scopes count for clients only and user/ scopes for users only', () => {
    expect(kinds(user('system/*.cruds'), 'rscud', 'Patient')).toBe('none none none none none');
    expect(kinds(client('user/*.cruds'), 'rscud', 'Patient')).toBe('none none none none none');
  });

  it('grants nothing for patient/ scopes without a patient in context', () => {
    expect(kinds(user('patient/*.cruds'), 'rscud', 'Observation')).toBe('none none none none none');
  });

  it("confines patient/ scopes to the patient's compartment, and grants nothing of types outside any compartment", () => {
    const permission = Permissions.of(patientUser('patient/*.rs')).permission('r', 'Observation');
    expect(permission).toEqual({
      kind: 'subset',
      rules: [{ clauses: [{ kind: 'reference', param: 'patient', matches: [{ targetType: 'Patient', targetId: PATIENT_ID }] }] }],
    });
    expect(Permissions.of(patientUser('patient/*.rs')).permission('r', 'Patient')).toEqual({
      kind: 'subset',
      rules: [{ clauses: [{ kind: 'id', ids: [PATIENT_ID] }] }],
    });
    expect(kinds(patientUser('patient/*.rs'), 'r', 'Practitioner')).toBe('none');
  });

  it('lets an unrestricted scope on a type outweigh restricted ones', () => {
    expect(kinds(patientUser('patient/Observation.rs', 'user/Observation.rs'), 'rs', 'Observation')).toBe('all all');
  });

  it('turns a granular scope into its search clauses, and refuses what it cannot evaluate', () => {
    const permission = Permissions.of(client(`system/Observation.rs?category=${VITALS}`)).permission('s', 'Observation');
    expect(permission).toMatchObject({ kind: 'subset', rules: [{ clauses: [{ kind: 'token', param: 'category' }] }] });
    expect(kinds(client('system/Observation.rs?unknown-param=1'), 'rs', 'Observation')).toBe('none none');
    expect(kinds(client('system/Observation.rs?date=ge2020'), 'rs', 'Observation')).toBe('none none');
    expect(kinds(client('system/Observation.rs?code:not=x'), 'rs', 'Observation')).toBe('none none');
    expect(kinds(client('system/Observation.rs?_count=1'), 'rs', 'Observation')).toBe('none none');
    expect(kinds(client(`system/*.rs?category=${VITALS}`), 'rs', 'Practitioner')).toBe('none none');
  });
});

describe('matchesAnyRule', () => {
  const rules = (...scopes: string[]) => {
    const permission = Permissions.of(patientUser(...scopes)).permission('r', 'Observation');
    if (permission.kind !== 'subset') throw new Error(permission.kind);
    return permission.rules;
  };

  it('decides a resource by its compartment and its granular values', () => {
    const vitalsOnly = rules(`patient/Observation.rs?category=${VITALS}`);
    expect(matchesAnyRule(observation(VITALS), vitalsOnly)).toBe(true);
    expect(matchesAnyRule(observation(LAB), vitalsOnly)).toBe(false);
    expect(matchesAnyRule(observation(VITALS, crypto.randomUUID()), vitalsOnly)).toBe(false);
  });

  it('accepts what any of several granular scopes allows', () => {
    const either = rules(`patient/Observation.rs?category=${VITALS}`, `patient/Observation.rs?category=${LAB}`);
    expect(matchesAnyRule(observation(VITALS), either)).toBe(true);
    expect(matchesAnyRule(observation(LAB), either)).toBe(true);
    expect(matchesAnyRule(observation('http://example.org|other'), either)).toBe(false);
  });
});

describe('unionClauses', () => {
  it('keeps the shared compartment clause plain and ORs what differs', () => {
    const clauses = unionClauses(rules2());
    expect(clauses[0]).toMatchObject({ kind: 'reference', param: 'patient' });
    expect(clauses[1]).toMatchObject({ kind: 'anyOf', alternatives: [[{ kind: 'token' }], [{ kind: 'token' }]] });
  });

  it('drops the alternatives when one rule needs nothing beyond the shared clauses', () => {
    const permission = Permissions.of(patientUser('patient/Observation.rs', `patient/Observation.rs?category=${VITALS}`)).permission('s', 'Observation');
    if (permission.kind !== 'subset') throw new Error(permission.kind);
    expect(unionClauses(permission.rules)).toEqual([
      { kind: 'reference', param: 'patient', matches: [{ targetType: 'Patient', targetId: PATIENT_ID }] },
    ]);
  });

  function rules2() {
    const permission = Permissions.of(patientUser(`patient/Observation.rs?category=${VITALS}`, `patient/Observation.rs?category=${LAB}`)).permission(
      's',
      'Observation',
    );
    if (permission.kind !== 'subset') throw new Error(permission.kind);
    return permission.rules;
  }
});
