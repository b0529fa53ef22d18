// One entry of the domain concept lexicon (src/understanding/): the cues an owner types, the terms providers use,
// and the service categories and industries they point to. The same schema checks the committed file, the
// versions operators make and every edit they send.
import { z } from 'zod';
import { CATEGORIES, INDUSTRIES } from './taxonomy.js';

const cue = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(40, 'must be at most 40 characters')
  .refine((c) => c.split('+').every((part) => part.length > 0), 'a conjunction A+B needs both parts');

export const conceptInput = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/, 'must be 2-60 of lower-case a-z, 0-9 and -, starting with a letter'),
  label: z.string().trim().min(2, 'must be at least 2 characters').max(40, 'must be at most 40 characters'),
  cues: z.array(cue).min(1, 'needs at least one cue').max(12),
  terms: z.array(z.string().trim().min(2, 'must be at least 2 characters').max(40)).min(1, 'needs at least one term').max(12),
  categories: z.array(z.enum(CATEGORIES)).min(1, 'needs at least one category').max(3),
  industries: z.array(z.enum(INDUSTRIES)).max(9),
});
export type Concept = z.infer<typeof conceptInput>;
