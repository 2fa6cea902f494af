import { isUuid } from '../../lib/ids';
import { badRequest } from '../outcome';
import { parseDateRange } from './date-range';
import { normalizeSearchString } from './normalize';
import { DECIMAL_PATTERN, decimalPlaces } from './number-precision';
import { findSearchParameter, type SearchParameter } from './parameters';
import type { ComparisonPrefix, DateMatch, QuantityMatch, ReferenceMatch, SearchClause, TokenMatch } from './types';

/**
 * Turns a FHIR search query string into clauses the store executes: comma-separated values are
 * alternatives (OR), repeated parameters must all hold (AND).
 * @see https://hl7.org/fhir/R4/search.html#combining
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface ParsedSearch {
  clauses: SearchClause[];
  count: number;
  /** Opaque keyset position from a `next` link. */
  cursor?: string;
  /** Parameters that are not supported for this type; ignored unless strict handling asks otherwise. */
  ignored: string[];
}

const PREFIXES: readonly ComparisonPrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

export function parseSearch(resourceType: string, query: Iterable<[string, string]>): ParsedSearch {
  const parsed: ParsedSearch = { clauses: [], count: DEFAULT_PAGE_SIZE, ignored: [] };
  for (const [name, raw] of query) {
    if (name === '_count') parsed.count = parseCount(raw);
    else if (name === '_cursor') parsed.cursor = raw;
    else {
      const clause = parseClause(resourceType, name, raw);
      if (clause) parsed.clauses.push(clause);
      else parsed.ignored.push(name);
    }
  }
  return parsed;
}

function parseCount(raw: string): number {
  if (!/^\d+$/.test(raw)) throw badRequest(`_count must be a non-negative integer, got "${raw}".`, '_count');
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}

/** One `name=value` pair as a clause; undefined when the parameter is not supported. */
export function parseClause(resourceType: string, name: string, raw: string): SearchClause | undefined {
  const values = splitOnUnescaped(raw, ',');
  if (name === '_id') return { kind: 'id', ids: values.map(unescapeValue).filter(isUuid) };
  if (name === '_lastUpdated') return { kind: 'lastUpdated', matches: values.map((value) => parseDate(name, value)) };
  const parameter = findSearchParameter(resourceType, name);
  return parameter ? clauseFor(parameter, values) : undefined;
}

/** `values` still carry their escapes, so tokens and quantities can split on unescaped `|`. */
function clauseFor(parameter: SearchParameter, values: string[]): SearchClause {
  const param = parameter.code;
  switch (parameter.type) {
    case 'token':
      return { kind: 'token', param, matches: values.map(parseToken) };
    case 'reference':
      return { kind: 'reference', param, matches: values.map((value) => parseReference(parameter, unescapeValue(value))) };
    case 'date':
      return { kind: 'date', param, matches: values.map((value) => parseDate(param, value)) };
    case 'string':
      return { kind: 'string', param, prefixes: values.map((value) => normalizeSearchString(unescapeValue(value))) };
    case 'quantity':
      return { kind: 'quantity', param, matches: values.map((value) => parseQuantity(param, value)) };
    case 'uri':
      return { kind: 'uri', param, values: values.map(unescapeValue) };
  }
}

/** @see https://hl7.org/fhir/R4/search.html#token */
function parseToken(value: string): TokenMatch {
  const bar = indexOfUnescaped(value, '|');
  if (bar < 0) return { code: unescapeValue(value) };
  const system = unescapeValue(value.slice(0, bar));
  const code = unescapeValue(value.slice(bar + 1));
  return { system: system === '' ? null : system, ...(code === '' ? {} : { code }) };
}

/** @see https://hl7.org/fhir/R4/search.html#reference */
function parseReference(parameter: SearchParameter, value: string): ReferenceMatch {
  const parts = value.replace(/\/_history\/[^/]+$/, '').split('/');
  const targetId = parts.at(-1) ?? '';
  const targetType = parts.length >= 2 ? parts.at(-2) : parameter.targets?.length === 1 ? parameter.targets[0] : undefined;
  return { targetId, ...(targetType ? { targetType } : {}) };
}

/** @see https://hl7.org/fhir/R4/search.html#date */
function parseDate(param: string, value: string): DateMatch {
  const { prefix, rest } = splitPrefix(value);
  const range = parseDateRange(rest);
  if (!range) throw badRequest(`${param}: "${value}" is not a FHIR date or dateTime.`, param);
  return { prefix, ...range };
}

/** @see https://hl7.org/fhir/R4/search.html#quantity */
function parseQuantity(param: string, value: string): QuantityMatch {
  const [numberPart = '', system, code] = splitOnUnescaped(value, '|').map(unescapeValue);
  const { prefix, rest } = splitPrefix(numberPart);
  const number = Number(rest);
  if (!DECIMAL_PATTERN.test(rest) || !Number.isFinite(number)) {
    throw badRequest(`${param}: "${value}" does not start with a number.`, param);
  }
  return { prefix, value: number, decimals: decimalPlaces(rest), ...(system ? { system } : {}), ...(code ? { code } : {}) };
}

function splitPrefix(value: string): { prefix: ComparisonPrefix; rest: string } {
  const candidate = value.slice(0, 2) as ComparisonPrefix;
  return PREFIXES.includes(candidate) ? { prefix: candidate, rest: value.slice(2) } : { prefix: 'eq', rest: value };
}

/** @see https://hl7.org/fhir/R4/search.html#escaping */
function splitOnUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function indexOfUnescaped(value: string, separator: string): number {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === separator) return i;
  }
  return -1;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}
