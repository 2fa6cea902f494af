import { asObject } from './json-values';

/**
 * A validator path such as `Observation.value[x].code` as the FHIRPath a client can follow in its
 * own resource, `Observation.valueQuantity.code`: each choice element `name[x]` becomes the
 * property the resource actually carries (`valueQuantity`). Paths are otherwise kept as given.
 * @see https://hl7.org/fhir/R4/fhirpath.html
 * @see https://hl7.org/fhir/R4/formats.html#choice
 */
export function concreteExpression(resource: unknown, path: string): string {
  if (!path.includes('[x]')) return path;
  const [root, ...steps] = path.split('.');
  let current: unknown = resource;
  const out = [root];
  for (const step of steps) {
    const match = /^(.+?)(\[x\])?(\[(\d+)\])?$/.exec(step);
    if (!match) return path;
    const [, name, choice, indexPart, index] = match;
    const object = asObject(current);
    const key = choice ? choiceKey(object, name!) : name!;
    if (key === undefined) return path;
    out.push(`${key}${indexPart ?? ''}`);
    const value = object?.[key];
    current = index !== undefined && Array.isArray(value) ? value[Number(index)] : value;
  }
  return out.join('.');
}

function choiceKey(object: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!object) return undefined;
  return Object.keys(object).find((key) => key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key[name.length]!));
}
