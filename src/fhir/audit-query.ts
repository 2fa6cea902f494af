import { findSearchParameter } from './search/parameters';

/**
 * A search or operation query as an AuditEvent may hold it: every parameter name stays (so an
 * auditor sees what was asked), but only values that are ids, references, codes or paging and
 * result controls stay readable. Values that can carry PHI — strings (names, addresses), clinical
 * dates (birth dates), quantities, identifiers (MRNs, SSNs), paging cursors (which encode sort
 * positions) and any parameter MetBridge does not know — become `***`.
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.Query.html
 */

export const MASKED = '***';

/** Result and system parameters whose values are codes, counts, element names or system timestamps. */
const KEPT_CONTROLS: ReadonlySet<string> = new Set([
  '_id',
  '_count',
  '_sort',
  '_include',
  '_revinclude',
  '_total',
  '_summary',
  '_elements',
  '_type',
  '_lastUpdated',
  '_since',
  '_profile',
]);

export function auditQuery(path: string, query: Iterable<readonly [string, string]>, resourceType?: string): string {
  const masked = new URLSearchParams();
  for (const [name, value] of query) masked.append(name, keepsValue(name, resourceType) ? value : MASKED);
  const text = masked.toString();
  return text ? `${path}?${text}` : path;
}

function keepsValue(name: string, resourceType: string | undefined): boolean {
  const [code = '', modifier] = name.split(':', 2);
  if (KEPT_CONTROLS.has(code)) return modifier === undefined || modifier === 'missing';
  if (!resourceType) return false;
  const parameter = findSearchParameter(resourceType, code);
  if (!parameter) return false;
  if (modifier === 'missing') return true;
  switch (parameter.type) {
    case 'reference':
      return modifier === undefined || /^[A-Z][A-Za-z]+$/.test(modifier);
    case 'token':
      return (modifier === undefined || modifier === 'not') && !parameter.paths.some(isIdentifierPath);
    case 'uri':
    case 'string':
    case 'date':
    case 'quantity':
      return false;
  }
}

function isIdentifierPath(path: string): boolean {
  return path === 'identifier' || path === 'masterIdentifier' || path.endsWith('.identifier');
}
