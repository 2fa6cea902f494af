import { isUuid } from '../../lib/ids';
import { badRequest } from '../outcome';
import { normalizeSearchString } from './normalize';
import { findSearchParameter, type SearchParameter } from './parameters';
import { parseDate, parseQuantity, parseReference, parseToken, splitOnUnescaped, unescapeValue } from './parse-values';
import type { SearchClause, StringMatchMode } from './types';

/**
 * One `name[:modifier]=value` pair as a clause; undefined when the parameter or its modifier is
 * not supported, so the caller can ignore it (or refuse it under strict handling) rather than
 * run a different search than the one asked for.
 * Supported modifiers: `:missing` on every registered parameter, `:not` on tokens, `:exact` and
 * `:contains` on strings, `:[type]` on references.
 * @see https://hl7.org/fhir/R4/search.html#modifiers
 */
export function parseClause(resourceType: string, name: string, raw: string): SearchClause | undefined {
  const colon = name.indexOf(':');
  const code = colon < 0 ? name : name.slice(0, colon);
  const modifier = colon < 0 ? undefined : name.slice(colon + 1);
  const values = splitOnUnescaped(raw, ',');
  if (code === '_id') return modifier === undefined ? { kind: 'id', ids: values.map(unescapeValue).filter(isUuid) } : undefined;
  if (code === '_lastUpdated') {
    return modifier === undefined ? { kind: 'lastUpdated', matches: values.map((value) => parseDate(code, value)) } : undefined;
  }
  const parameter = findSearchParameter(resourceType, code);
  if (!parameter) return undefined;
  if (modifier === 'missing') return { kind: 'missing', param: code, type: parameter.type, missing: parseMissing(name, raw) };
  return clauseFor(parameter, modifier, values);
}

/** `values` still carry their escapes. */
function clauseFor(parameter: SearchParameter, modifier: string | undefined, values: string[]): SearchClause | undefined {
  const param = parameter.code;
  switch (parameter.type) {
    case 'token':
      if (modifier !== undefined && modifier !== 'not') return undefined;
      return { kind: 'token', param, matches: values.map(parseToken), ...(modifier === 'not' ? { negated: true } : {}) };
    case 'reference': {
      if (modifier !== undefined && !isTargetType(parameter, modifier)) return undefined;
      return {
        kind: 'reference',
        param,
        matches: values.map((value) => parseReference(parameter, unescapeValue(value), modifier)),
      };
    }
    case 'string': {
      const mode = stringMode(modifier);
      if (!mode) return undefined;
      const unescaped = values.map(unescapeValue);
      return { kind: 'string', param, mode, values: mode === 'exact' ? unescaped : unescaped.map(normalizeSearchString) };
    }
    case 'date':
      return modifier === undefined ? { kind: 'date', param, matches: values.map((value) => parseDate(param, value)) } : undefined;
    case 'quantity':
      return modifier === undefined ? { kind: 'quantity', param, matches: values.map((value) => parseQuantity(param, value)) } : undefined;
    case 'uri':
      return modifier === undefined ? { kind: 'uri', param, values: values.map(unescapeValue) } : undefined;
  }
}

/** @see https://hl7.org/fhir/R4/search.html#string */
function stringMode(modifier: string | undefined): StringMatchMode | undefined {
  if (modifier === undefined) return 'prefix';
  return modifier === 'exact' || modifier === 'contains' ? modifier : undefined;
}

/** `subject:Patient=123`: a resource type the parameter may point at. @see https://hl7.org/fhir/R4/search.html#reference */
function isTargetType(parameter: SearchParameter, modifier: string): boolean {
  return /^[A-Z][A-Za-z]+$/.test(modifier) && (!parameter.targets || parameter.targets.includes(modifier));
}

/** @see https://hl7.org/fhir/R4/search.html#missing */
function parseMissing(name: string, raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw badRequest(`${name} must be true or false, got "${raw}".`, name);
  return raw === 'true';
}
