import type { Importer } from './types.ts';

// Placeholder replaced by the real importer in this same change set; keeps the dispatcher compiling.
export const jaegerImporter: Importer = {
  id: 'jaeger',
  label: 'jaeger',
  misfit: () => 'not implemented',
  importJson: () => undefined,
};
