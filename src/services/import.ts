// Bulk registration from NDJSON: one record per line, `{"type":"enterprise"|"need"|"resource", ...fields}`.
// All or nothing per file: every line is validated first, then everything is written in one transaction;
// any error anywhere rolls the whole file back and is reported with its line number.
// Records with an externalId (the importing portal's own key; or, for enterprises, a known credit code) update the
// stored record: re-importing a file is idempotent. A need names its enterprise by `enterpriseId`, or by
// `enterprise` (credit code or externalId of an enterprise stored or in the same file). A portal imports as
// itself: it may update only records it registered, and its needs must belong to its own enterprises. The file is
// checked whole before anything is written and then written in bulk, so the transaction is short however long
// the file: a 10,000-line import holds an embedded database for about a second, not the length of the file.
import { z } from 'zod';
import { canSee, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { EnterpriseRow } from '../db/schema.js';
import { enterpriseInput, needInput, recordId, resourceInput, type EnterpriseInput, type NeedInput, type ResourceInput } from '../domain/inputs.js';
import { AppError, fieldErrorsOf, type FieldError } from '../errors.js';
import * as enterprisesRepo from '../repositories/enterprise.repository.js';
import * as needsRepo from '../repositories/need.repository.js';
import * as resourcesRepo from '../repositories/resource.repository.js';
import { BULK_RECORDS, recordNeedChanges, recordResourceChanges } from '../indexing/outbox.js';
import type { ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
type Progress = (done: number, total: number) => void;

const needLine = needInput.extend({
  enterpriseId: recordId.optional(),
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

/** One stored or new record the file writes, with the lines that name it (a later line wins). */
interface Planned<T> {
  existingId: number | undefined;
  data: T;
  lines: number[];
}

interface Plan {
  enterprises: Map<string, Planned<EnterpriseInput>>;
  needs: Array<Planned<NeedInput> & { enterpriseKey: string }>;
  resources: Array<Planned<ResourceInput>>;
}

const RETIRED = 'belongs to a record you deleted; it stays taken';

/**
 * Everything the file will write, decided before anything is written, from a few bulk reads: which lines create
 * and which update, which enterprise each need belongs to, and every problem with its line.
 */
async function plan(tx: Tx, actor: Actor, lines: readonly ParsedLine[], errors: FieldError[]): Promise<Plan> {
  const owner = actor.keyId;
  const eLines = lines.filter((l): l is Extract<ParsedLine, { type: 'enterprise' }> => l.type === 'enterprise');
  const nLines = lines.filter((l): l is Extract<ParsedLine, { type: 'need' }> => l.type === 'need');
  const rLines = lines.filter((l): l is Extract<ParsedLine, { type: 'resource' }> => l.type === 'resource');
  const keys = nLines.flatMap((l) => (l.data.enterprise ? [l.data.enterprise] : []));
  const byCode = new Map((await enterprisesRepo.enterprisesByCreditCode(tx, [...eLines.map((l) => l.data.creditCode), ...keys.map((k) => k.toUpperCase())])).map((e) => [e.creditCode, e]));
  const byExt = new Map((await enterprisesRepo.enterprisesByExternalId(tx, owner, [...eLines.flatMap((l) => (l.data.externalId ? [l.data.externalId] : [])), ...keys])).map((e) => [e.externalId!, e]));
  const byId = new Map((await enterprisesRepo.getEnterprises(tx, nLines.flatMap((l) => (l.data.enterpriseId !== undefined ? [l.data.enterpriseId] : [])))).map((e) => [e.id, e]));

  // Enterprises, keyed by the stored record they update or, for new ones, by credit code.
  const enterprises = new Map<string, Planned<EnterpriseInput>>();
  const fileByExt = new Map<string, string>();
  for (const l of eLines) {
    const stored = byCode.get(l.data.creditCode);
    const mine = l.data.externalId ? byExt.get(l.data.externalId) : undefined;
    if (stored && mine && stored.id !== mine.id) {
      errors.push({ line: l.line, path: 'externalId', message: 'names another of your enterprises than the credit code does' });
      continue;
    }
    const target = stored ?? mine;
    if (target && !canSee(actor, target)) {
      errors.push({ line: l.line, path: 'creditCode', message: 'already registered' });
      continue;
    }
    if (target?.archivedAt) {
      errors.push({ line: l.line, path: stored ? 'creditCode' : 'externalId', message: RETIRED });
      continue;
    }
    const key = target ? `id:${target.id}` : `code:${l.data.creditCode}`;
    const ext = l.data.externalId;
    if (ext && fileByExt.has(ext) && fileByExt.get(ext) !== key) {
      errors.push({ line: l.line, path: 'externalId', message: 'another enterprise of this file has it' });
      continue;
    }
    if (ext) fileByExt.set(ext, key);
    const seen = enterprises.get(key);
    enterprises.set(key, { existingId: target?.id, data: l.data, lines: [...(seen?.lines ?? []), l.line] });
  }
  const fileKeyOf = (ref: string) => (enterprises.has(`code:${ref.toUpperCase()}`) ? `code:${ref.toUpperCase()}` : fileByExt.get(ref));

  // Needs: each names its enterprise (stored or in this file) and updates the portal's need with its external id.
  const storedNeeds = new Map((await needsRepo.needsByExternalId(tx, owner, nLines.flatMap((l) => (l.data.externalId ? [l.data.externalId] : [])))).map((n) => [n.externalId!, n]));
  const needs = new Map<string, Planned<NeedInput> & { enterpriseKey: string }>();
  for (const l of nLines) {
    const { enterprise: ref, enterpriseId, ...rest } = l.data;
    let enterpriseKey: string | undefined;
    let region: string | undefined;
    const usable = (e: EnterpriseRow | undefined) => (e && canSee(actor, e) && !e.archivedAt ? e : undefined);
    if (enterpriseId !== undefined) {
      const e = usable(byId.get(enterpriseId));
      if (e) [enterpriseKey, region] = [`id:${e.id}`, e.region];
    } else {
      const inFile = fileKeyOf(ref!);
      const stored = inFile ? undefined : usable(byCode.get(ref!.toUpperCase()) ?? byExt.get(ref!));
      if (inFile) [enterpriseKey, region] = [inFile, enterprises.get(inFile)!.data.region];
      else if (stored) [enterpriseKey, region] = [`id:${stored.id}`, stored.region];
    }
    if (!enterpriseKey) {
      errors.push({ line: l.line, path: ref ? 'enterprise' : 'enterpriseId', message: `enterprise ${ref ?? enterpriseId} does not exist` });
      continue;
    }
    const existing = rest.externalId ? storedNeeds.get(rest.externalId) : undefined;
    if (existing?.archivedAt) {
      errors.push({ line: l.line, path: 'externalId', message: RETIRED });
      continue;
    }
    const key = existing ? `id:${existing.id}` : rest.externalId ? `ext:${rest.externalId}` : `line:${l.line}`;
    const data = { ...rest, enterpriseId: 0, region: rest.region ?? region };
    needs.set(key, { existingId: existing?.id, data, enterpriseKey, lines: [...(needs.get(key)?.lines ?? []), l.line] });
  }

  const storedResources = new Map((await resourcesRepo.resourcesByExternalId(tx, owner, rLines.flatMap((l) => (l.data.externalId ? [l.data.externalId] : [])))).map((r) => [r.externalId!, r]));
  const resources = new Map<string, Planned<ResourceInput>>();
  for (const l of rLines) {
    const existing = l.data.externalId ? storedResources.get(l.data.externalId) : undefined;
    if (existing?.archivedAt) {
      errors.push({ line: l.line, path: 'externalId', message: RETIRED });
      continue;
    }
    const key = existing ? `id:${existing.id}` : l.data.externalId ? `ext:${l.data.externalId}` : `line:${l.line}`;
    resources.set(key, { existingId: existing?.id, data: l.data, lines: [...(resources.get(key)?.lines ?? []), l.line] });
  }
  return { enterprises, needs: [...needs.values()], resources: [...resources.values()] };
}

/** Writes a plan in bulk: a few statements per type however long the file. */
async function write(tx: Tx, actor: Actor, p: Plan, linesTotal: number): Promise<ImportReport> {
  const counts = <T>(planned: ReadonlyArray<Planned<T>>): ImportCounts => {
    const created = planned.filter((x) => x.existingId === undefined).length;
    const lines = planned.reduce((s, x) => s + x.lines.length, 0);
    return { created, updated: lines - created };
  };
  const split = <T>(planned: ReadonlyArray<Planned<T>>) => ({
    fresh: planned.filter((x) => x.existingId === undefined),
    existing: planned.filter((x) => x.existingId !== undefined),
  });

  const ents = [...p.enterprises.entries()];
  const e = split(ents.map(([, v]) => v));
  const writtenE = await enterprisesRepo.writeEnterprises(tx, e.fresh.map((x) => x.data), e.existing.map((x) => ({ id: x.existingId!, input: x.data })), actor.keyId);
  const idOfKey = new Map<string, number>(ents.filter(([, v]) => v.existingId !== undefined).map(([k, v]) => [k, v.existingId!]));
  for (const row of writtenE.inserted) idOfKey.set(`code:${row.creditCode}`, row.id);
  const enterpriseId = (key: string) => idOfKey.get(key) ?? Number(key.slice('id:'.length));

  const n = split(p.needs);
  const writtenN = await needsRepo.writeNeeds(
    tx,
    n.fresh.map((x) => ({ ...x.data, enterpriseId: enterpriseId((x as (typeof p.needs)[number]).enterpriseKey) })),
    n.existing.map((x) => ({ id: x.existingId!, input: { ...x.data, enterpriseId: enterpriseId((x as (typeof p.needs)[number]).enterpriseKey) } })),
    actor.keyId,
  );
  const r = split(p.resources);
  const writtenR = await resourcesRepo.writeResources(tx, r.fresh.map((x) => x.data), r.existing.map((x) => ({ id: x.existingId!, input: x.data })), actor.keyId);

  const needRows = [...writtenN.inserted, ...writtenN.updated];
  const resourceRows = [...writtenR.inserted, ...writtenR.updated];
  const bulk = needRows.length + resourceRows.length > BULK_RECORDS;
  await recordNeedChanges(tx, needRows, bulk);
  await recordResourceChanges(tx, resourceRows, [], bulk);
  return {
    lines: linesTotal,
    enterprises: counts([...p.enterprises.values()]),
    needs: counts(p.needs),
    resources: counts(p.resources),
    resourceIds: resourceRows.map((row) => row.id),
    needIds: needRows.map((row) => row.id),
  };
}

/** Registers parsed lines (the seed and evaluation corpora come this way), all or nothing. */
export async function importRecords({ ctx, actor, input, onProgress }: { ctx: Ctx; actor: Actor; input: ParsedLine[]; onProgress?: Progress }): Promise<ImportReport> {
  const report = await ctx.db.transaction(async (tx) => {
    const errors: FieldError[] = [];
    const planned = await plan(tx, actor, input, errors);
    if (errors.length > 0) throw failure(errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    return write(tx, actor, planned, input.length);
  });
  if (report.resourceIds.length > 0) await ctx.indexer.changed({ entity: 'resource', ids: report.resourceIds }, onProgress);
  if (report.needIds.length > 0) await ctx.indexer.changed({ entity: 'need', ids: report.needIds });
  return report;
}

/** Registers an NDJSON file (`input`), all or nothing, with line-numbered errors. */
export async function importNdjson({ ctx, actor, input, onProgress }: { ctx: Ctx; actor: Actor; input: string; onProgress?: Progress }): Promise<ImportReport> {
  return importRecords({ ctx, actor, input: parseNdjson(input), ...(onProgress ? { onProgress } : {}) });
}
