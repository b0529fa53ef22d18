// What keys an indexing job: a hash of everything indexing reads of an entity. Two changes with the same key
// produce the same index state, so a queue may drop the second as a duplicate.
import { createHash } from 'node:crypto';
import { normaliseText } from '../embedding/normalise.js';
import { needDocument, resourceDocument, toProfile, type ResourceLike } from '../retrieval/documents.js';

// The first 12 bytes in hex: a slice of the hex digest would keep the whole digest alive behind each of the
// index's 100,000 keys.
const hash = (s: string) => createHash('sha256').update(s).digest().subarray(0, 12).toString('hex');

export const DELETED_KEY = 'deleted';

export function resourceIndexKey(r: ResourceLike): string {
  return hash(JSON.stringify([normaliseText(resourceDocument(r)), toProfile(r)]));
}

export function needIndexKey(n: { title: string; description: string }): string {
  return hash(normaliseText(needDocument(n)));
}
