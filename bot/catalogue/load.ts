import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDataFile } from '../data-file.js';
import { ServiceSchema, type Service } from './schema.js';

export class CatalogueError extends Error {}

/** Reads and validates every data/services/*.json; a broken file stops the start naming file and field. */
export function loadCatalogue(dir: string): Service[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new CatalogueError(`No service files (*.json) in ${dir}`);
  const services = files.map((file) => parseServiceFile(join(dir, file)));
  const seen = new Set<string>();
  for (const s of services) {
    if (seen.has(s.id)) throw new CatalogueError(`Duplicate service id "${s.id}" in ${dir}`);
    seen.add(s.id);
  }
  return services;
}

function parseServiceFile(path: string): Service {
  const service = readDataFile(path, ServiceSchema, 'service definition', CatalogueError);
  const variantIds = new Set(service.variants.map((v) => v.id));
  for (const [name, component] of Object.entries(service.components)) {
    for (const [i, v] of (component.byVariant ?? []).entries()) {
      if (!variantIds.has(v.variant)) {
        throw new CatalogueError(
          `${path}: invalid service definition\n  - field "components.${name}.byVariant.${i}.variant": unknown variant "${v.variant}"`,
        );
      }
    }
  }
  return service;
}
