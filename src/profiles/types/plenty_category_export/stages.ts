import type { RunStages } from '../../profile-type.js';
import { advanceWatermark } from '../category-runs.js';
import { collectCategories } from './collect.js';
import type { CategoryExportConfig } from './config.js';
import { processCategories } from './process.js';
import { previewCategories } from './preview.js';
import type { CategoryRecord, RawCategory } from './record.js';
import { transformCategory } from './transform.js';

/**
 * The category export: collect (parents first) → transform → process (links and hashes); preview
 * (preview.ts) in place of process for dry runs.
 */
export const categoryExportStages: RunStages<CategoryExportConfig, RawCategory, CategoryRecord> = {
  collect: collectCategories,
  transform: transformCategory,
  // Problems are reported by process, which also tells this category's children that it failed.
  process: processCategories,
  preview: previewCategories,
  // Delta and full runs leave the watermark at their start.
  finish: advanceWatermark,
};
