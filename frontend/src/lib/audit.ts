// The audit trail in words: which fields an entry changed (old → new), labels
// of fields, actions and entities, and values shown the way the rest of the UI
// shows them (classes, indicators, dates, VND).
import { formatDate, formatPeriod, formatVND } from './format';
import { hasKey, type Key } from './i18n';

export const ENTITIES = ['household', 'area', 'unit', 'user', 'grant', 'membership', 'assignment', 'session', 'api_token'];
export const ACTIONS = [
  'create',
  'update',
  'archive',
  'event',
  'assign',
  'import',
  'export',
  'reparent',
  'merge',
  'login',
  'login_failed',
  'logout',
  'grant',
  'revoke',
];

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const empty = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);

// Bookkeeping (ids, versions, timestamps of the row): shown only when nothing else changed.
const NOISE = new Set(['id', 'version', 'created_at', 'updated_at']);

/**
 * The fields that differ between before and after. A creation lists the
 * fields it set, a removal the fields the entity had; empty values are skipped.
 */
export function diff(before: unknown, after: unknown): FieldChange[] {
  const b: Obj = isObj(before) ? before : {};
  const a: Obj = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const out: FieldChange[] = [];
  for (const k of keys) {
    if (same(b[k], a[k])) continue;
    if (empty(b[k]) && empty(a[k])) continue;
    out.push({ field: k, before: b[k], after: a[k] });
  }
  const real = out.filter((c) => !NOISE.has(c.field));
  return real.length ? real : out;
}

const FIELD_KEYS: Record<string, Key> = {
  code: 'f_code',
  head_name: 'f_head_name',
  address: 'f_address',
  area_id: 'f_area',
  area_name: 'f_area',
  members: 'f_members',
  urban: 'f_urban',
  income_monthly: 'f_income',
  deprivations: 'f_deprivations',
  causes: 'f_causes',
  flags: 'f_flags',
  standard: 'f_standard',
  classification: 'f_classification',
  classification_year: 'f_year',
  year: 'f_year',
  note: 'f_note',
  archived_at: 'f_archived',
  archive_reason: 'f_archive_reason',
  created_at: 'f_created',
  updated_at: 'f_updated',
  name: 'f_name',
  email: 'f_email',
  phone: 'f_phone',
  lang: 'f_lang',
  active: 'f_active',
  role: 'grant_role',
  unit_id: 'membership_unit',
  unit_name: 'membership_unit',
  user_id: 'assign_person_label',
  user_name: 'assign_person_label',
  is_primary: 'f_is_primary',
  valid_from: 'col_since',
  valid_to: 'col_until',
  revoked_at: 'status_revoked',
  ended_at: 'col_until',
  event_date: 'event_date',
  to_class: 'event_to_class',
  decision_no: 'col_decision',
  reason: 'col_reason',
  expires_at: 'col_expires',
  last_login_at: 'col_last_login',
};

/** The label key of a field, or null to show the field's own name. */
export function fieldKey(field: string): Key | null {
  return FIELD_KEYS[field] ?? null;
}

/** "action_update" for "update", or null when there is no label. */
export function actionKey(action: string): Key | null {
  const k = 'action_' + action;
  return hasKey(k) ? k : null;
}

export function entityKey(entity: string): Key | null {
  const k = 'entity_' + entity;
  return hasKey(k) ? k : null;
}

export interface ValueLabels {
  cls: (c: string) => string;
  indicator: (c: string) => string;
  cause: (c: string) => string;
  flag: (c: string) => string;
  standard: (c: string) => string;
  yes: string;
  no: string;
  role: (r: string) => string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value of a field in words: "Hộ nghèo", "1.500.000 ₫", "30/06/2018", "Có". */
export function showValue(field: string, v: unknown, l: ValueLabels): string {
  if (v == null || v === '') return '—';
  if (typeof v === 'boolean') return v ? l.yes : l.no;
  if (Array.isArray(v)) {
    if (!v.length) return '—';
    const f = field === 'deprivations' ? l.indicator : field === 'causes' ? l.cause : field === 'flags' ? l.flag : null;
    return v.map((x) => (f && typeof x === 'string' ? f(x) : typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  }
  if (typeof v === 'number') return field.startsWith('income') || field.endsWith('_vnd') ? formatVND(v) : String(v);
  if (typeof v === 'string') {
    if (field === 'classification' || field === 'to_class' || field === 'from_class') return l.cls(v);
    if (field === 'standard') return l.standard(v);
    if (field === 'role') return l.role(v);
    if (field === 'period') return formatPeriod(v);
    if (TIMESTAMP.test(v) || DATE.test(v)) return formatDate(v);
    return v;
  }
  return JSON.stringify(v);
}

/** A short name for the entity of an entry, from its before/after state. */
export function entityName(before: unknown, after: unknown): string {
  const o: Obj = isObj(after) ? after : isObj(before) ? before : {};
  const name = [o.head_name, o.name, o.email, o.unit_name, o.area_name].find((x) => typeof x === 'string' && x) as string | undefined;
  const code = typeof o.code === 'string' && o.code ? o.code : '';
  return [name, code && code !== name ? `(${code})` : ''].filter(Boolean).join(' ');
}
