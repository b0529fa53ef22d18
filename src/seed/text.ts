// Small text helpers for composing Chinese sentences from the hand-written tables.
//
// Templates use two kinds of braces:
//   {product}      a named slot, filled from the slots passed in (a string, or a list to pick from);
//   {两|三|五}      inline alternatives, one picked at random — this is what keeps repeated templates from
//                  reading identically.
// Slots are filled first, so a slot value may itself contain alternatives.
import type { Rng } from './random.js';

export type Slots = Record<string, string | readonly string[] | undefined>;

const SLOT = /\{([a-zA-Z]+)\}/g;
const ALTERNATIVES = /\{([^{}]*\|[^{}]*)\}/g;

export function fill(template: string, rng: Rng, slots: Slots = {}): string {
  const withSlots = template.replace(SLOT, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`template slot {${name}} has no value in: ${template}`);
    return typeof value === 'string' ? value : rng.pick(value);
  });
  // The same alternatives twice in one template are resolved the same way, so "{两|三}次" in a title and in
  // its description (filled together with fillPair) agree.
  const chosen = new Map<string, string>();
  return withSlots.replace(ALTERNATIVES, (_, body: string) => {
    const pick = chosen.get(body) ?? rng.pick(body.split('|'));
    chosen.set(body, pick);
    return pick;
  });
}

/** Fills a title and a text as one template, so shared alternatives and slots agree between them. */
export function fillPair(title: string, text: string, rng: Rng, slots: Slots = {}): [string, string] {
  const SEP = '\u0001';
  const [a, b] = fill(`${title}${SEP}${text}`, rng, slots).split(SEP) as [string, string];
  return [a, b];
}

/** "A、B和C" — the usual way to list things in running Chinese text. */
export function listZh(items: readonly string[], last = '和'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join('、')}${last}${items[items.length - 1]}`;
}

/** Character count as people read it (code points, so CJK counts one each). */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * Joins sentences into a description between min and max characters: all required sentences, then optional
 * ones in order while they still fit. Sentences must carry their own end punctuation.
 */
export function fitSentences(required: readonly string[], optional: readonly string[], min = 60, max = 250): string {
  let text = required.join('');
  for (const sentence of optional) {
    if (charCount(text) >= min && charCount(text + sentence) > max * 0.85) break;
    if (charCount(text + sentence) <= max) text += sentence;
  }
  if (charCount(text) > max) {
    // Drop trailing required sentences rather than cutting words in half.
    const kept: string[] = [];
    for (const s of required) {
      if (charCount(kept.join('') + s) > max) break;
      kept.push(s);
    }
    text = kept.join('');
  }
  return text;
}
