import { MANDATORY_ELEMENTS } from './mandatory-elements';

/**
 * Subsetting a resource for `_elements` and `_summary=data`. Only subsetted resources are parsed
 * and re-serialised; every other entry is spliced in as stored.
 * @see https://hl7.org/fhir/R4/search.html#elements
 * @see https://hl7.org/fhir/R4/search.html#summary
 */

/**
 * The tag a subsetted resource carries, so no one takes it for the whole resource.
 * @see https://hl7.org/fhir/R4/v3/ObservationValue/cs.html
 */
export const SUBSETTED_TAG = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
} as const;

/** Kept whatever was asked: identity, metadata and the elements that change the meaning of the rest. */
const ALWAYS_KEPT = new Set(['resourceType', 'id', 'meta', 'implicitRules', 'modifierExtension']);

export interface Subset {
  /** `_elements`: top-level element names; a choice element by its name without type (`value`). */
  elements?: readonly string[];
  /** `_summary=data`: everything but the narrative. */
  withoutText?: boolean;
}

export function isSubset(subset: Subset): boolean {
  return subset.elements !== undefined || subset.withoutText === true;
}

/** The resource JSON text reduced to `subset`, tagged SUBSETTED. */
export function subsetResourceJson(json: string, subset: Subset): string {
  const resource = JSON.parse(json) as Record<string, unknown> & { resourceType: string };
  const keep = subset.elements ? keptElements(resource.resourceType, subset.elements) : undefined;
  const reduced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(resource)) {
    if (subset.withoutText && name === 'text') continue;
    if (keep && !keep(name)) continue;
    reduced[name] = value;
  }
  const meta = (resource.meta ?? {}) as { tag?: unknown[] };
  reduced.meta = { ...meta, tag: [...(meta.tag ?? []), { ...SUBSETTED_TAG }] };
  return JSON.stringify(reduced);
}

function keptElements(resourceType: string, requested: readonly string[]): (name: string) => boolean {
  const names = new Set([...ALWAYS_KEPT, ...(MANDATORY_ELEMENTS[resourceType] ?? []), ...requested]);
  return (name) => names.has(name) || names.has(choiceStem(name));
}

/** The data types a choice element `[x]` can take, as they end its JSON names. @see https://hl7.org/fhir/R4/formats.html#choice */
const CHOICE_TYPE_SUFFIX = new RegExp(
  `(?:${[
    'Base64Binary', 'Boolean', 'Canonical', 'Code', 'DateTime', 'Date', 'Decimal', 'Id', 'Instant', 'Integer', 'Markdown',
    'Oid', 'PositiveInt', 'String', 'Time', 'UnsignedInt', 'Uri', 'Url', 'Uuid', 'Address', 'Age', 'Annotation',
    'Attachment', 'CodeableConcept', 'Coding', 'ContactPoint', 'Count', 'Distance', 'Duration', 'HumanName', 'Identifier',
    'Money', 'Period', 'Quantity', 'Range', 'Ratio', 'Reference', 'SampledData', 'Signature', 'Timing', 'Dosage', 'Meta',
  ].join('|')})$`,
);

/** `valueQuantity` → `value`, `effectiveDateTime` → `effective`; other names unchanged. */
function choiceStem(name: string): string {
  const stem = name.replace(CHOICE_TYPE_SUFFIX, '');
  return stem && stem !== name ? stem : name;
}
