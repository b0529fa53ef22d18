// What keys an indexing job: a hash of everything indexing reads of an entity. Two changes with the same key
// produce the same index state, so a queue may drop the second as a duplicate.
import { createHash } from 'node:crypto';
import { normaliseText } from '../embedding/normalise.js';
import { needDocument, resourceDocument, toProfile, type ResourceLike } from '../retrieval/documents.js';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

export const DELETED_KEY = 'deleted';

export function resourceIndexKey(r: ResourceLike): string {
  return hash(JSON.stringify([normaliseText(resourceDocument(r)), toProfile(r)]));
}

export function needIndexKey(n: { title: string; description: string }): string {
  return hash(normaliseText(needDocument(n)));
}
