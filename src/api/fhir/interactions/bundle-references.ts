import { badRequest } from '../../../fhir/outcome';
import { isBundleLocalReference, referencesIn, type ReferenceMap } from '../../../fhir/references';
import type { EntryTarget } from './bundle-entry-target';
import type { PlannedEntry } from './bundle-plan';

/**
 * How the entries of a transaction refer to each other: which fullUrls they use, in which order
 * the POSTs must run so that each one's references are known when it is written, and the
 * rewriting of search URLs and `ifNoneExist` criteria once they are.
 * @see https://hl7.org/fhir/R4/http.html#trules
 */

export type ServableEntry = PlannedEntry & { target: EntryTarget };

/** The names an entry's fullUrl goes by: itself, and `Type/id` when it is an absolute URL on this server. */
export function namesOfFullUrl(fullUrl: string, baseUrl: string): string[] {
  const relative = fullUrl.startsWith(`${baseUrl}/`) ? fullUrl.slice(baseUrl.length + 1) : undefined;
  return relative && /^[A-Z][A-Za-z]+\/[^/?]+$/.test(relative) ? [fullUrl, relative] : [fullUrl];
}

/**
 * The Bundle-local (`urn:uuid:`, `urn:oid:`) references in an entry's resource: each must name
 * an entry of the transaction. (Search values that look alike, such as a `urn:oid:` identifier
 * system, are rewritten when they name an entry but never required to.)
 */
export function localReferencesOf(entry: ServableEntry): string[] {
  return [...new Set(referencesIn(entry.resource).filter(isBundleLocalReference))];
}

/**
 * The POSTs in an order where every entry comes after the entries whose fullUrl it uses, ties
 * kept in Bundle order. Circular references cannot be resolved, because ids are assigned on
 * create: they are a 400.
 */
export function orderByDependencies(posts: ServableEntry[], baseUrl: string): ServableEntry[] {
  const byName = new Map<string, ServableEntry>();
  for (const post of posts) if (post.fullUrl) for (const name of namesOfFullUrl(post.fullUrl, baseUrl)) byName.set(name, post);
  const dependsOn = new Map(
    posts.map((post) => [post, new Set(allReferencesOf(post).flatMap((name) => (byName.has(name) ? [byName.get(name)!] : [])))]),
  );
  const ordered: ServableEntry[] = [];
  const placed = new Set<ServableEntry>();
  while (ordered.length < posts.length) {
    const next = posts.find((post) => !placed.has(post) && [...dependsOn.get(post)!].every((dependency) => placed.has(dependency)));
    if (!next) {
      const stuck = posts.find((post) => !placed.has(post))!;
      throw badRequest(
        `Bundle.entry[${stuck.index}] is part of a cycle of entries that reference each other's fullUrl; MetBridge assigns ids on create and cannot resolve circular references in one transaction.`,
        `Bundle.entry[${stuck.index}]`,
      );
    }
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/** Search parameters with every value that names a mapped fullUrl replaced by what it maps to. */
export function rewriteQuery(pairs: [string, string][], map: ReferenceMap): [string, string][] {
  return pairs.map(([name, value]) => [name, value.split(',').map((part) => map.get(part) ?? part).join(',')]);
}

/** `ifNoneExist` criteria (`identifier=…` or `Patient?identifier=…`) with mapped fullUrls replaced. */
export function rewriteCriteria(criteria: string, map: ReferenceMap): string {
  const { prefix, pairs } = criteriaPairs(criteria);
  const rewritten = rewriteQuery(pairs, map);
  if (rewritten.every(([, value], i) => value === pairs[i]![1])) return criteria;
  return `${prefix}${new URLSearchParams(rewritten).toString()}`;
}

function criteriaPairs(criteria: string): { prefix: string; pairs: [string, string][] } {
  const mark = criteria.indexOf('?');
  const prefix = mark < 0 ? '' : criteria.slice(0, mark + 1);
  return { prefix, pairs: [...new URLSearchParams(criteria.slice(mark + 1)).entries()] };
}

/** Every reference and search value an entry uses, so that any fullUrl it names counts as a dependency. */
function allReferencesOf(entry: ServableEntry): string[] {
  const criteria = entry.conditions['if-none-exist'];
  const searchValues = [...entry.target.query, ...(criteria ? criteriaPairs(criteria).pairs : [])].flatMap(([, value]) => value.split(','));
  return [...referencesIn(entry.resource), ...searchValues];
}
