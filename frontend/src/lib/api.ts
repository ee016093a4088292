// Typed client of the Chung Tay JSON API (/api/v1). Every call sends the UI
// language as Accept-Language so server messages come back in that language,
// and every unsafe call the session's CSRF token (X-CSRF-Token). A 401 from
// any call but the sign-in ones hands over to the session (back to sign-in).
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
/** A coverage target's indicator and the deprivation indicator whose absence it counts. */
export interface CoverageIndicator extends CodeLabel {
  deprivation: string;
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
  /** The plan's vocabulary, in the order forms show it. */
  frequencies: CodeLabel[];
  target_kinds: CodeLabel[];
  coverage_indicators: CoverageIndicator[];
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
/** Body of POST /areas (with its parent) and, with version and without parent, PUT /areas/{id}. */
export interface AreaInput {
  code: string;
  name: string;
  kind: string;
  urban: boolean;
  parent_id?: number;
  version?: number;
}
/** One dated row of an area's parent history (valid_to null while it lasts). */
export interface AreaParent {
  id: number;
  area_id: number;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  reason: string;
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
  /** The column's heading as the sheet writes it. */
  heading?: string;
  /** The cell as read. */
  value?: string;
  message: string;
}
/** A heading of the sheet: read into a field, or ignored (no field). */
export interface ImportColumn {
  column: string;
  heading: string;
  field?: string;
}
/** Rows skipped on purpose: column numbers, totals, the signature block. */
export interface ImportNote {
  kind: 'column_numbers' | 'totals' | 'signature';
  row: number;
  last_row: number;
  rows: number;
  text: string;
  message: string;
}
export interface ImportResult {
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  /** Only the first errors are listed. */
  errors_truncated?: boolean;
  /** The sheet read and the rows of its header. */
  sheet?: string;
  header_rows?: number[];
  columns?: ImportColumn[];
  /** Headings not read: shown so that no column is dropped silently. */
  ignored?: ImportColumn[];
  notes?: ImportNote[];
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

// ---- Accounts, access and audit ----

export type GrantRole = 'admin' | 'officer' | 'chair' | 'viewer';
export type UnitRole = 'leader' | 'member';
export type UserLang = 'vi' | 'en';

export interface User {
  id: number;
  email: string;
  name: string;
  phone: string;
  lang: UserLang;
  active: boolean;
  version: number;
  last_login_at?: string | null;
}
export interface Permissions {
  read_households: boolean;
  write_register: boolean;
  assign: boolean;
  read_audit: boolean;
  manage_accounts: boolean;
}
export interface Grant {
  id: number;
  area_id: number | null;
  area_name: string;
  role: GrantRole;
  created_at?: string;
  revoked_at?: string | null;
}
export interface Membership {
  id: number;
  unit_id: number;
  unit_name: string;
  role: UnitRole;
  created_at?: string;
  ended_at?: string | null;
}
/** GET /me: who is signed in and what they may do. */
export interface Me {
  user: User;
  grants: Grant[];
  memberships: Membership[];
  csrf_token: string;
  permissions: Permissions;
}
export interface LoginResult {
  user: User;
  csrf_token: string;
}
export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}
export interface UserDetail {
  user: User;
  grants: Grant[];
  memberships: Membership[];
  /** false until the invitation is accepted (the account has no password yet). */
  has_password?: boolean;
}
/**
 * How an invitation reached the new user: without a mail server it is never
 * "sent", and the single-use link is given to the inviter, once.
 */
export interface Invitation {
  invitation_sent: boolean;
  invitation_link?: string;
}
export interface MemberInvite {
  email: string;
  name: string;
  phone?: string;
  lang?: UserLang;
}
/** The answer to a member invitation: nothing of an existing account but its id. */
export interface MemberInvited extends Invitation {
  outcome: 'invited' | 'added' | 'already_member';
  user_id: number;
  membership: Membership;
}
export interface GrantInput {
  area_id: number | null;
  role: GrantRole;
}
export interface MembershipInput {
  unit_id: number;
  role: UnitRole;
}
export interface UserInput {
  email: string;
  name: string;
  phone: string;
  lang: UserLang;
  grants: GrantInput[];
  memberships: MembershipInput[];
}
export interface UserUpdate {
  version: number;
  name: string;
  phone: string;
  lang: UserLang;
  active: boolean;
}
export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: string;
  post: string;
  area_id: number;
  /** The area's name, as lists and reads give it. */
  area_name?: string;
  parent_id: number | null;
  archived_at: string | null;
  archive_reason?: string;
  version: number;
}
/** Body of POST /units and (with version) PUT /units/{id}; post is for officials (công chức phụ trách). */
export interface UnitInput {
  code: string;
  name: string;
  kind: string;
  post?: string;
  area_id: number;
  parent_id?: number;
  version?: number;
}
export interface AuditEntry {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before: unknown;
  after: unknown;
  request_id: string;
  client_ip: string;
}
export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  per_page: number;
}
export interface AuditFilters {
  entity?: string;
  entity_id?: number | null;
  actor_id?: number | null;
  action?: string;
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}
export interface Assignment {
  id: number;
  unit_id: number | null;
  unit_name: string;
  user_id: number | null;
  user_name: string;
  is_primary: boolean;
  valid_from: string;
  valid_to: string | null;
  reason: string;
}
export interface AssignmentInput {
  unit_id?: number;
  user_id?: number;
  is_primary: boolean;
  valid_from?: string;
  reason: string;
}

// ---- Assignments in bulk, support and visits (issue 4) ----

/** Body of POST /assignments/bulk: every household matching the filter goes to the unit. */
export interface BulkAssignInput {
  unit_id: number;
  /** primary: the unit becomes the households' primary unit; supporting: beside it. */
  role: 'primary' | 'supporting';
  area_id?: number;
  class?: string;
  deprivation?: string;
  flag?: string;
  q?: string;
  valid_from?: string;
  reason?: string;
  /** The count typed back: required when the filter has no criterion but the area. */
  confirm_count?: number;
}
/** What a bulk assignment would do (POST /assignments/bulk/preview). */
export interface BulkPreview {
  matched: number;
  assign: number;
  unchanged: number;
  leaving: number;
  leaving_units: { unit_id: number; unit_name: string; households: number }[];
  confirm_count_required: boolean;
  valid_from: string;
}
/** Answer of a bulk assignment or a spread; per_member (spread) maps user id → households in their charge after it. */
export interface BulkResult {
  assigned: number;
  unchanged: number;
  leaving?: number;
  per_member?: Record<string, number>;
}
export interface SpreadInput {
  include_leader?: boolean;
  rebalance?: boolean;
  accept_over_norm?: boolean;
  valid_from?: string;
  reason?: string;
}
/** What "Chia đều" would do (POST /units/{id}/spread/preview). */
export interface SpreadPlan {
  households: number;
  to_spread: number;
  unchanged: number;
  people: number;
  min_each: number;
  max_each: number;
  needed_people: number;
  norm_min: number;
  norm_max: number;
  over_norm: boolean;
  include_leader: boolean;
  shares: { user_id: number; name: string; role: UnitRole; before: number; after: number }[];
  valid_from: string;
}
/** A member of a unit (GET /units/{id}/members). */
export interface UnitMember {
  user_id: number;
  name: string;
  email?: string;
  role: UnitRole;
  /** Households currently assigned to the member in this unit. */
  households?: number;
}
/** A household of a unit with its person in charge (GET /units/{id}/households). */
export interface UnitHousehold extends HouseholdSummary {
  user_id?: number | null;
  user_name?: string;
}
/** A scheduled job (GET /jobs, whole-country admins). */
export interface JobInfo {
  name: string;
  spec: string;
  next_at: string;
}
/** One run of a scheduled job; outcome is '' while it runs. */
export interface JobRun {
  id: number;
  job: string;
  slot: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  outcome: '' | 'ok' | 'error';
  detail: string;
}
export interface JobsView {
  timezone: string;
  jobs: JobInfo[] | null;
  runs: JobRun[] | null;
}
/** A unit in charge of an area (phụ trách địa bàn), dated; valid_to null while it lasts, ended once valid_to has come. */
export interface AreaInCharge {
  id: number;
  unit_id: number;
  area_id: number;
  area_name: string;
  valid_from: string;
  valid_to: string | null;
  ended: boolean;
  reason: string;
  end_reason: string;
  created_at: string;
}
/** Body of POST /units/{id}/areas: put the unit in charge from valid_from (default today), or end it then. */
export interface AreaInChargeInput {
  area_id: number;
  valid_from?: string;
  end?: boolean;
  reason?: string;
}
export interface UnitHouseholdPage {
  items: UnitHousehold[];
  total: number;
  page: number;
  per_page: number;
}

export type SupportCode = CodeLabel;
export interface SupportMeta {
  types: SupportCode[];
  funding_sources: SupportCode[];
  max_value_vnd: number;
  max_evidence_bytes: number;
  evidence_types: string[];
}
export interface SupportInput {
  household_id: number;
  delivered_on: string;
  type: string;
  value_vnd: number;
  funding_source: string;
  note?: string;
  task_id?: number;
  unit_id?: number;
}
export interface SupportRecord {
  id: number;
  household_id: number;
  unit_id: number | null;
  user_id: number | null;
  task_id: number | null;
  delivered_on: string | null;
  type: string;
  value_vnd: number;
  funding_source: string;
  note: string;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface SupportItem extends SupportRecord {
  household_code: string;
  head_name: string;
  unit_name: string;
  user_name: string;
  evidence_count: number;
}
export interface SupportPage {
  items: SupportItem[];
  totals: { count: number; value_vnd: number };
  page: number;
  per_page: number;
}
export interface SupportFilters {
  household_id?: number;
  unit_id?: number;
  type?: string;
  funding_source?: string;
  from?: string;
  to?: string;
  mine?: boolean;
  page?: number;
  per_page?: number;
}
export interface Evidence {
  id: number;
  support_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}
export interface VisitInput {
  household_id: number;
  visited_on: string;
  note?: string;
  task_id?: number;
  unit_id?: number;
}
export interface Visit {
  id: number;
  household_id: number;
  unit_id: number | null;
  user_id: number | null;
  task_id: number | null;
  visited_on: string | null;
  note: string;
  created_at: string;
}
export interface VisitItem extends Visit {
  household_code: string;
  head_name: string;
  unit_name: string;
  user_name: string;
}
export interface VisitPage {
  items: VisitItem[];
  total: number;
  page: number;
  per_page: number;
}
export interface VisitFilters {
  household_id?: number;
  unit_id?: number;
  from?: string;
  to?: string;
  mine?: boolean;
  page?: number;
  per_page?: number;
}
/** Body of POST /tasks/{id}/support: the support record, and the task's completion note. */
export interface TaskSupportInput extends Omit<SupportInput, 'household_id'> {
  completion_note?: string;
}

// ---- Plans, targets, duties and tasks (issue 4) ----

export type PlanKind = 'resolution' | 'plan';
export interface Plan {
  id: number;
  area_id: number;
  kind: PlanKind;
  issuer: string;
  issuer_unit_id: number | null;
  number: string;
  issued_on: string | null;
  year: number;
  title: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface PlanView extends Plan {
  area_name: string;
}
export interface PlanInput {
  area_id: number;
  kind: PlanKind;
  issuer: string;
  issuer_unit_id?: number;
  number?: string;
  issued_on?: string;
  year: number;
  title: string;
  version?: number;
}
export type TargetKind = 'poor_reduction' | 'near_poor_reduction' | 'poor_remaining' | 'near_poor_remaining' | 'coverage';
export interface TargetInput {
  area_id?: number;
  kind: TargetKind;
  indicator?: string;
  households?: number;
  /** A rate in basis points: 0,31% = 31, 90% = 9000. */
  basis_points?: number;
  note?: string;
}
export interface TargetView {
  id: number;
  plan_id: number;
  area_id: number;
  area_name: string;
  kind: TargetKind;
  indicator: string;
  households: number | null;
  basis_points: number | null;
  note: string;
}
export type Frequency = 'once' | 'monthly' | 'quarterly' | 'six_monthly' | 'yearly';
export interface Selector {
  classes?: ClassCode[];
  deprivation?: string;
  flag?: string;
  area_id?: number;
  assigned_to_unit?: boolean;
}
export interface DutyInput {
  title: string;
  description?: string;
  unit_id?: number;
  unit_kind?: string;
  scope_area_id?: number;
  target: 'household' | 'unit';
  selector?: Selector;
  frequency: Frequency;
  due_days_before_end?: number;
  due_on?: string;
  valid_from?: string;
  valid_to?: string;
  version?: number;
}
export interface TaskCounts {
  total: number;
  open: number;
  done: number;
  cancelled: number;
}
export interface DutyView {
  id: number;
  plan_id: number;
  title: string;
  description: string;
  unit_id: number | null;
  unit_kind: string;
  unit_name: string;
  scope_area_id: number | null;
  target: 'household' | 'unit';
  selector: Selector;
  frequency: Frequency;
  due_days_before_end: number;
  due_on: string | null;
  valid_from: string | null;
  valid_to: string | null;
  version: number;
  tasks: TaskCounts;
}
export interface PlanDetail {
  plan: PlanView;
  targets: TargetView[];
  duties: DutyView[];
}
export interface ExpandSkip {
  duty_id: number;
  household_id: number;
  reason: string;
}
/** What an expansion did (expand-plan, and after a duty is added or changed). */
export interface ExpandSummary {
  plan_id: number;
  year: number;
  as_of: string | null;
  created: number;
  updated: number;
  reopened: number;
  closed: number;
  unchanged: number;
  skipped: ExpandSkip[] | null;
  /** The plan's year ended before as_of: no period is live, nothing was created or changed. */
  year_over: boolean;
}
export type TaskStatus = 'todo' | 'in_progress' | 'done' | 'cancelled';
export interface Task {
  id: number;
  duty_id: number;
  duty_title: string;
  plan_id: number;
  plan_kind: PlanKind;
  plan_number: string;
  plan_title: string;
  unit_id: number;
  unit_name: string;
  user_id: number | null;
  user_name: string;
  household_id: number | null;
  household_code: string;
  household_head_name: string;
  period: string;
  period_start: string | null;
  period_end: string | null;
  due_on: string | null;
  status: TaskStatus;
  note: string;
  closed_reason: string;
  done_at: string | null;
  overdue: boolean;
  version: number;
}
export interface TaskPage {
  items: Task[];
  total: number;
  page: number;
  per_page: number;
}
export interface TaskFilters {
  mine?: boolean;
  unit_id?: number | null;
  status?: string;
  overdue?: boolean;
  due_this_week?: boolean;
  household_id?: number;
  period?: string;
  plan_id?: number;
  duty_id?: number;
  page?: number;
  per_page?: number;
}
export interface UnvisitedHousehold {
  id: number;
  code: string;
  head_name: string;
  address: string;
  area_id: number;
  area_name: string;
  classification: ClassCode;
  last_visited_on: string | null;
}
export interface UnvisitedPage {
  quarter: { key: string; start: string | null; end: string | null };
  items: UnvisitedHousehold[];
  total: number;
  page: number;
  per_page: number;
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

let csrfToken = '';
let unauthorized: (() => void) | null = null;

/** Keeps the session's CSRF token in memory (never in storage). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Who to call when the API answers 401 (the session has ended). */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

// Calls whose 401 means "wrong password", not "signed out".
const OWN_401 = /^\/(auth\/|me\/password)/;

async function send(method: string, path: string, opts: { query?: Query; json?: unknown; body?: Blob; contentType?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': get(lang) };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
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
    res = await fetch(url(path, opts.query), { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '', {}, '', null);
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !OWN_401.test(path)) unauthorized?.();
    throw err;
  }
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

/** One call of the API answered with JSON (for the clients of screens that keep their own, e.g. lib/reports.ts). */
export async function json<T>(method: string, path: string, opts: Parameters<typeof send>[2] = {}): Promise<T> {
  const res = await send(method, path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Some writes answer the user itself, others {user}: accept both. */
function unwrapUser(r: User | { user: User }): User {
  return 'user' in r && r.user && typeof r.user === 'object' ? r.user : (r as User);
}

/** A user with grants and memberships beside the user's own fields. */
type FlatDetail = User & { grants?: Grant[]; memberships?: Membership[] };

/** {user, grants, memberships} whether the user is nested or flat. */
function unwrapDetail<T extends UserDetail>(r: T | FlatDetail): T {
  const d = ('user' in r && r.user && typeof r.user === 'object' ? r : { ...r, user: r as User }) as T;
  d.grants ??= [];
  d.memberships ??= [];
  return d;
}

type NewTokenBody = { token: ApiToken | string; secret?: string } & Partial<ApiToken>;

/** A new token and its secret: {token:{…}, secret} or the token's fields with token: secret. */
function unwrapToken(r: NewTokenBody): { token: ApiToken; secret: string } {
  if (typeof r.token === 'string') return { token: r as unknown as ApiToken, secret: r.secret ?? r.token };
  return { token: r.token, secret: r.secret ?? '' };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const api = {
  meta: () => json<Meta>('GET', '/meta'),

  areas: (query: { roots?: boolean; parent_id?: number; q?: string }, signal?: AbortSignal) =>
    json<{ items: AreaListItem[] }>('GET', '/areas', { query, signal }).then((r) => r.items ?? []),
  // Lists may come as null (ancestors above the caller's scope are hidden): always arrays here.
  area: (id: number) =>
    json<AreaDetail>('GET', `/areas/${id}`).then((d) => ({ ...d, ancestors: d.ancestors ?? [], totals: d.totals ?? [] })),
  createArea: (b: AreaInput) => json<Area>('POST', '/areas', { json: b }),
  updateArea: (id: number, b: AreaInput) => json<Area>('PUT', `/areas/${id}`, { json: b }),
  /** Moves an area (and its subtree) under another parent from a day (`on`, ISO; default today). */
  reparentArea: (id: number, b: { parent_id: number | null; on?: string; reason?: string }) =>
    json<Area>('POST', `/areas/${id}/reparent`, { json: b }),
  /** Merges an area into another from a day: its children, households and units move; its history stays. */
  mergeArea: (id: number, b: { into_id: number; on?: string; reason?: string }) => json<Area>('POST', `/areas/${id}/merge`, { json: b }),
  areaHistory: (id: number, signal?: AbortSignal) =>
    json<{ items: AreaParent[] | null }>('GET', `/areas/${id}/history`, { signal }).then((r) => r.items ?? []),
  setAreaTotal: (id: number, year: number, total: number) => json<AreaTotal>('PUT', `/areas/${id}/totals/${year}`, { json: { total } }),

  households: (f: HouseholdFilters, signal?: AbortSignal) =>
    json<HouseholdPage>('GET', '/households', { query: f as Query, signal }),
  household: (id: number) =>
    json<HouseholdDetail>('GET', `/households/${id}`).then((d) => ({
      ...d,
      ancestors: d.ancestors ?? [],
      classifications: d.classifications ?? [],
      events: d.events ?? [],
    })),
  createHousehold: (h: HouseholdInput) => json<Household>('POST', '/households', { json: h }),
  updateHousehold: (id: number, h: HouseholdInput) => json<Household>('PUT', `/households/${id}`, { json: h }),
  archiveHousehold: (id: number, version: number, reason: string) =>
    json<Household>('POST', `/households/${id}/archive`, { json: { version, reason } }),
  addEvent: (id: number, ev: EventInput) => json<HouseholdEvent>('POST', `/households/${id}/events`, { json: ev }),
  classify: (b: { standard: string; urban: boolean; income_monthly: number; deprivations: string[] }, signal?: AbortSignal) =>
    json<{ classification: ClassCode }>('POST', '/classify', { json: b, signal }),

  importHouseholds: (file: File, dryRun: boolean) =>
    json<ImportResult>('POST', '/households/import', { query: { dry_run: dryRun }, body: file, contentType: XLSX }),

  // Sign-in and the signed-in user.
  login: (email: string, password: string) => json<LoginResult>('POST', '/auth/login', { json: { email, password } }),
  logout: () => send('POST', '/auth/logout'),
  logoutAll: () => send('POST', '/auth/logout-all'),
  resetRequest: (email: string) => send('POST', '/auth/reset-request', { json: { email } }),
  resetPassword: (token: string, password: string) => send('POST', '/auth/reset', { json: { token, password } }),
  acceptInvite: (token: string, password: string) => json<LoginResult>('POST', '/auth/accept-invite', { json: { token, password } }),
  me: () => json<Me | FlatDetail>('GET', '/me').then((r) => unwrapDetail(r) as Me),
  updateMe: (b: { version: number; name: string; phone: string; lang: UserLang }) => json<User | { user: User }>('PUT', '/me', { json: b }).then(unwrapUser),
  changePassword: (current_password: string, new_password: string) => send('POST', '/me/password', { json: { current_password, new_password } }),
  tokens: () => json<{ items: ApiToken[] }>('GET', '/me/tokens').then((r) => r.items ?? []),
  createToken: (name: string, expires_in_days?: number) =>
    json<NewTokenBody>('POST', '/me/tokens', { json: expires_in_days ? { name, expires_in_days } : { name } }).then(unwrapToken),
  revokeToken: (id: number) => send('POST', `/me/tokens/${id}/revoke`),

  // Accounts (admins).
  users: (q: string, signal?: AbortSignal) => json<{ items: User[] }>('GET', '/users', { query: { q }, signal }).then((r) => r.items ?? []),
  user: (id: number) => json<UserDetail | FlatDetail>('GET', `/users/${id}`).then(unwrapDetail),
  createUser: (b: UserInput) =>
    json<(User | { user: User }) & Invitation>('POST', '/users', { json: b }).then((r) => ({
      user: unwrapUser(r),
      invitation_sent: r.invitation_sent === true,
      invitation_link: r.invitation_link ?? '',
    })),
  updateUser: (id: number, b: UserUpdate) => json<User | { user: User }>('PUT', `/users/${id}`, { json: b }).then(unwrapUser),
  resendInvite: (id: number) => json<Invitation>('POST', `/users/${id}/invite`),
  /** A unit's leader (or an admin of its area) brings a member into the unit. */
  inviteMember: (unitId: number, b: MemberInvite) => json<MemberInvited>('POST', `/units/${unitId}/invitations`, { json: b }),
  addGrant: (id: number, g: GrantInput) => send('POST', `/users/${id}/grants`, { json: g }),
  revokeGrant: (id: number, grantId: number) => send('POST', `/users/${id}/grants/${grantId}/revoke`),
  addMembership: (id: number, m: MembershipInput) => send('POST', `/users/${id}/memberships`, { json: m }),
  endMembership: (id: number, membershipId: number) => send('POST', `/users/${id}/memberships/${membershipId}/end`),
  units: (query: { area_id?: number; q?: string; kind?: string; archived?: boolean }, signal?: AbortSignal) =>
    json<{ items: Unit[] }>('GET', '/units', { query, signal }).then((r) => r.items ?? []),
  createUnit: (b: UnitInput) => json<Unit>('POST', '/units', { json: b }),
  updateUnit: (id: number, b: UnitInput) => json<Unit>('PUT', `/units/${id}`, { json: b }),
  /** Archives a unit (kept for history, never deleted); the body is only the version read. */
  archiveUnit: (id: number, version: number, reason = '') =>
    json<Unit>('POST', `/units/${id}/archive`, { json: reason ? { version, reason } : { version } }),

  // Audit trail and assignments.
  audit: (f: AuditFilters, signal?: AbortSignal) => json<AuditPage>('GET', '/audit', { query: f as Query, signal }),
  jobs: (signal?: AbortSignal) => json<JobsView>('GET', '/jobs', { signal }),
  assignments: (householdId: number) =>
    json<{ items: Assignment[] }>('GET', `/households/${householdId}/assignments`).then((r) => r.items ?? []),
  assign: (householdId: number, b: AssignmentInput) => send('POST', `/households/${householdId}/assignments`, { json: b }),

  // Assignments in bulk (chairs) and spreading a unit's households (chairs, the unit's leader).
  assignBulk: (b: BulkAssignInput) => json<BulkResult>('POST', '/assignments/bulk', { json: b }),
  previewBulk: (b: BulkAssignInput, signal?: AbortSignal) => json<BulkPreview>('POST', '/assignments/bulk/preview', { json: b, signal }),
  spread: (unitId: number, b: SpreadInput) => json<BulkResult>('POST', `/units/${unitId}/spread`, { json: b }),
  previewSpread: (unitId: number, b: SpreadInput, signal?: AbortSignal) => json<SpreadPlan>('POST', `/units/${unitId}/spread/preview`, { json: b, signal }),
  importAssignments: (file: File, dryRun: boolean) =>
    json<ImportResult>('POST', '/assignments/import', { query: { dry_run: dryRun }, body: file, contentType: XLSX }),
  unit: (id: number) => json<Unit>('GET', `/units/${id}`),
  unitMembers: (id: number, signal?: AbortSignal) =>
    json<{ items: UnitMember[] }>('GET', `/units/${id}/members`, { signal }).then((r) => r.items ?? []),
  unitHouseholds: (id: number, query: { q?: string; page?: number; per_page?: number }, signal?: AbortSignal) =>
    json<UnitHouseholdPage>('GET', `/units/${id}/households`, { query, signal }).then((r) => ({ ...r, items: r.items ?? [] })),
  /** The areas a unit is or was in charge of, current first. */
  unitAreas: (id: number, signal?: AbortSignal) =>
    json<{ items: AreaInCharge[] }>('GET', `/units/${id}/areas`, { signal }).then((r) => r.items ?? []),
  setUnitArea: (id: number, b: AreaInChargeInput) => json<AreaInCharge>('POST', `/units/${id}/areas`, { json: b }),

  // Support delivered and visits.
  supportMeta: () => json<SupportMeta>('GET', '/support/meta'),
  support: (f: SupportFilters, signal?: AbortSignal) =>
    json<SupportPage>('GET', '/support', { query: f as Query, signal }).then((r) => ({ ...r, items: r.items ?? [] })),
  createSupport: (b: SupportInput) => json<SupportRecord>('POST', '/support', { json: b }),
  uploadEvidence: (supportId: number, file: File) =>
    json<Evidence>('POST', `/support/${supportId}/evidence`, { query: { filename: file.name }, body: file, contentType: 'application/octet-stream' }),
  evidence: (supportId: number) => json<{ items: Evidence[] }>('GET', `/support/${supportId}/evidence`).then((r) => r.items ?? []),
  visits: (f: VisitFilters, signal?: AbortSignal) =>
    json<VisitPage>('GET', '/visits', { query: f as Query, signal }).then((r) => ({ ...r, items: r.items ?? [] })),
  createVisit: (b: VisitInput) => json<Visit>('POST', '/visits', { json: b }),
  taskSupport: (taskId: number, b: TaskSupportInput) =>
    json<{ record: SupportRecord; task: { id: number; status: string; version: number } }>('POST', `/tasks/${taskId}/support`, { json: b }),

  // Plans, targets and duties; their expansion into tasks.
  plans: (query: { area_id?: number; year?: number; archived?: boolean }, signal?: AbortSignal) =>
    json<{ items: PlanView[] }>('GET', '/plans', { query, signal }).then((r) => r.items ?? []),
  plan: (id: number) =>
    json<PlanDetail>('GET', `/plans/${id}`).then((d) => ({ ...d, targets: d.targets ?? [], duties: d.duties ?? [] })),
  createPlan: (b: PlanInput) => json<Plan>('POST', '/plans', { json: b }),
  updatePlan: (id: number, b: PlanInput) => json<Plan>('PUT', `/plans/${id}`, { json: b }),
  archivePlan: (id: number, version: number) => json<Plan>('POST', `/plans/${id}/archive`, { json: { version } }),
  setTargets: (id: number, version: number, targets: TargetInput[]) =>
    json<PlanDetail>('PUT', `/plans/${id}/targets`, { json: { version, targets } }),
  addDuty: (planId: number, b: DutyInput) => json<{ duty: DutyView; expansion: ExpandSummary }>('POST', `/plans/${planId}/duties`, { json: b }),
  updateDuty: (planId: number, dutyId: number, b: DutyInput) =>
    json<{ duty: DutyView; expansion: ExpandSummary }>('PUT', `/plans/${planId}/duties/${dutyId}`, { json: b }),
  expandPlan: (id: number) => json<ExpandSummary>('POST', `/plans/${id}/expand`),

  // Tasks and the working lists.
  tasks: (f: TaskFilters, signal?: AbortSignal) =>
    json<TaskPage>('GET', '/tasks', { query: f as Query, signal }).then((r) => ({ ...r, items: r.items ?? [] })),
  task: (id: number) => json<Task>('GET', `/tasks/${id}`),
  updateTask: (id: number, b: { version: number; status: TaskStatus; note?: string }) => json<Task>('PUT', `/tasks/${id}`, { json: b }),
  unvisited: (query: { area_id?: number; unit_id?: number | null; class?: string; page?: number; per_page?: number }, signal?: AbortSignal) =>
    json<UnvisitedPage>('GET', '/unvisited-households', { query, signal }).then((r) => ({ ...r, items: r.items ?? [] })),

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
