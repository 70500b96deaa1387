import type { Importer } from './types.ts';

// Placeholder replaced by the real importer in this same change set; keeps the dispatcher compiling.
export const otlpImporter: Importer = {
  id: 'otlp',
  label: 'otlp',
  misfit: () => 'not implemented',
  importJson: () => undefined,
};
