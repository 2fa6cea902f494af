import { badRequest } from '../outcome';
import { findIncludePath, includeTargetTypes } from './includes';
import { findSearchParameter } from './parameters';
import type { IncludeRequest, SortKey } from './types';

/**
 * The result parameters (`_count`, `_sort`, `_include`, `_revinclude`, `_total`, `_summary`,
 * `_elements`) as a table of readers. A reader returns the value to keep in the `self` link, or
 * undefined when it cannot honour the value (the parameter is then ignored, or refused under
 * strict handling); malformed values are a 400.
 * @see https://hl7.org/fhir/R4/search.html#return
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface ResultOptions {
  count: number;
  sort: SortKey[];
  includes: IncludeRequest[];
  /** `_total=accurate` (or `estimate`, answered accurately). */
  total: boolean;
  /** `count`: the total only, no entries; `data`: entries without their narrative. */
  summary?: 'count' | 'data';
  /** `_elements`: the top-level elements to return (mandatory ones are always kept). */
  elements?: string[];
}

type ResultParameterReader = (options: ResultOptions, value: string, resourceType: string) => string | undefined;

const readers: Record<string, ResultParameterReader> = {
  _count: readCount,
  _sort: readSort,
  _include: (options, value, resourceType) => readInclude(options, value, resourceType, 'include'),
  _revinclude: (options, value, resourceType) => readInclude(options, value, resourceType, 'revinclude'),
  _total: readTotal,
  _summary: readSummary,
  _elements: readElements,
};

export function isResultParameter(name: string): boolean {
  return Object.hasOwn(readers, name);
}

/** Applies one result parameter; returns the value to keep in links, undefined when ignored. */
export function readResultParameter(options: ResultOptions, name: string, value: string, resourceType: string): string | undefined {
  return readers[name]?.(options, value, resourceType);
}

export function defaultResultOptions(): ResultOptions {
  return { count: DEFAULT_PAGE_SIZE, sort: [], includes: [], total: false };
}

/** Counts above the maximum are capped (the link shows the count applied); 0 asks for the total only. */
function readCount(options: ResultOptions, value: string): string {
  if (!/^\d+$/.test(value)) throw badRequest(`_count must be a non-negative integer, got "${value}".`, '_count');
  options.count = Math.min(Number(value), MAX_PAGE_SIZE);
  if (options.count === 0) options.summary = 'count';
  return String(options.count);
}

/** `_sort=-date,_lastUpdated`: `_id`, `_lastUpdated` or a date parameter of the type. @see https://hl7.org/fhir/R4/search.html#sort */
function readSort(options: ResultOptions, value: string, resourceType: string): string | undefined {
  if (options.sort.length) return undefined;
  const keys: SortKey[] = [];
  for (const item of value.split(',')) {
    const descending = item.startsWith('-');
    const code = descending ? item.slice(1) : item;
    if (code === '_id') keys.push({ kind: 'id', descending });
    else if (code === '_lastUpdated') keys.push({ kind: 'lastUpdated', descending });
    else if (findSearchParameter(resourceType, code)?.type === 'date') keys.push({ kind: 'date', param: code, descending });
    else return undefined;
  }
  options.sort = keys;
  return value;
}

/** `Source:param[:Target]`, from the include registry. @see https://hl7.org/fhir/R4/search.html#include */
function readInclude(
  options: ResultOptions,
  value: string,
  resourceType: string,
  direction: IncludeRequest['direction'],
): string | undefined {
  const [sourceType = '', param = '', targetType, ...extra] = value.split(':');
  const path = findIncludePath(sourceType, param);
  if (!path || extra.length) return undefined;
  const targets = includeTargetTypes(path);
  if (targetType !== undefined && !targets.includes(targetType)) return undefined;
  if (direction === 'include' && sourceType !== resourceType) return undefined;
  if (direction === 'revinclude' && (!targets.includes(resourceType) || (targetType !== undefined && targetType !== resourceType))) {
    return undefined;
  }
  options.includes.push({ direction, sourceType, param, ...(targetType === undefined ? {} : { targetType }) });
  return value;
}

/** @see https://hl7.org/fhir/R4/search.html#total */
function readTotal(options: ResultOptions, value: string): string {
  if (!['none', 'estimate', 'accurate'].includes(value)) {
    throw badRequest(`_total must be none, estimate or accurate, got "${value}".`, '_total');
  }
  options.total = value !== 'none';
  return value;
}

/** `count`, `data` and `false` are served; `true` and `text` are not. @see https://hl7.org/fhir/R4/search.html#summary */
function readSummary(options: ResultOptions, value: string): string | undefined {
  switch (value) {
    case 'count':
    case 'data':
      options.summary = value;
      return value;
    case 'false':
      return value;
    case 'true':
    case 'text':
      return undefined;
    default:
      throw badRequest(`_summary must be true, text, data, count or false, got "${value}".`, '_summary');
  }
}

/** @see https://hl7.org/fhir/R4/search.html#elements */
function readElements(options: ResultOptions, value: string): string {
  const names = value.split(',').map((name) => name.trim());
  const invalid = names.find((name) => !/^[a-z][A-Za-z0-9]*$/.test(name));
  if (invalid !== undefined) throw badRequest(`_elements lists element names, got "${invalid}".`, '_elements');
  options.elements = [...(options.elements ?? []), ...names];
  return value;
}
