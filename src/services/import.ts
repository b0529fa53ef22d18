// Bulk registration from NDJSON: one record per line, `{"type":"enterprise"|"need"|"resource", ...fields}`.
// All or nothing per file: every line is validated first, then everything is written in one transaction;
// any error anywhere rolls the whole file back and is reported with its line number.
// Records with an externalId (or, for enterprises, a known credit code) update the stored record: re-importing
// a file is idempotent. A need names its enterprise by `enterpriseId`, or by `enterprise` (credit code or
// externalId of an enterprise stored or earlier in the same file). A portal imports as itself: it may update only
// records it registered, and its needs must belong to its own enterprises.
import { z } from 'zod';
import { canSee, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import { enterpriseInput, needInput, resourceInput } from '../domain/inputs.js';
import { AppError, fieldErrorsOf, type FieldError } from '../errors.js';
import * as enterprisesRepo from '../repositories/enterprise.repository.js';
import * as needsRepo from '../repositories/need.repository.js';
import * as resourcesRepo from '../repositories/resource.repository.js';
import { recordNeedChanges, recordResourceChanges } from '../indexing/outbox.js';
import type { ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
type Progress = (done: number, total: number) => void;

const needLine = needInput.extend({
  enterpriseId: z.number().int().positive().optional(),
  enterprise: z.string().trim().min(1).optional(),
});
const importLine = z.discriminatedUnion('type', [
  enterpriseInput.extend({ type: z.literal('enterprise') }),
  needLine.extend({ type: z.literal('need') }),
  z.object({ type: z.literal('resource') }).passthrough(),
]);

export type ParsedLine =
  | { line: number; type: 'enterprise'; data: z.infer<typeof enterpriseInput> }
  | { line: number; type: 'need'; data: z.infer<typeof needLine> }
  | { line: number; type: 'resource'; data: z.infer<typeof resourceInput> };

export interface ImportCounts {
  created: number;
  updated: number;
}
export interface ImportReport {
  lines: number;
  enterprises: ImportCounts;
  needs: ImportCounts;
  resources: ImportCounts;
  resourceIds: number[];
  needIds: number[];
}

const MAX_ERRORS = 100;

function failure(errors: FieldError[]): AppError {
  return new AppError('validation_failed', `the import was rejected: ${errors.length >= MAX_ERRORS ? `${MAX_ERRORS}+` : errors.length} problem(s); nothing was stored`, errors.slice(0, MAX_ERRORS));
}

export function parseNdjson(text: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  const errors: FieldError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || errors.length >= MAX_ERRORS) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push({ line, path: '(line)', message: 'is not valid JSON' });
      return;
    }
    const head = importLine.safeParse(json);
    if (!head.success) {
      errors.push(...fieldErrorsOf(head.error).map((e) => ({ ...e, line })));
      return;
    }
    if (head.data.type === 'resource') {
      const { type: _t, ...rest } = head.data as Record<string, unknown>;
      const r = resourceInput.safeParse(rest);
      if (!r.success) errors.push(...fieldErrorsOf(r.error).map((e) => ({ ...e, line })));
      else parsed.push({ line, type: 'resource', data: r.data });
    } else if (head.data.type === 'need') {
      const { type: _t, ...data } = head.data;
      if (data.enterpriseId === undefined && data.enterprise === undefined) {
        errors.push({ line, path: 'enterprise', message: 'a need must name its enterprise by enterpriseId or enterprise (credit code or externalId)' });
      } else parsed.push({ line, type: 'need', data });
    } else {
      const { type: _t, ...data } = head.data;
      parsed.push({ line, type: 'enterprise', data });
    }
  });
  if (errors.length > 0) throw failure(errors);
  if (parsed.length === 0) throw failure([{ path: '(file)', message: 'contains no records' }]);
  return parsed;
}

const TAKEN = 'belongs to a record registered by another portal';

async function write(tx: Tx, actor: Actor, lines: ParsedLine[], errors: FieldError[]): Promise<ImportReport> {
  const report: ImportReport = {
    lines: lines.length,
    enterprises: { created: 0, updated: 0 },
    needs: { created: 0, updated: 0 },
    resources: { created: 0, updated: 0 },
    resourceIds: [],
    needIds: [],
  };
  const enterpriseKeys = new Map<string, number>();
  for (const l of lines) {
    if (l.type === 'enterprise') {
      const existing = await enterprisesRepo.findEnterprise(tx, { creditCode: l.data.creditCode, externalId: l.data.externalId });
      if (existing && !canSee(actor, existing)) {
        errors.push({ line: l.line, path: existing.creditCode === l.data.creditCode ? 'creditCode' : 'externalId', message: TAKEN });
        continue;
      }
      const row = existing ? (await enterprisesRepo.updateEnterprise(tx, existing.id, l.data))! : await enterprisesRepo.insertEnterprise(tx, l.data, actor.keyId);
      report.enterprises[existing ? 'updated' : 'created']++;
      enterpriseKeys.set(row.creditCode, row.id);
      if (row.externalId) enterpriseKeys.set(row.externalId, row.id);
    } else if (l.type === 'need') {
      const { enterprise, enterpriseId, ...rest } = l.data;
      let ownerId = enterpriseId;
      if (ownerId === undefined) {
        ownerId = enterpriseKeys.get(enterprise!) ?? (await enterprisesRepo.findEnterprise(tx, { creditCode: enterprise!.toUpperCase(), externalId: enterprise }))?.id;
      }
      const owner = ownerId === undefined ? undefined : await enterprisesRepo.getEnterprise(tx, ownerId);
      if (!owner || !canSee(actor, owner)) {
        errors.push({ line: l.line, path: enterprise ? 'enterprise' : 'enterpriseId', message: `enterprise ${enterprise ?? enterpriseId} does not exist` });
        continue;
      }
      const data = { ...rest, enterpriseId: owner.id, region: rest.region ?? owner.region };
      const existing = data.externalId ? await needsRepo.findNeedByExternalId(tx, data.externalId) : undefined;
      if (existing && !canSee(actor, existing)) {
        errors.push({ line: l.line, path: 'externalId', message: TAKEN });
        continue;
      }
      const row = existing ? (await needsRepo.updateNeed(tx, existing.id, data))! : await needsRepo.insertNeed(tx, data, actor.keyId);
      await recordNeedChanges(tx, [row]);
      report.needs[existing ? 'updated' : 'created']++;
      report.needIds.push(row.id);
    } else {
      const existing = l.data.externalId ? await resourcesRepo.findResourceByExternalId(tx, l.data.externalId) : undefined;
      if (existing && !canSee(actor, existing)) {
        errors.push({ line: l.line, path: 'externalId', message: TAKEN });
        continue;
      }
      const row = existing ? (await resourcesRepo.updateResource(tx, existing.id, l.data))! : await resourcesRepo.insertResource(tx, l.data, actor.keyId);
      await recordResourceChanges(tx, [row]);
      report.resources[existing ? 'updated' : 'created']++;
      report.resourceIds.push(row.id);
    }
  }
  return report;
}

/** Registers parsed lines (the seed and evaluation corpora come this way), all or nothing. */
export async function importRecords({ ctx, actor, input, onProgress }: { ctx: Ctx; actor: Actor; input: ParsedLine[]; onProgress?: Progress }): Promise<ImportReport> {
  const errors: FieldError[] = [];
  const report = await ctx.db.transaction(async (tx) => {
    const r = await write(tx, actor, input, errors);
    if (errors.length > 0) throw failure(errors); // rolls back everything written above
    return r;
  });
  if (report.resourceIds.length > 0) await ctx.indexer.changed({ entity: 'resource', ids: report.resourceIds }, onProgress);
  if (report.needIds.length > 0) await ctx.indexer.changed({ entity: 'need', ids: report.needIds });
  return report;
}

/** Registers an NDJSON file (`input`), all or nothing, with line-numbered errors. */
export async function importNdjson({ ctx, actor, input, onProgress }: { ctx: Ctx; actor: Actor; input: string; onProgress?: Progress }): Promise<ImportReport> {
  return importRecords({ ctx, actor, input: parseNdjson(input), ...(onProgress ? { onProgress } : {}) });
}
