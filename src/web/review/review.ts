// The operator page (/review), in the browser: sign in with an operator key, filter the queue, open a pairing,
// decide with buttons or keys, open its need with all its candidates side by side and decide several at once,
// and see the queue's charts and the complexes' performance (performance.ts). Plain DOM; every text from the API goes in through
// textContent, never as HTML.
import { approvalRateChart, decisionsPerDayChart, type DayCounts, type IndustryRate } from './charts.js';
import { downloadPerformance, loadPerformance } from './performance.js';

interface Vocabulary {
  statuses: Record<string, string>;
  /** What suggested a pairing (batch, portal, outreach). */
  sources: Record<string, string>;
  transitions: Record<string, string[]>;
  reasons: Record<string, string>;
  industries: Record<string, string>;
  complexes: Record<string, string>;
  kinds: Record<string, string>;
  regions: Record<string, string>;
  /** The score's components in their order, with label and range (src/domain/score-components.ts). */
  components: Array<{ key: string; label: string; min: number; max: number }>;
}

interface QueueItem {
  id: number;
  status: string;
  source: string;
  score: number;
  explanation: string;
  need: { id: number; title: string; industry: string | null; region: string | null };
  enterprise: { name: string };
  resource: { id: number; name: string; kind: string; region: string | null; complex: string | null };
}

interface Pairing extends QueueItem {
  next: string[];
  reason: string | null;
  note: string | null;
  components: Record<string, number>;
  need: QueueItem['need'] & { description: string; wantsVoucher: boolean };
  enterprise: { name: string; contact: { person?: string; phone?: string; email?: string } | null };
  resource: QueueItem['resource'] & { description: string; contact: { person?: string; phone?: string; email?: string } | null };
  events: Array<{ actorName: string; fromStatus: string | null; toStatus: string; reason: string | null; note: string | null; createdAt: string }>;
}

/** One need with its candidates (GET /v1/review/needs/:id). */
interface NeedReview {
  need: { id: number; title: string; description: string; region: string | null; industry: string | null; wantsVoucher: boolean };
  enterprise: { name: string };
  pairings: Array<{ id: number; status: string; next: string[]; score: number; components: Record<string, number>; explanation: string; resource: { name: string; kind: string; region: string | null } }>;
}

const KEY_STORE = 'sxm.review.key';
const PAGE_SIZE = 20;
const SHORTCUTS: Record<string, string> = { a: 'approved', r: 'rejected', c: 'contacted', d: 'completed' };
const ACTION_LABELS: Record<string, string> = { approved: '通过 (A)', rejected: '驳回 (R)', contacted: '已联系 (C)', completed: '已完成 (D)' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; text?: string; data?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.data ?? {})) node.dataset[k] = v;
  node.append(...children);
  return node;
}

class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const state = {
  key: sessionStorage.getItem(KEY_STORE) ?? '',
  vocab: undefined as Vocabulary | undefined,
  page: 1,
  total: 0,
  items: [] as QueueItem[],
  selected: -1,
  detail: undefined as Pairing | undefined,
  /** Counts the pairings opened: only the newest one's answer is shown. */
  opened: 0,
};

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${state.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = res.status === 204 ? undefined : await res.json();
  if (!res.ok) throw new ApiError(res.status, data?.error?.message ?? res.statusText);
  return data as T;
}

function toast(text: string, kind: 'ok' | 'error' = 'ok') {
  const t = $('toast');
  t.textContent = text;
  t.className = `toast ${kind}`;
  window.setTimeout(() => (t.className = 'toast'), 2500);
}

function fillSelect(select: HTMLSelectElement, options: Record<string, string>, anyLabel?: string) {
  select.replaceChildren(...(anyLabel !== undefined ? [new Option(anyLabel, '')] : []), ...Object.entries(options).map(([code, label]) => new Option(label, code)));
}

// ---- sign-in ----

async function signIn(key: string) {
  state.key = key.trim();
  try {
    state.vocab = await api<Vocabulary>('GET', '/v1/review/vocabulary');
  } catch (err) {
    sessionStorage.removeItem(KEY_STORE);
    const status = err instanceof ApiError ? err.status : 0;
    $('login-error').textContent = status === 401 ? '密钥无效或已吊销' : status === 403 ? '需要运营人员（operator）或管理员密钥' : `无法登录：${(err as Error).message}`;
    return;
  }
  sessionStorage.setItem(KEY_STORE, state.key);
  $('login').hidden = true;
  $('app').hidden = false;
  const v = state.vocab;
  fillSelect($('f-status'), v.statuses, '全部状态');
  ($('f-status') as HTMLSelectElement).value = 'suggested';
  fillSelect($('f-industry'), v.industries, '全部行业');
  fillSelect($('f-region'), v.regions, '全部地区');
  fillSelect($('f-kind'), v.kinds, '全部类型');
  fillSelect($('f-complex'), v.complexes, '全部综合体');
  fillSelect($('f-source'), v.sources, '全部来源');
  fillSelect($('reject-reason'), v.reasons);
  fillSelect($('p-complex'), v.complexes, '全部综合体');
  await Promise.all([loadQueue(0), loadStats(), showPerformance()]);
}

function signOut() {
  sessionStorage.removeItem(KEY_STORE);
  location.reload();
}

// ---- the queue ----

function filterQuery(): string {
  const q = new URLSearchParams({ page: String(state.page), pageSize: String(PAGE_SIZE) });
  for (const [id, name] of [['f-status', 'status'], ['f-industry', 'industry'], ['f-region', 'region'], ['f-kind', 'kind'], ['f-complex', 'complex'], ['f-source', 'source'], ['f-batch', 'batchRunId']] as const) {
    const value = ($(id) as HTMLInputElement | HTMLSelectElement).value.trim();
    if (value) q.set(name, value);
  }
  return q.toString();
}

/** Reloads the queue and opens the pairing at `select`; without one the detail stays as it is. */
async function loadQueue(select?: number) {
  try {
    const page = await api<{ items: QueueItem[]; total: number }>('GET', `/v1/review/pairings?${filterQuery()}`);
    state.items = page.items;
    state.total = page.total;
  } catch (err) {
    toast((err as Error).message, 'error');
    return;
  }
  if (select === undefined) state.selected = -1;
  renderQueue();
  if (select === undefined) return;
  if (state.items.length > 0) await open(Math.min(Math.max(0, select), state.items.length - 1));
  else {
    state.selected = -1;
    state.detail = undefined;
    $('detail').replaceChildren(el('p', { class: 'empty', text: '没有符合条件的配对' }));
  }
}

function renderQueue() {
  const v = state.vocab!;
  $('queue-list').replaceChildren(
    ...state.items.map((p, i) =>
      el(
        'li',
        { class: i === state.selected ? 'item selected' : 'item', data: { id: String(p.id), index: String(i) } },
        el('span', { class: `badge ${p.status}`, text: v.statuses[p.status] ?? p.status }),
        el('span', { class: 'score', text: p.score.toFixed(2) }),
        el('div', { class: 'need', text: p.need.title }),
        el('div', { class: 'resource', text: `→ ${p.resource.name}（${v.kinds[p.resource.kind] ?? p.resource.kind}）` }),
      ),
    ),
  );
  const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
  $('page-info').textContent = `第 ${state.page}/${pages} 页，共 ${state.total} 条`;
  ($('prev-page') as HTMLButtonElement).disabled = state.page <= 1;
  ($('next-page') as HTMLButtonElement).disabled = state.page >= pages;
}

async function open(index: number) {
  const item = state.items[index];
  if (!item) return;
  state.selected = index;
  renderQueue();
  const mine = ++state.opened;
  let detail: Pairing;
  try {
    detail = await api<Pairing>('GET', `/v1/review/pairings/${item.id}`);
  } catch (err) {
    toast((err as Error).message, 'error');
    return;
  }
  // A slower answer to an earlier open would redraw the detail and close a rejection form already being filled.
  if (mine !== state.opened) return;
  state.detail = detail;
  renderDetail();
}

function contactText(c: { person?: string; phone?: string; email?: string } | null): string {
  return c ? [c.person, c.phone, c.email].filter(Boolean).join(' · ') : '未登记联系方式';
}

function renderDetail() {
  const p = state.detail!;
  const v = state.vocab!;
  const components = el(
    'div',
    { class: 'components' },
    ...v.components.map((c) => {
      const value = p.components[c.key] ?? 0;
      const meter = el('meter', { data: { component: c.key } });
      meter.min = c.min;
      meter.max = c.max;
      meter.value = Math.max(c.min, Math.min(c.max, value));
      return el('div', { class: 'component' }, el('span', { text: c.label }), meter, el('span', { text: value.toFixed(2) }));
    }),
  );
  const actions = el(
    'div',
    { class: 'actions' },
    ...p.next.map((to) => {
      const b = el('button', { class: `act ${to}`, text: ACTION_LABELS[to] ?? to, data: { to } });
      b.addEventListener('click', () => void act(to));
      return b;
    }),
  );
  const history = el(
    'ol',
    { class: 'history' },
    ...p.events.map((e) =>
      el('li', {
        text: `${new Date(e.createdAt).toLocaleString('zh-CN')} ${e.actorName}：${v.statuses[e.fromStatus ?? ''] ?? '—'} → ${v.statuses[e.toStatus] ?? e.toStatus}${e.reason ? `（${v.reasons[e.reason] ?? e.reason}）` : ''}${e.note ? ` ${e.note}` : ''}`,
      }),
    ),
  );
  const byNeed = el('button', { class: 'link', text: '按需求查看全部候选', data: { need: String(p.need.id) } });
  byNeed.id = 'open-need';
  byNeed.addEventListener('click', () => void openNeed(p.need.id));
  $('detail').replaceChildren(
    el('h2', { text: `配对 #${p.id}` }, el('span', { class: `badge ${p.status}`, text: v.statuses[p.status] ?? p.status }), byNeed),
    el('p', { class: 'explanation', text: p.explanation }),
    el('div', { class: 'score-line', text: `得分 ${p.score.toFixed(3)} · 来源 ${v.sources[p.source] ?? p.source}` }),
    components,
    el(
      'section',
      { class: 'side' },
      el('h3', { text: `需求：${p.need.title}` }),
      el('p', { text: p.need.description }),
      el('p', { class: 'meta', text: `${p.enterprise.name} · ${v.regions[p.need.region ?? ''] ?? '地区未知'} · ${v.industries[p.need.industry ?? ''] ?? '行业未填'}${p.need.wantsVoucher ? ' · 希望使用创新券' : ''}` }),
      el('p', { class: 'contact', text: `联系人：${contactText(p.enterprise.contact)}` }),
    ),
    el(
      'section',
      { class: 'side' },
      el('h3', { text: `资源：${p.resource.name}（${v.kinds[p.resource.kind] ?? p.resource.kind}）` }),
      el('p', { text: p.resource.description }),
      el('p', { class: 'meta', text: `${v.regions[p.resource.region ?? ''] ?? '地区未知'}${p.resource.complex ? ` · ${v.complexes[p.resource.complex] ?? ''}` : ''}` }),
      el('p', { class: 'contact', text: `联系人：${contactText(p.resource.contact)}` }),
    ),
    ...(p.reason || p.note ? [el('p', { class: 'decision', text: `上次决定：${p.reason ? v.reasons[p.reason] : ''} ${p.note ?? ''}` })] : []),
    actions,
    history,
  );
  $('reject-form').hidden = true;
}

async function act(to: string) {
  const p = state.detail;
  if (!p || !p.next.includes(to)) return;
  if (to === 'rejected' && $('reject-form').hidden) {
    $('reject-form').hidden = false;
    $('reject-reason').focus();
    return;
  }
  const body: Record<string, string> = { status: to };
  if (to === 'rejected') {
    body.reason = ($('reject-reason') as HTMLSelectElement).value;
    const note = ($('reject-note') as HTMLTextAreaElement).value.trim();
    if (note) body.note = note;
  }
  try {
    await api('POST', `/v1/review/pairings/${p.id}/decisions`, body);
  } catch (err) {
    toast((err as Error).message, 'error');
    return;
  }
  ($('reject-note') as HTMLTextAreaElement).value = '';
  toast(`#${p.id} ${state.vocab!.statuses[to]}`);
  // The decided pairing may leave the filtered list: the one that takes its place is the next to review.
  await Promise.all([loadQueue(state.selected), loadStats(), showPerformance()]);
}

// ---- one need, its candidates side by side ----

async function openNeed(needId: number) {
  const mine = ++state.opened;
  let view: NeedReview;
  try {
    view = await api<NeedReview>('GET', `/v1/review/needs/${needId}`);
  } catch (err) {
    toast((err as Error).message, 'error');
    return;
  }
  if (mine !== state.opened) return;
  state.detail = undefined;
  renderNeed(view);
}

function renderNeed(view: NeedReview) {
  const v = state.vocab!;
  const cells = (label: string, cell: (p: NeedReview['pairings'][number]) => Node | string) =>
    el('tr', {}, el('th', { text: label }), ...view.pairings.map((p) => el('td', {}, ...[cell(p)].map((c) => (typeof c === 'string' ? document.createTextNode(c) : c)))));
  const choice = (p: NeedReview['pairings'][number]) => {
    const select = el('select', { class: 'choice', data: { pairing: String(p.id) } });
    select.append(new Option('不变', ''), ...p.next.map((to) => new Option(v.statuses[to] ?? to, to)));
    const reason = el('select', { class: 'reason', data: { pairing: String(p.id) } });
    fillSelect(reason, v.reasons);
    reason.hidden = true;
    select.addEventListener('change', () => (reason.hidden = select.value !== 'rejected'));
    return el('div', {}, select, reason);
  };
  const table = el(
    'table',
    { class: 'candidates' },
    el('thead', {}, el('tr', {}, el('th', { text: '候选资源' }), ...view.pairings.map((p) => el('th', { text: `${p.resource.name}（${v.kinds[p.resource.kind] ?? p.resource.kind}）` })))),
    el(
      'tbody',
      {},
      cells('地区', (p) => v.regions[p.resource.region ?? ''] ?? '未知'),
      cells('得分', (p) => p.score.toFixed(3)),
      ...v.components.map((c) => cells(c.label, (p) => (p.components[c.key] ?? 0).toFixed(2))),
      cells('推荐理由', (p) => p.explanation),
      cells('当前状态', (p) => el('span', { class: `badge ${p.status}`, text: v.statuses[p.status] ?? p.status })),
      cells('决定', choice),
    ),
  );
  const submit = el('button', { text: '提交所选决定' });
  submit.id = 'submit-decisions';
  submit.addEventListener('click', () => void decideForNeed(view));
  $('detail').replaceChildren(
    el('h2', { text: `需求 #${view.need.id}：${view.need.title}` }),
    el('p', { text: view.need.description }),
    el('p', { class: 'meta', text: `${view.enterprise.name} · ${v.regions[view.need.region ?? ''] ?? '地区未知'} · ${v.industries[view.need.industry ?? ''] ?? '行业未填'}${view.need.wantsVoucher ? ' · 希望使用创新券' : ''}` }),
    el('div', { class: 'table-scroll' }, table),
    el('div', { class: 'actions' }, submit),
  );
  $('reject-form').hidden = true;
}

/** Every candidate given a decision goes in one submission: the server makes all of them, or none. */
async function decideForNeed(view: NeedReview) {
  const decisions = Array.from(document.querySelectorAll<HTMLSelectElement>('#detail select.choice'))
    .filter((s) => s.value)
    .map((s) => {
      const pairingId = Number(s.dataset.pairing);
      const reason = document.querySelector<HTMLSelectElement>(`#detail select.reason[data-pairing="${pairingId}"]`)!.value;
      return s.value === 'rejected' ? { pairingId, status: s.value, reason } : { pairingId, status: s.value };
    });
  if (decisions.length === 0) return toast('没有选择任何决定', 'error');
  let after: NeedReview;
  try {
    after = await api<NeedReview>('POST', `/v1/review/needs/${view.need.id}/decisions`, { decisions });
  } catch (err) {
    return toast((err as Error).message, 'error');
  }
  toast(`已提交 ${decisions.length} 项决定`);
  renderNeed(after);
  await Promise.all([loadQueue(), loadStats(), showPerformance()]);
}

// ---- charts ----

async function loadStats() {
  try {
    const stats = await api<{ perDay: DayCounts[]; byIndustry: IndustryRate[]; statuses: Record<string, number> }>('GET', '/v1/review/stats?days=30');
    $('chart-daily').innerHTML = decisionsPerDayChart(stats.perDay); // SVG built with every label escaped
    $('chart-industry').innerHTML = approvalRateChart(stats.byIndustry);
    $('status-counts').textContent = Object.entries(stats.statuses)
      .map(([s, n]) => `${state.vocab!.statuses[s] ?? s} ${n}`)
      .join(' · ');
  } catch (err) {
    toast((err as Error).message, 'error');
  }
}

/** GET with the operator's key, the answer as it came (the performance section reads JSON and CSV). */
const getWithKey = (path: string) => fetch(path, { headers: { authorization: `Bearer ${state.key}` } });

async function showPerformance() {
  try {
    await loadPerformance(getWithKey);
  } catch (err) {
    toast((err as Error).message, 'error');
  }
}

// ---- wiring ----

function onKey(e: KeyboardEvent) {
  const target = e.target as HTMLElement;
  if ($('app').hidden || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
    if (e.key === 'Escape') $('reject-form').hidden = true;
    return;
  }
  const key = e.key.toLowerCase();
  if (key === 'j' || e.key === 'ArrowDown') void open(state.selected + 1);
  else if (key === 'k' || e.key === 'ArrowUp') void open(state.selected - 1);
  else if (SHORTCUTS[key]) void act(SHORTCUTS[key]);
  else return;
  e.preventDefault();
}

function start() {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void signIn(($('login-key') as HTMLInputElement).value);
  });
  $('sign-out').addEventListener('click', signOut);
  $('filters').addEventListener('change', () => {
    state.page = 1;
    void loadQueue(0);
  });
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('prev-page').addEventListener('click', () => {
    state.page--;
    void loadQueue(0);
  });
  $('next-page').addEventListener('click', () => {
    state.page++;
    void loadQueue(0);
  });
  $('queue-list').addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li');
    if (li?.dataset.index) void open(Number(li.dataset.index));
  });
  $('reject-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void act('rejected');
  });
  $('perf-filters').addEventListener('change', () => void showPerformance());
  $('perf-filters').addEventListener('submit', (e) => e.preventDefault());
  $('perf-csv').addEventListener('click', () => void downloadPerformance(getWithKey).catch((err: unknown) => toast((err as Error).message, 'error')));
  document.addEventListener('keydown', onKey);
  if (state.key) void signIn(state.key);
}

start();
