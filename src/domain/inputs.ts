// What a registration may contain: the zod schemas every write path (HTTP, NDJSON import, seed) parses first.
import { z } from 'zod';
import { creditCodeProblem } from './credit-code.js';
import { AVAILABILITIES, CATEGORIES, INDUSTRIES, NEED_STATUSES, RESOURCE_KINDS, findPlace } from './taxonomy.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A record's id as the database holds it (a 32-bit serial). */
export const recordId = z.number().int('must be a whole number').positive('must be a positive integer').max(2_147_483_647, 'must be at most 2147483647');
/** The same, from a query string. */
export const recordIdQuery = z.coerce.number().pipe(recordId);
/** A place code or name, stored as its code. */
export const region = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const place = findPlace(value);
    if (!place) {
      ctx.addIssue({ code: 'custom', message: `unknown region "${value}"; use a code such as keqiao or a name such as 柯桥区` });
      return z.NEVER;
    }
    return place.code;
  });
const industry = z.enum(INDUSTRIES);
const category = z.enum(CATEGORIES);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, day));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
  }, 'is not a date of the calendar');
const contact = z.strictObject({
  person: text(50).optional(),
  phone: z.string().regex(/^[0-9+\-\s]{5,20}$/, 'must be a phone number').optional(),
  email: z.email('must be an e-mail address').max(254, 'must be at most 254 characters').optional(),
});

export const enterpriseInput = z.strictObject({
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((code, ctx) => {
      const problem = creditCodeProblem(code);
      if (problem) ctx.addIssue({ code: 'custom', message: `not a valid 统一社会信用代码: ${problem}` });
    }),
  name: text(100),
  region,
  industry: industry.optional(),
  contact: contact.optional(),
  externalId: text(100).optional(),
});
export type EnterpriseInput = z.infer<typeof enterpriseInput>;

export const needInput = z.strictObject({
  enterpriseId: recordId,
  title: text(200),
  description: z.string().trim().max(4000, 'must be at most 4000 characters').default(''),
  category: category.optional(),
  industry: industry.optional(),
  region: region.optional(),
  wantsVoucher: z.boolean().default(false),
  budget: z.number().nonnegative('must not be negative').max(1e10).optional(),
  deadline: isoDate.optional(),
  status: z.enum(NEED_STATUSES).default('open'),
  externalId: text(100).optional(),
});
export type NeedInput = z.infer<typeof needInput>;

const resourceCommon = {
  name: text(200),
  description: z.string().trim().max(8000, 'must be at most 8000 characters').default(''),
  industries: z.array(industry).max(9).default([]),
  categories: z.array(category).max(16).default([]),
  region: region.optional(),
  voucherEligible: z.boolean().default(false),
  capacityPerMonth: z.number().int().min(0).max(100000).default(10),
  availability: z.enum(AVAILABILITIES).default('available'),
  contact: contact.optional(),
  externalId: text(100).optional(),
  /** The complex hosting the resource (an industry code: the "5+4" complexes are one per industry). */
  complex: z.enum(INDUSTRIES).optional(),
};
const accreditation = z.enum(['CMA', 'CNAS', 'CAL', 'GLP', 'GMP']);

export const resourceInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('expert'),
    ...resourceCommon,
    details: z.strictObject({ title: text(50).optional(), affiliation: text(100).optional(), fields: z.array(text(50)).max(20).optional() }).default({}),
  }),
  z.strictObject({
    kind: z.literal('equipment'),
    ...resourceCommon,
    details: z
      .strictObject({
        model: text(100).optional(),
        maker: text(100).optional(),
        accreditation: z.array(accreditation).max(5).optional(),
        hourlyPrice: z.number().nonnegative('must not be negative').max(1e6).optional(),
        owner: text(100).optional(),
      })
      .default({}),
  }),
  z.strictObject({
    kind: z.literal('lab'),
    ...resourceCommon,
    details: z.strictObject({ accreditation: z.array(accreditation).max(5).optional(), owner: text(100).optional(), areaSqm: z.number().positive().optional() }).default({}),
  }),
  z.strictObject({
    kind: z.literal('institution'),
    ...resourceCommon,
    details: z.strictObject({ qualifications: z.array(text(100)).max(20).optional(), institutionType: text(50).optional() }).default({}),
  }),
  z.strictObject({
    kind: z.literal('service'),
    ...resourceCommon,
    details: z.strictObject({ institutionId: recordId.optional(), provider: text(100).optional(), price: text(100).optional() }).default({}),
  }),
]);
export type ResourceInput = z.infer<typeof resourceInput>;

/** What a PATCH of a resource may send: any of its fields (the result is checked as a whole, for its kind). */
export const resourcePatch = z.strictObject({ kind: z.enum(RESOURCE_KINDS), ...resourceCommon, details: z.record(z.string(), z.unknown()) }).partial();
export type ResourceDetails = ResourceInput['details'];

/** Paging of every list, from a query string. */
export const pageQuery = {
  page: z.coerce.number().int().min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
};

/** A boolean in a query string. */
export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
