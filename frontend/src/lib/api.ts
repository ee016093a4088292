// Typed client of the Chung Tay JSON API (/api/v1). Every call sends the UI
// language as Accept-Language so server messages come back in that language.
import { get } from 'svelte/store';
import { lang } from './i18n';

const BASE = '/api/v1';

export interface Labelled {
  label_vi: string;
  label_en: string;
}
export interface AreaKind extends Labelled {
  kind: string;
}
export interface CodeLabel extends Labelled {
  code: string;
}
export interface Indicator extends CodeLabel {
  dimension: string;
  standards: string[];
}
export interface Meta {
  area_kinds: AreaKind[];
  unit_kinds: AreaKind[];
  classes: CodeLabel[];
  standards: CodeLabel[];
  indicators: Indicator[];
  dimensions: CodeLabel[];
  causes: CodeLabel[];
  flags: CodeLabel[];
  current_year: number;
}

export type ClassCode = 'poor' | 'near_poor' | 'escaped' | 'average' | 'none';

export interface Area {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  depth: number;
  urban: boolean;
  dissolved_on: string | null;
  merged_into_id: number | null;
  version: number;
}
export interface AreaListItem extends Area {
  children: number;
  poor: number;
  near_poor: number;
  tracked: number;
}
export interface AreaTotal {
  area_id?: number;
  year: number;
  total: number;
}
export interface AreaDetail {
  area: Area;
  ancestors: Area[];
  totals: AreaTotal[];
  subtree_total: AreaTotal | null;
}

export interface HouseholdSummary {
  id: number;
  code: string;
  head_name: string;
  address: string;
  area_id: number;
  area_name: string;
  members: number;
  urban: boolean;
  classification: ClassCode;
  classification_year: number;
  deprivations: string[];
  flags: string[];
  version: number;
  archived_at: string | null;
}
export interface HouseholdPage {
  items: HouseholdSummary[];
  total: number;
  page: number;
  per_page: number;
}
export interface Household {
  id: number;
  code: string;
  head_name: string;
  address: string;
  area_id: number;
  members: number;
  urban: boolean;
  income_monthly: number;
  deprivations: string[];
  causes: string[];
  flags: string[];
  standard: string;
  classification: ClassCode;
  classification_year: number;
  note: string;
  archived_at: string | null;
  archive_reason: string;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface ClassificationRecord {
  year: number;
  classification: ClassCode;
  standard: string;
  income_monthly: number | null;
  deprivations: string[];
  decision_no: string;
}
export interface HouseholdEvent {
  id: number;
  event_date: string;
  year: number;
  from_class: ClassCode | null;
  to_class: ClassCode;
  decision_no: string;
  reason: string;
}
export interface HouseholdDetail {
  household: Household;
  area: Area;
  ancestors: Area[];
  classifications: ClassificationRecord[];
  events: HouseholdEvent[];
}
/** Body of POST /households and (with version) PUT /households/{id}. */
export interface HouseholdInput {
  code: string;
  head_name: string;
  address: string;
  area_id: number | null;
  members: number;
  urban: boolean;
  income_monthly: number;
  deprivations: string[];
  causes: string[];
  flags: string[];
  standard: string;
  classification?: ClassCode;
  year: number;
  note: string;
  version?: number;
}
export interface EventInput {
  event_date: string;
  to_class: ClassCode;
  decision_no: string;
  reason: string;
  version: number;
}
export interface ImportRowError {
  row: number;
  column: string;
  field: string;
  message: string;
}
export interface ImportResult {
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

/** Filters of the household list, shared by the list and the Excel export. */
export interface HouseholdFilters {
  area_id?: number | null;
  class?: string;
  year?: number | null;
  deprivation?: string;
  flag?: string;
  q?: string;
  archived?: boolean;
  sort?: string;
  page?: number;
  per_page?: number;
}

/** An error answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  status: number;
  code: string;
  /** field name → localized message */
  fields: Record<string, string>;
  requestId: string;
  /** The whole parsed body (the import's 422 carries row errors beside `error`). */
  body: unknown;

  constructor(status: number, code: string, message: string, fields: Record<string, string>, requestId: string, body: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
    this.body = body;
  }
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    fields?: { field: string; message: string }[];
    request_id?: string;
  };
}

type Query = Record<string, string | number | boolean | null | undefined>;

function url(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== '' && v != null) qs.set(k, String(v));
  }
  const s = qs.toString();
  return BASE + path + (s ? '?' + s : '');
}

async function send(method: string, path: string, opts: { query?: Query; json?: unknown; body?: Blob; contentType?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': get(lang) };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body) {
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
    body = opts.body;
  }
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '', {}, '', null);
  }
  if (!res.ok) throw await toError(res);
  return res;
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  const e = (body as ErrorBody | null)?.error ?? {};
  const fields: Record<string, string> = {};
  for (const f of e.fields ?? []) fields[f.field] = f.message;
  return new ApiError(res.status, e.code ?? 'internal', e.message ?? '', fields, e.request_id ?? '', body);
}

async function json<T>(method: string, path: string, opts: Parameters<typeof send>[2] = {}): Promise<T> {
  const res = await send(method, path, opts);
  return (await res.json()) as T;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const api = {
  meta: () => json<Meta>('GET', '/meta'),

  areas: (query: { roots?: boolean; parent_id?: number; q?: string }, signal?: AbortSignal) =>
    json<{ items: AreaListItem[] }>('GET', '/areas', { query, signal }).then((r) => r.items ?? []),
  area: (id: number) => json<AreaDetail>('GET', `/areas/${id}`),

  households: (f: HouseholdFilters, signal?: AbortSignal) =>
    json<HouseholdPage>('GET', '/households', { query: f as Query, signal }),
  household: (id: number) => json<HouseholdDetail>('GET', `/households/${id}`),
  createHousehold: (h: HouseholdInput) => json<Household>('POST', '/households', { json: h }),
  updateHousehold: (id: number, h: HouseholdInput) => json<Household>('PUT', `/households/${id}`, { json: h }),
  archiveHousehold: (id: number, version: number, reason: string) =>
    json<Household>('POST', `/households/${id}/archive`, { json: { version, reason } }),
  addEvent: (id: number, ev: EventInput) => json<HouseholdEvent>('POST', `/households/${id}/events`, { json: ev }),
  classify: (b: { standard: string; urban: boolean; income_monthly: number; deprivations: string[] }, signal?: AbortSignal) =>
    json<{ classification: ClassCode }>('POST', '/classify', { json: b, signal }),

  importHouseholds: (file: File, dryRun: boolean) =>
    json<ImportResult>('POST', '/households/import', { query: { dry_run: dryRun }, body: file, contentType: XLSX }),

  /** Downloads a file through fetch (so Accept-Language is sent) and saves it. */
  async download(path: string, fallbackName: string, query?: Query): Promise<void> {
    const res = await send('GET', path, { query });
    const blob = await res.blob();
    const cd = res.headers.get('Content-Disposition') ?? '';
    const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
    const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  },
};
