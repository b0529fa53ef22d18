// The domain concept lexicon: owners' colloquial cues (缩水, 洗了变小) → the technical terms providers use
// (尺寸稳定性, 缩水率检测), the service categories and the industries they point to. Version 1 is the committed
// file concepts.v1.json, written by hand from domain knowledge; operators' edits are later versions in the
// database. Matching a text against it is pure.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { conceptInput, type Concept } from '../domain/concept.js';
import type { Category, Industry } from '../domain/taxonomy.js';
import { normaliseText } from '../embedding/normalise.js';

export const COMMITTED_LEXICON = resolve(import.meta.dirname, 'concepts.v1.json');

/** Reads a lexicon file (the committed one unless given another), checking every entry. */
export function readLexiconFile(path = COMMITTED_LEXICON): Concept[] {
  const file = z.object({ concepts: z.array(conceptInput) }).parse(JSON.parse(readFileSync(path, 'utf8')));
  return file.concepts;
}

/** A concept a text was understood as, and how strongly: the characters of the longest cue it matched. */
export interface Understood {
  key: string;
  label: string;
  terms: readonly string[];
  categories: readonly Category[];
  industries: readonly Industry[];
  cue: string;
  strength: number;
}

interface CompiledCue {
  text: string;
  parts: string[];
  length: number;
}

/** A lexicon ready for matching: cues lower-cased and NFKC-folded like the texts they are matched in. */
export class Lexicon {
  private readonly compiled: Array<{ concept: Concept; cues: CompiledCue[] }>;

  constructor(
    readonly concepts: readonly Concept[],
    /** Which version this is (1: the committed file). */
    readonly version = 1,
  ) {
    this.compiled = concepts.map((concept) => ({
      concept,
      cues: concept.cues.map((c) => {
        const parts = normaliseText(c).split('+');
        return { text: c, parts, length: parts.reduce((s, p) => s + p.length, 0) };
      }),
    }));
  }

  static committed(): Lexicon {
    return new Lexicon(readLexiconFile(), 1);
  }

  get size(): number {
    return this.concepts.length;
  }

  /** The concepts whose cues a (normalised) text contains, strongest first. */
  understand(normalisedText: string): Understood[] {
    const out: Understood[] = [];
    for (const { concept, cues } of this.compiled) {
      let best: CompiledCue | undefined;
      for (const c of cues) if ((!best || c.length > best.length) && c.parts.every((p) => normalisedText.includes(p))) best = c;
      if (best) out.push({ key: concept.key, label: concept.label, terms: concept.terms, categories: concept.categories, industries: concept.industries, cue: best.text, strength: best.length });
    }
    return out.sort((a, b) => b.strength - a.strength || a.key.localeCompare(b.key));
  }
}
