import { sharedModelRegistry } from './model-registry.ts';
import { resolveModel } from './resolve-model.ts';

// a sheet repeats each id once per priced dimension: resolve each (source, id, day) once
const cache = new Map<string, string>();

/** The registry's model for a source's id on a day, or '' when the registry does not know it. */
export function resolvedModelId(source: string, id: string, at: string): string {
  const day = at.slice(0, 10);
  const key = `${source}\u0000${id}\u0000${day}`;
  let found = cache.get(key);
  if (found === undefined) {
    if (cache.size > 100_000) cache.clear();
    found = resolveModel(sharedModelRegistry(), { source, id, at: day }).model_id ?? '';
    cache.set(key, found);
  }
  return found;
}
