import { RESOURCE_TYPES } from '../resource-types';
import { findSearchParameter } from './parameters';

/**
 * The `_include`/`_revinclude` paths MetBridge serves, as data: each is a reference parameter of
 * its source type (`Task:focus`). The same table answers `_include` on the source type,
 * `_revinclude` on each type the parameter can point at, and the CapabilityStatement's
 * `searchInclude`/`searchRevInclude`.
 * @see https://hl7.org/fhir/R4/search.html#include
 * @see https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.searchInclude
 */
export interface IncludePath {
  sourceType: string;
  param: string;
}

export const SEARCH_INCLUDES: readonly IncludePath[] = [
  { sourceType: 'Task', param: 'focus' },
  { sourceType: 'Task', param: 'patient' },
  { sourceType: 'Task', param: 'output' },
  { sourceType: 'ServiceRequest', param: 'patient' },
  { sourceType: 'ServiceRequest', param: 'requester' },
  { sourceType: 'DiagnosticReport', param: 'result' },
  { sourceType: 'Observation', param: 'patient' },
  { sourceType: 'Provenance', param: 'target' },
];

/** `Task:focus`, as written in `_include` values and the CapabilityStatement. */
export function includeName(path: IncludePath): string {
  return `${path.sourceType}:${path.param}`;
}

export function findIncludePath(sourceType: string, param: string): IncludePath | undefined {
  return SEARCH_INCLUDES.find((path) => path.sourceType === sourceType && path.param === param);
}

/** The served types a path can point at: its parameter's targets, or every served type. */
export function includeTargetTypes(path: IncludePath): string[] {
  const targets = findSearchParameter(path.sourceType, path.param)?.targets;
  const served = RESOURCE_TYPES.map((definition) => definition.type);
  return targets ? served.filter((type) => targets.includes(type)) : served;
}

/** `_include` values a search of `resourceType` accepts. */
export function includesFrom(resourceType: string): IncludePath[] {
  return SEARCH_INCLUDES.filter((path) => path.sourceType === resourceType);
}

/** `_revinclude` values a search of `resourceType` accepts. */
export function revIncludesOf(resourceType: string): IncludePath[] {
  return SEARCH_INCLUDES.filter((path) => includeTargetTypes(path).includes(resourceType));
}
