/**
 * Finding and rewriting the references inside a resource, for Bundles whose entries refer to
 * each other by `fullUrl` (usually `urn:uuid:…`). Pure: works on parsed JSON, returns copies.
 * @see https://hl7.org/fhir/R4/references.html
 * @see https://hl7.org/fhir/R4/bundle.html#references
 * @see https://hl7.org/fhir/R4/http.html#trules
 */

/** fullUrl (or other literal reference) → what it now stands for, e.g. `Patient/4b1f…`. */
export type ReferenceMap = ReadonlyMap<string, string>;

/** Every `reference` string anywhere in `value` (Reference.reference, at any depth). */
export function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  visit(value, (key, text) => {
    if (key === 'reference') found.push(text);
  });
  return found;
}

/** True for the reference forms that only mean something inside a Bundle. */
export function isBundleLocalReference(reference: string): boolean {
  return reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:');
}

/**
 * A copy of `value` in which every `reference` listed in `map` is replaced, as are `href` and
 * `src` links in narrative (`text.div`) that point at a listed fullUrl.
 */
export function rewriteReferences<T>(value: T, map: ReferenceMap): T {
  if (map.size === 0) return value;
  return rewrite(value, undefined, map) as T;
}

function rewrite(value: unknown, key: string | undefined, map: ReferenceMap): unknown {
  if (typeof value === 'string') {
    if (key === 'reference') return map.get(value) ?? value;
    if (key === 'div') return rewriteNarrativeLinks(value, map);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(item, key, map));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) copy[childKey] = rewrite(child, childKey, map);
    return copy;
  }
  return value;
}

function rewriteNarrativeLinks(div: string, map: ReferenceMap): string {
  return div.replace(/\b(href|src)="([^"]*)"/g, (whole, attribute: string, target: string) => {
    const replacement = map.get(target);
    return replacement === undefined ? whole : `${attribute}="${replacement}"`;
  });
}

function visit(value: unknown, onString: (key: string | undefined, text: string) => void, key?: string): void {
  if (typeof value === 'string') onString(key, value);
  else if (Array.isArray(value)) for (const item of value) visit(item, onString, key);
  else if (isRecord(value)) for (const [childKey, child] of Object.entries(value)) visit(child, onString, childKey);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
