import { describe, expect, it } from 'vitest';
import { grantableScopes } from '../../../src/api/auth/scope-ceiling';
import { formatScope, parseScope, parseScopeList } from '../../../src/api/auth/smart-scopes';

const granted = (requested: string, registered: string) =>
  grantableScopes(parseScopeList(requested).scopes, parseScopeList(registered).scopes).map(formatScope).join(' ');

describe('parseScope', () => {
  it('reads SMART v2 scopes into context, type and ordered interactions', () => {
    expect(parseScope('system/Observation.rs')).toEqual({ kind: 'clinical', context: 'system', resourceType: 'Observation', interactions: ['r', 's'], grammar: 'v2' });
    expect(parseScope('patient/*.cruds')).toMatchObject({ context: 'patient', resourceType: '*', interactions: ['c', 'r', 'u', 'd', 's'] });
  });

  it('reads SMART v1 scopes with their v2 meaning', () => {
    expect(parseScope('system/Observation.read')).toMatchObject({ interactions: ['r', 's'], grammar: 'v1' });
    expect(parseScope('user/*.write')).toMatchObject({ interactions: ['c', 'u', 'd'], grammar: 'v1' });
    expect(parseScope('patient/*.*')).toMatchObject({ interactions: ['c', 'r', 'u', 'd', 's'], grammar: 'v1' });
  });

  it('keeps the granular constraint of a v2 scope', () => {
    expect(parseScope('patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs')).toMatchObject({
      query: 'category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
    });
  });

  it('reads identity and launch scopes by name', () => {
    expect(parseScope('launch/patient')).toEqual({ kind: 'named', value: 'launch/patient' });
    expect(parseScope('offline_access')).toEqual({ kind: 'named', value: 'offline_access' });
  });

  it('refuses out-of-order or unknown interactions, empty suffixes, bad types and v1 with a query', () => {
    for (const text of ['system/Observation.dus', 'system/Observation.', 'system/Observation.rr', 'system/observation.rs', 'clinic/Observation.rs', 'system/Observation.read?code=x', 'system/Observation.rs?', 'admin']) {
      expect(parseScope(text), text).toBeUndefined();
    }
  });
});

describe('formatScope', () => {
  it('answers in v1 when the scope was asked in v1 and v1 can say it, v2 otherwise', () => {
    expect(formatScope({ kind: 'clinical', context: 'system', resourceType: 'Task', interactions: ['c', 'u', 'd'], grammar: 'v1' })).toBe('system/Task.write');
    expect(formatScope({ kind: 'clinical', context: 'system', resourceType: 'Task', interactions: ['c', 'u'], grammar: 'v1' })).toBe('system/Task.cu');
    expect(formatScope({ kind: 'clinical', context: 'system', resourceType: 'Task', interactions: ['r', 's'], grammar: 'v2' })).toBe('system/Task.rs');
  });
});

describe('grantableScopes', () => {
  it('grants a narrower request under a wildcard as asked', () => {
    expect(granted('system/Observation.rs', 'system/*.cruds')).toBe('system/Observation.rs');
  });

  it('narrows interactions and types to the ceiling', () => {
    expect(granted('system/*.cruds', 'system/Observation.rs')).toBe('system/Observation.rs');
    expect(granted('system/Observation.read', 'system/*.r')).toBe('system/Observation.r');
  });

  it('applies the ceiling in v1 and v2 alike', () => {
    expect(granted('system/Observation.read', 'system/Observation.rs')).toBe('system/Observation.read');
    expect(granted('system/Observation.rs', 'system/*.read')).toBe('system/Observation.rs');
  });

  it('never crosses contexts', () => {
    expect(granted('patient/*.rs user/*.rs', 'system/*.cruds')).toBe('');
  });

  it('keeps granular constraints and refuses two different ones', () => {
    expect(granted('system/Observation.rs', 'system/Observation.rs?category=a|b')).toBe('system/Observation.rs?category=a|b');
    expect(granted('system/Observation.rs?category=a|c', 'system/Observation.rs?category=a|b')).toBe('');
  });

  it('factors the result: merges interactions of one type and drops what another scope covers', () => {
    expect(granted('system/Task.cruds', 'system/Task.rs system/Task.cu')).toBe('system/Task.crus');
    expect(granted('system/*.rs system/Patient.r', 'system/*.cruds')).toBe('system/*.rs');
  });

  it('grants named scopes only when registered by the same name', () => {
    expect(granted('openid fhirUser launch/patient', 'openid launch/patient patient/*.rs')).toBe('openid launch/patient');
  });
});
