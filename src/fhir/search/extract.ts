import { parseDateRange } from './date-range';
import { normalizeSearchString } from './normalize';
import { compartmentParameter, searchParametersOf, type SearchParameter } from './parameters';
import type { ReferenceIndexValue, SearchIndexValues } from './types';

/**
 * Extracts the search index values of a resource from the registered parameters of its type,
 * each distinct value once (so a single-valued match finds at most one row per resource).
 * Pure: the store writes what this returns in the same transaction as the resource.
 * @see https://hl7.org/fhir/R4/search.html
 */
export function extractSearchValues(resource: { resourceType: string }): SearchIndexValues {
  const values: Omit<SearchIndexValues, 'compartment'> = { tokens: [], references: [], dates: [], strings: [], quantities: [], uris: [] };
  for (const parameter of searchParametersOf(resource.resourceType)) {
    for (const path of parameter.paths) {
      for (const element of elementsAt(resource, path)) addValues(values, parameter, element);
    }
  }
  const references = distinct(values.references);
  return {
    compartment: compartmentOf(resource.resourceType, references),
    tokens: distinct(values.tokens),
    references,
    dates: distinct(values.dates),
    strings: distinct(values.strings),
    quantities: distinct(values.quantities),
    uris: distinct(values.uris),
  };
}

/**
 * The Patient whose compartment the resource is in: the one Patient its compartment parameter
 * points at; null when it points at none (or, against R4's cardinality, at several).
 */
function compartmentOf(resourceType: string, references: ReferenceIndexValue[]): string | null {
  const parameter = compartmentParameter(resourceType);
  if (!parameter) return null;
  const patients = new Set(
    references.filter((value) => value.param === parameter.code && value.targetType === 'Patient').map((value) => value.targetId),
  );
  return patients.size === 1 ? [...patients][0]! : null;
}

function distinct<T>(values: T[]): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every value at a dotted path; arrays are flattened, `[x]` matches any typed choice. */
export function elementsAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!isRecord(node)) continue;
      for (const value of childValues(node, step)) {
        if (Array.isArray(value)) next.push(...value);
        else if (value !== undefined && value !== null) next.push(value);
      }
    }
    current = next;
  }
  return current;
}

function childValues(node: Record<string, unknown>, step: string): unknown[] {
  if (!step.endsWith('[x]')) return [node[step]];
  const stem = step.slice(0, -3);
  return Object.keys(node)
    .filter((key) => key.startsWith(stem) && /^[A-Z]/.test(key.slice(stem.length)))
    .map((key) => node[key]);
}

function addValues(values: Omit<SearchIndexValues, 'compartment'>, parameter: SearchParameter, element: unknown): void {
  const param = parameter.code;
  switch (parameter.type) {
    case 'token':
      for (const token of tokensOf(element)) values.tokens.push({ param, ...token });
      return;
    case 'reference': {
      const target = referenceTarget(element);
      if (!target) return;
      if (parameter.targets && (!target.targetType || !parameter.targets.includes(target.targetType))) return;
      values.references.push({ param, ...target });
      return;
    }
    case 'date': {
      const range = dateRangeOf(element);
      if (range) values.dates.push({ param, ...range });
      return;
    }
    case 'string':
      for (const text of stringsOf(element)) {
        const value = normalizeSearchString(text);
        if (value) values.strings.push({ param, value, original: text });
      }
      return;
    case 'quantity':
      if (isRecord(element) && typeof element.value === 'number') {
        values.quantities.push({
          param,
          value: element.value,
          system: typeof element.system === 'string' ? element.system : null,
          code: typeof element.code === 'string' ? element.code : typeof element.unit === 'string' ? element.unit : null,
        });
      }
      return;
    case 'uri':
      if (typeof element === 'string') values.uris.push({ param, value: element });
      return;
  }
}

/** Codes, Codings, CodeableConcepts, Identifiers and ContactPoints as `system|code` pairs. */
function tokensOf(element: unknown): { system: string | null; code: string }[] {
  if (typeof element === 'string') return [{ system: null, code: element }];
  if (typeof element === 'boolean') return [{ system: null, code: String(element) }];
  if (!isRecord(element)) return [];
  if (Array.isArray(element.coding)) return element.coding.flatMap(tokensOf);
  const system = typeof element.system === 'string' ? element.system : null;
  const code = typeof element.code === 'string' ? element.code : typeof element.value === 'string' ? element.value : undefined;
  return code === undefined ? [] : [{ system, code }];
}

/** `Patient/123`, `https://ehr.example/fhir/Patient/123/_history/2` → Patient, 123. */
function referenceTarget(element: unknown): { targetType: string | null; targetId: string } | undefined {
  if (!isRecord(element) || typeof element.reference !== 'string') return undefined;
  const reference = element.reference.replace(/\/_history\/[^/]+$/, '');
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const parts = reference.split('/');
  const targetId = parts.at(-1);
  if (!targetId) return undefined;
  const targetType = parts.length >= 2 ? parts.at(-2)! : typeof element.type === 'string' ? element.type : null;
  return { targetType, targetId };
}

function dateRangeOf(element: unknown): { low: Date | null; high: Date | null } | undefined {
  if (typeof element === 'string') return parseDateRange(element);
  if (!isRecord(element)) return undefined;
  const start = typeof element.start === 'string' ? parseDateRange(element.start) : undefined;
  const end = typeof element.end === 'string' ? parseDateRange(element.end) : undefined;
  if (!start && !end) return undefined;
  return { low: start?.low ?? null, high: end?.high ?? null };
}

/** Plain strings, and the searchable parts of HumanName and Address. */
function stringsOf(element: unknown): string[] {
  if (typeof element === 'string') return [element];
  if (!isRecord(element)) return [];
  const parts = ['text', 'family', 'given', 'prefix', 'suffix', 'line', 'city', 'district', 'state', 'postalCode', 'country'];
  return parts.flatMap((part) => {
    const value = element[part];
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
