import type { RunStages } from '../../profile-type.js';
import { advanceWatermark } from '../category-runs.js';
import { collectCategories } from './collect.js';
import type { CategoryImportConfig } from './config.js';
import { processCategories } from './process.js';
import { previewCategories } from './preview.js';
import type { ImportRecord, RawCategory } from './record.js';
import { transformCategory } from './transform.js';

/**
 * The category import: collect (parents first) → transform → process (links and hashes); preview
 * (preview.ts) in place of process for dry runs.
 */
export const categoryImportStages: RunStages<CategoryImportConfig, RawCategory, ImportRecord> = {
  collect: collectCategories,
  transform: transformCategory,
  process: processCategories,
  preview: previewCategories,
  // Delta and full runs leave the watermark at their start.
  finish: advanceWatermark,
};
