import { badRequest } from '../outcome';
import { parseDateRange } from './date-range';
import { DECIMAL_PATTERN, decimalPlaces } from './number-precision';
import type { SearchParameter } from './parameters';
import type { ComparisonPrefix, DateMatch, QuantityMatch, ReferenceMatch, TokenMatch } from './types';

/**
 * Reading one search value of each parameter type. Values arrive with their escapes, so tokens
 * and quantities can split on unescaped `|`.
 * @see https://hl7.org/fhir/R4/search.html#ptypes
 */

const PREFIXES: readonly ComparisonPrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

/** @see https://hl7.org/fhir/R4/search.html#token */
export function parseToken(value: string): TokenMatch {
  const bar = indexOfUnescaped(value, '|');
  if (bar < 0) return { code: unescapeValue(value) };
  const system = unescapeValue(value.slice(0, bar));
  const code = unescapeValue(value.slice(bar + 1));
  return { system: system === '' ? null : system, ...(code === '' ? {} : { code }) };
}

/**
 * `Type/id`, an absolute or versioned URL ending in `Type/id`, or a bare id, which takes the
 * type from a `:Type` modifier or from the parameter when it has a single target type.
 * @see https://hl7.org/fhir/R4/search.html#reference
 */
export function parseReference(parameter: SearchParameter, value: string, modifierType?: string): ReferenceMatch {
  const parts = value.replace(/\/_history\/[^/]+$/, '').split('/');
  const targetId = parts.at(-1) ?? '';
  const singleTarget = parameter.targets?.length === 1 ? parameter.targets[0] : undefined;
  const targetType = parts.length >= 2 ? parts.at(-2) : (modifierType ?? singleTarget);
  return { targetId, ...(targetType ? { targetType } : {}) };
}

/** @see https://hl7.org/fhir/R4/search.html#date */
export function parseDate(param: string, value: string): DateMatch {
  const { prefix, rest } = splitPrefix(value);
  const range = parseDateRange(rest);
  if (!range) throw badRequest(`${param}: "${value}" is not a FHIR date or dateTime.`, param);
  return { prefix, ...range };
}

/** @see https://hl7.org/fhir/R4/search.html#quantity */
export function parseQuantity(param: string, value: string): QuantityMatch {
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
export function splitOnUnescaped(value: string, separator: string): string[] {
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

export function unescapeValue(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}
