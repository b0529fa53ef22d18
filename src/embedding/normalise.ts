import { createHash } from 'node:crypto';

/**
 * The one text normalisation before embedding and tokenising: NFKC folds full-width forms, lower case is needed
 * because the model's tokenizer maps upper-case Latin (SEM, GC-MS) to [UNK]; whitespace runs collapse.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Identifies the vector a text yields under a model, so unchanged texts skip the model. */
export function contentHash(modelId: string, normalisedText: string): string {
  return createHash('sha256').update(modelId).update('\u0000').update(normalisedText).digest('hex').slice(0, 32);
}
