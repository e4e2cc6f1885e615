/** Categories: the tree of `GET /V1/categories`, list items and create/update answers. */
import { z } from 'zod';
import { customAttributeSchema, searchResultSchema } from './search-result.js';

export interface MagentoCategoryTreeNode {
  id: number;
  parent_id: number;
  name: string;
  is_active?: boolean | undefined;
  position?: number | undefined;
  level?: number | undefined;
  product_count?: number | undefined;
  children_data: MagentoCategoryTreeNode[];
  [key: string]: unknown;
}

/** What a tree node and a category of a list or a save answer have in common. */
const categoryFields = {
  id: z.number().int(),
  parent_id: z.number().int(),
  name: z.string(),
  is_active: z.boolean().optional(),
  position: z.number().int().optional(),
  level: z.number().int().optional(),
};

export const categoryTreeSchema: z.ZodType<MagentoCategoryTreeNode> = z.looseObject({
  ...categoryFields,
  product_count: z.number().int().optional(),
  get children_data() {
    return z.array(categoryTreeSchema).default([]);
  },
}) as z.ZodType<MagentoCategoryTreeNode>;

export const categorySchema = z.looseObject({
  ...categoryFields,
  path: z.string().optional(),
  children: z.string().optional(),
  include_in_menu: z.boolean().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  custom_attributes: z.array(customAttributeSchema).optional(),
});
export type MagentoCategory = z.infer<typeof categorySchema>;

export const categorySearchResultSchema = searchResultSchema(categorySchema);

/** The `category` object of POST /V1/categories and PUT /V1/categories/{id}. */
export interface MagentoCategoryInput {
  id?: number;
  parent_id?: number;
  name?: string;
  is_active?: boolean;
  position?: number;
  include_in_menu?: boolean;
  custom_attributes?: { attribute_code: string; value: unknown }[];
  [key: string]: unknown;
}
