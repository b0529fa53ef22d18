// The classifier learned from labelled needs (src/understanding/need-classifier.ts): its vote, and the check that
// decides whether it is used, on small hand-made sets in 2-d.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category, Industry } from '../../src/domain/taxonomy.js';
import { NeedClassifier, type ClassifierOptions, type LabelledNeed } from '../../src/understanding/need-classifier.js';

const at = (angle: number) => Float32Array.from([Math.cos(angle), Math.sin(angle)]);
const EAST = 0;
const NORTH = Math.PI / 2;
const need = (id: number, angle: number, industry: Industry | null, category: Category | null): LabelledNeed => ({ id, vector: at(angle), industry, category });
const opts = (over: Partial<ClassifierOptions> = {}): ClassifierOptions => ({ neighbours: 5, temperature: 0.05, holdOutEvery: 2, minHeldOut: 2, maxExamples: 1000, ...over });

describe('the classifier’s vote', () => {
  it('is a softmax over the similarity of the nearest few labelled needs', () => {
    // Cosines to east: 1, 0.8 and 0. The two nearest vote, e⁰ against e^(−0.2/0.05) = e⁻⁴: 0.982 and 0.018.
    const c = NeedClassifier.fromExamples([need(3, NORTH, 'pearl', 'finance'), need(2, Math.acos(0.8), 'metal', 'rnd'), need(1, EAST, 'textile', 'testing')], opts({ neighbours: 2 }));
    const vote = c.vote(at(EAST));
    expect([...vote.industries.keys()].sort()).toEqual(['metal', 'textile']);
    expect(vote.industries.get('textile')).toBeCloseTo(0.982014, 5);
    expect(vote.industries.get('metal')).toBeCloseTo(0.017986, 5);
    expect(vote.categories.get('testing')).toBeCloseTo(0.982014, 5);
    expect(c.size).toBe(3);
  });

  it('adds up the votes of needs with the same label, and leaves out labels a need lacks', () => {
    // Two needs at cosine 1 say textile, one at cosine 0.95 says metal: 2 against e⁻¹ (T = 0.05).
    const c = NeedClassifier.fromExamples([need(1, EAST, 'textile', null), need(2, EAST, 'textile', 'rnd'), need(3, Math.acos(0.95), 'metal', null)], opts());
    const vote = c.vote(at(EAST));
    expect(vote.industries.get('textile')).toBeCloseTo(2 / (2 + Math.exp(-1)), 6);
    expect(vote.industries.get('metal')).toBeCloseTo(Math.exp(-1) / (2 + Math.exp(-1)), 6);
    expect(Object.fromEntries(vote.categories)).toEqual({ rnd: 1 });
    const unlabelled = NeedClassifier.fromExamples([need(1, EAST, null, 'rnd'), need(2, EAST, 'metal', null)], opts()).vote(at(EAST));
    expect(Object.fromEntries(unlabelled.industries)).toEqual({ metal: 1 });
    expect(Object.fromEntries(unlabelled.categories)).toEqual({ rnd: 1 });
  });

  it('stays finite with a sharp temperature', () => {
    const c = NeedClassifier.fromExamples([need(1, Math.PI, 'metal', 'rnd'), need(2, EAST, 'textile', 'testing')], opts({ temperature: 0.001 }));
    const vote = c.vote(at(EAST));
    expect(vote.industries.get('textile')).toBe(1);
    expect(vote.industries.get('metal')).toBe(0);
  });

  it('says nothing without examples', () => {
    const vote = NeedClassifier.fromExamples([]).vote(at(EAST));
    expect(vote.industries.size).toBe(0);
    expect(vote.categories.size).toBe(0);
  });
});

describe('the check before the classifier is used', () => {
  it('judges held-out needs by a fit without them', () => {
    // The held-out needs (even ids) point north and say metal; everything it trains on points east and says textile.
    // Without them, every training need is equally far and says textile: wrong every time.
    const examples = [1, 3, 5, 7].map((id) => need(id, EAST, 'textile', 'testing')).concat([2, 4].map((id) => need(id, NORTH, 'metal', 'rnd')));
    const { classifier, check } = NeedClassifier.fit(examples, opts());
    expect(classifier).toBeUndefined();
    expect(check).toEqual({
      examples: 6, heldOut: 2, industryAccuracy: 0, categoryAccuracy: 0, industryBaseline: 0, categoryBaseline: 0, adopted: false,
      reason: 'on held-out needs it does no better than guessing the commonest label (industry 0 vs 0, category 0 vs 0)',
    });
  });

  it('learns from the most recent labelled needs only, at most maxExamples of them', () => {
    // The older needs (ids 1–4) point east and say metal; of the four newest, two point east and say textile, two
    // north and say pearl (so the check, one of each held out, passes).
    const examples = [1, 2, 3, 4].map((id) => need(id, EAST, 'metal', 'rnd')).concat([need(5, EAST, 'textile', 'testing'), need(6, EAST, 'textile', 'testing'), need(7, NORTH, 'pearl', 'finance'), need(8, NORTH, 'pearl', 'finance')]);
    const { classifier, check } = NeedClassifier.fit(examples, opts({ maxExamples: 4, minHeldOut: 1 }));
    expect(check).toMatchObject({ examples: 4, heldOut: 2, adopted: true });
    expect(classifier?.size).toBe(4);
    expect(classifier!.vote(at(EAST)).industries.get('textile')).toBeGreaterThan(0.99);
    expect(classifier!.vote(at(EAST)).industries.has('metal')).toBe(false);
    expect(NeedClassifier.fit(examples, opts({ maxExamples: 8, minHeldOut: 1 })).check.examples).toBe(8);
  });

  it('scores only the held-out needs that carry the label, and 0 when none does', () => {
    // Two clusters; held-out needs 2 and 4 are labelled and named rightly, 6 and 8 lack an industry; none has a category.
    const examples = [
      need(1, EAST, 'textile', 'testing'), need(3, EAST, 'textile', 'testing'), need(5, NORTH, 'metal', 'rnd'), need(7, NORTH, 'metal', 'rnd'), need(9, NORTH, 'metal', 'rnd'),
      need(2, EAST, 'textile', null), need(4, NORTH, 'metal', null), need(6, EAST, null, null), need(8, NORTH, null, null),
    ];
    const { check } = NeedClassifier.fit(examples, opts());
    // The commonest training industry is metal (3 of 5): right for one of the two labelled held-out needs.
    expect(check).toMatchObject({ heldOut: 4, industryAccuracy: 1, industryBaseline: 0.5, categoryAccuracy: 0, categoryBaseline: 0, adopted: false });
  });

  it('takes the commonest label among the training needs that carry one', () => {
    // Training industries: metal once, textile three times, four without: the commonest is textile. Held out: textile.
    const training = [need(1, NORTH, 'metal', 'rnd'), ...[3, 5, 7].map((id) => need(id, EAST, 'textile', 'rnd')), ...[9, 11, 13, 15].map((id) => need(id, EAST, null, 'rnd'))];
    const { check } = NeedClassifier.fit([...training, need(2, EAST, 'textile', 'rnd'), need(4, EAST, 'textile', 'rnd')], opts());
    expect(check).toMatchObject({ industryAccuracy: 1, industryBaseline: 1, categoryAccuracy: 1, categoryBaseline: 1, adopted: false });
  });

  it('names a held-out need by the label with the most votes, not that of its single nearest need', () => {
    // Held-out need 2 points east; training need 1 (pearl) is exactly there, needs 3, 5 and 7 (metal) at cosine 0.99:
    // 1 against 3 e^(−0.01/0.05) = 2.46.
    const near = Math.acos(0.99);
    const examples = [need(1, EAST, 'pearl', 'finance'), need(3, near, 'metal', 'rnd'), need(5, near, 'metal', 'rnd'), need(7, near, 'metal', 'rnd'), need(2, EAST, 'metal', 'rnd'), need(4, near, 'metal', 'rnd')];
    expect(NeedClassifier.fit(examples, opts()).check).toMatchObject({ industryAccuracy: 1, categoryAccuracy: 1 });
  });

  it('scores a label kind no training need carries as never named', () => {
    const examples = [need(1, EAST, 'textile', null), need(3, NORTH, 'metal', null), need(2, EAST, 'textile', 'testing'), need(4, NORTH, 'metal', 'rnd')];
    expect(NeedClassifier.fit(examples, opts()).check).toMatchObject({ industryAccuracy: 1, industryBaseline: 0.5, categoryAccuracy: 0, categoryBaseline: 0, adopted: false });
  });

  it('breaks a tie for the commonest label in code order', () => {
    // Two textile and two metal training needs (textile first): the commonest is metal, and the held-out needs say metal.
    const examples = [need(1, EAST, 'textile', 'rnd'), need(3, EAST, 'textile', 'rnd'), need(5, NORTH, 'metal', 'rnd'), need(7, NORTH, 'metal', 'rnd'), need(2, NORTH, 'metal', 'rnd'), need(4, NORTH, 'metal', 'rnd')];
    expect(NeedClassifier.fit(examples, opts()).check).toMatchObject({ industryBaseline: 1, industryAccuracy: 1 });
  });

  describe('on two clusters of needs', () => {
    // Even ids: textile around east, odd ids: metal around north; held out: every fifth.
    const clusters = (category: (id: number) => Category, industry: (id: number) => Industry = (id) => (id % 2 === 0 ? 'textile' : 'metal')) =>
      Array.from({ length: 100 }, (_, id) => need(id, (id % 2 === 0 ? EAST : NORTH) + ((id % 7) - 3) * 0.05, industry(id), category(id)));
    const informative = (id: number): Category => (id % 2 === 0 ? 'testing' : 'rnd');

    it('is adopted when it names both kinds of label better than the commonest, with just enough held-out needs', () => {
      const { classifier, check } = NeedClassifier.fit(clusters(informative), opts({ holdOutEvery: 5, minHeldOut: 20 }));
      expect(check).toEqual({
        examples: 100, heldOut: 20, industryAccuracy: 1, categoryAccuracy: 1, industryBaseline: 0.5, categoryBaseline: 0.5, adopted: true,
        reason: 'held-out accuracy industry 1 (commonest label 0.5), category 1 (0.5)',
      });
      expect(classifier!.size).toBe(100);
      expect(NeedClassifier.fit(clusters(informative), opts({ holdOutEvery: 5, minHeldOut: 21 })).check).toMatchObject({
        adopted: false, reason: 'too few labelled needs to check it (20 held out, needs 21)',
      });
    });

    it('is not adopted when either kind of label is named only as well as by the commonest', () => {
      const sameCategory = NeedClassifier.fit(clusters(() => 'testing'), opts({ holdOutEvery: 5, minHeldOut: 20 }));
      expect(sameCategory.check).toMatchObject({ industryAccuracy: 1, industryBaseline: 0.5, categoryAccuracy: 1, categoryBaseline: 1, adopted: false });
      expect(sameCategory.classifier).toBeUndefined();
      const sameIndustry = NeedClassifier.fit(clusters(informative, () => 'pearl'), opts({ holdOutEvery: 5, minHeldOut: 20 }));
      expect(sameIndustry.check).toMatchObject({ industryAccuracy: 1, industryBaseline: 1, categoryAccuracy: 1, categoryBaseline: 0.5, adopted: false });
    });
  });
});

describe('the classifier’s nearest needs', () => {
  // The vote as it was first written: every example scored, all of them sorted (stably), the first k kept.
  function referenceVote(examples: LabelledNeed[], vector: Float32Array, k: number, temperature: number) {
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    const nearest = examples.map((e) => ({ e, s: dot(vector, e.vector) })).sort((a, b) => b.s - a.s).slice(0, k);
    const top = nearest[0]?.s ?? 0;
    const industries = new Map<string, number>();
    for (const { e, s } of nearest) if (e.industry) industries.set(e.industry, (industries.get(e.industry) ?? 0) + Math.exp((s - top) / temperature));
    const total = [...industries.values()].reduce((a, b) => a + b, 0);
    return new Map([...industries].map(([key, v]) => [key, v / total]));
  }

  it('are those a full stable sort would keep, ties included', () => {
    // Few distinct directions, so that many examples tie.
    const industries = ['textile', 'metal', 'pearl', null] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...industries)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 20 }),
        (items, query, k) => {
          const examples = items.map(([angle, industry], i) => need(i + 1, angle / 3, industry, null));
          const vote = NeedClassifier.fromExamples(examples, opts({ neighbours: k })).vote(at(query / 3));
          expect(vote.industries).toEqual(referenceVote(examples, at(query / 3), k, 0.05));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('are the same when searched on libuv’s pool as on this thread', async () => {
    const industries = ['textile', 'metal', 'pearl', null] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...industries)), { maxLength: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 20 }),
        async (items, query, k) => {
          const classifier = NeedClassifier.fromExamples(items.map(([angle, industry], i) => need(i + 1, angle / 3, industry, 'rnd')), opts({ neighbours: k }));
          expect(await classifier.voteInParallel(at(query / 3))).toEqual(classifier.vote(at(query / 3)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
