import type { Provenance } from '../../shared/domain/dataset';
import { generatorInfo, type GeneratorName } from '../../shared/domain/params/generators';

/** Parameters already said elsewhere in the sentence (or meaningless for the generator) are left out. */
function generatorParams(generator: string, params: Record<string, unknown>): string {
  const takesClasses = generator === 'blobs' || generator === 'spirals';
  const balanceApplies = !takesClasses || params.classes === 2;
  return Object.entries(params)
    .filter(([key]) => key !== 'generator' && key !== 'seed' && (key !== 'classes' || takesClasses) && (key !== 'balance' || balanceApplies))
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(', ');
}

/**
 * One line saying where the data came from. `nameOf` turns the id of the set a copy was made
 * from into its name, when the caller knows it.
 */
export function describeProvenance(provenance: Provenance, nameOf?: (id: string) => string | undefined): string {
  switch (provenance.kind) {
    case 'builtin':
      return provenance.credit ? `Built-in (${provenance.source}); ${provenance.credit}` : `Built-in (${provenance.source})`;
    case 'imported':
      return `Imported from ${provenance.fileName}`;
    case 'generated': {
      const title = generatorInfo[provenance.generator as GeneratorName]?.title ?? provenance.generator;
      return `Generated: ${title}, ${generatorParams(provenance.generator, provenance.params)}, seed ${provenance.seed}`;
    }
    case 'edited': {
      const [id = provenance.from, version] = provenance.from.split('@');
      const name = nameOf?.(id);
      return `Copy of ${name ? `“${name}”` : id}${version ? ` v${version}` : ''}`;
    }
  }
}
