import type { Importer } from './types.ts';

// Placeholder replaced by the real importer in this same change set; keeps the dispatcher compiling.
export const zipkinImporter: Importer = {
  id: 'zipkin',
  label: 'zipkin',
  misfit: () => 'not implemented',
  importJson: () => undefined,
};
