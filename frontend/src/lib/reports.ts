// Periodic reports (báo cáo định kỳ): the API's types and calls, and the
// words and numbers the report screens show per language (period names,
// "quá hạn N ngày", rates from basis points).
import { json, type Me } from './api';
import { countIn, periodLabel, vndIn } from './format';
import type { Lang } from './i18n';

export type ReportStatus = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved';

export interface ReportItem {
  id: number;
  obligation_id: number;
  obligation_name: string;
  unit_id: number;
  unit_name: string;
  period: string;
  period_start: string;
  period_end: string;
  window_from: string;
  window_to: string;
  due_on: string;
  status: ReportStatus;
  results: string;
  difficulties: string;
  causes: string;
  proposals: string;
  reason: string;
  submitted_at: string | null;
  on_time: boolean | null;
  approved_at: string | null;
  overdue: boolean;
  version: number;
  updated_at: string;
}

export interface Balance {
  start: number;
  new: number;
  refallen: number;
  escaped: number;
  end: number;
}

export interface Figures {
  households: number;
  classes_start: Record<string, number>;
  classes_end: Record<string, number>;
  poor: Balance;
  near_poor: Balance;
  households_helped: number;
  visits: number;
  households_visited: number;
  support: { type: string; funding_source: string; count: number; vnd: number }[];
  support_vnd: number;
  tasks_due: number;
  tasks_done: number;
  tasks_overdue: number;
}

export interface ReportDetail extends ReportItem {
  figures: Figures;
  frozen: boolean;
  changes: { figure: string; submitted: number; now: number }[];
  /** For a unit that also receives reports: what it received for the period. */
  consolidation?: { expected: number; submitted: number; missing: { id: number; name: string }[] | null } | null;
}

export interface ReportEvent {
  id: number;
  from_status: ReportStatus;
  to_status: ReportStatus;
  reason: string;
  user_name: string;
  at: string;
}

export interface Completeness {
  period: string;
  obligation_id: number;
  obligation_name: string;
  expected: number;
  submitted: number;
  on_time: number;
  approved: number;
  overdue: number;
  submitted_bp: number;
  on_time_bp: number;
}

export interface ReportFilters {
  period?: string;
  unit_id?: number;
  status?: ReportStatus | '';
  overdue?: boolean;
  due_from?: string;
  due_to?: string;
  received?: boolean;
  page?: number;
  per_page?: number;
}

export interface SectionsInput {
  results: string;
  difficulties: string;
  causes: string;
  proposals: string;
}

/** Lists the server may send as null, as arrays. */
const whole = (d: ReportDetail): ReportDetail => ({ ...d, changes: d.changes ?? [], figures: { ...d.figures, support: d.figures?.support ?? [] } });

const step = (id: number, name: string, version: number, reason?: string) =>
  json<ReportDetail>('POST', `/reports/${id}/${name}`, { json: reason === undefined ? { version } : { version, reason } }).then(whole);

export const reportsApi = {
  list: (f: ReportFilters, signal?: AbortSignal) =>
    json<{ items: ReportItem[] | null; total: number }>('GET', '/reports', { query: { ...f }, signal }).then((r) => ({ items: r.items ?? [], total: r.total })),
  get: (id: number) => json<ReportDetail>('GET', `/reports/${id}`).then(whole),
  save: (id: number, version: number, s: SectionsInput) => json<ReportDetail>('PUT', `/reports/${id}`, { json: { ...s, version } }).then(whole),
  submit: (id: number, version: number) => step(id, 'submit', version),
  approve: (id: number, version: number) => step(id, 'approve', version),
  return: (id: number, version: number, reason: string) => step(id, 'return', version, reason),
  reopen: (id: number, version: number, reason: string) => step(id, 'reopen', version, reason),
  /** The steps of the workflow (a saved draft that stays a draft is not a step). */
  events: (id: number) =>
    json<{ items: ReportEvent[] | null }>('GET', `/reports/${id}/events`).then((r) => (r.items ?? []).filter((e) => e.from_status !== e.to_status)),
  obligation: (id: number) => json<{ recipients: { id: number; name: string }[] | null }>('GET', `/report-obligations/${id}`),
  completeness: (period: string, signal?: AbortSignal) =>
    json<{ items: Completeness[] | null }>('GET', '/reports/completeness', { query: { period }, signal }).then((r) => r.items ?? []),
  calendar: () => json<{ url: string; created_at: string }>('GET', '/me/calendar'),
  resetCalendar: () => json<{ url: string; created_at: string }>('POST', '/me/calendar/reset'),
};

/** The document's and the figures' addresses (GET with the session's cookie). */
export const pdfHref = (id: number) => `/api/v1/reports/${id}/pdf`;
export const xlsxHref = (id: number) => `/api/v1/reports/${id}/xlsx`;

/** Whether the user writes reports somewhere or receives them (the menu's "Báo cáo"). */
export function mayReport(m: Me | null): boolean {
  if (!m) return false;
  const grant = (m.grants ?? []).some((g) => !g.revoked_at && (g.role === 'admin' || g.role === 'officer' || g.role === 'chair'));
  return grant || (m.memberships ?? []).some((x) => x.role === 'leader' && !x.ended_at);
}

/** Whether the user leads the reporting unit (writes and submits its reports). */
export function leads(m: Me | null, unitId: number): boolean {
  return (m?.memberships ?? []).some((x) => x.unit_id === unitId && x.role === 'leader' && !x.ended_at);
}

/** Whether the user approves reports somewhere (a chair or an administrator of an area). */
export function approves(m: Me | null): boolean {
  return (m?.grants ?? []).some((g) => !g.revoked_at && (g.role === 'admin' || g.role === 'chair'));
}


/** A period key by its name (GLOSSARY): the one periodLabel of lib/format.ts. */
export const periodName = (key: string, l: Lang): string => periodLabel(key, l);

/** The periods of a year, in the order of the year (months left out). */
export function periodsOf(year: number): string[] {
  return [`${year}-Q1`, `${year}-Q2`, `${year}-S1`, `${year}-Q3`, `${year}-Q4`, `${year}-S2`, `${year}`];
}

/** A whole number per language: 11176 → "11.176" / "11,176" (lib/format.ts). */
export const num = (n: number | null | undefined, l: Lang): string => countIn(l, n);

/** Money per language: "1.500.000 ₫" / "VND 1,500,000" (lib/format.ts). */
export const vnd = (n: number, l: Lang): string => vndIn(l, n);

/** Basis points as a rate, always with two decimals for a table's column: 8333 → "83,33%" / "83.33%". */
export function rate(bp: number, l: Lang): string {
  const s = (bp / 100).toFixed(2);
  return (l === 'en' ? s : s.replace('.', ',')) + '%';
}

/** Today in Vietnam (UTC+7 all year) as yyyy-mm-dd. */
export function todayISO(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Whole days from the due day to today (0 when not past). */
export function daysLate(dueOn: string, today = todayISO()): number {
  const d = (Date.parse(today) - Date.parse(dueOn)) / 86400000;
  return d > 0 ? Math.round(d) : 0;
}

/** "hh:mm" of a moment in Vietnam's time. */
export function clock(d: Date): string {
  return new Date(d.getTime() + 7 * 3600 * 1000).toISOString().slice(11, 16);
}

const FIGURES: Record<string, [vi: string, en: string]> = {
  households: ['Hộ phụ trách', 'Households in charge'],
  poor: ['Hộ nghèo', 'Poor households'],
  near_poor: ['Hộ cận nghèo', 'Near-poor households'],
  start: ['đầu kỳ', 'start'],
  new: ['phát sinh mới', 'new'],
  refallen: ['tái nghèo', 'fell back'],
  escaped: ['thoát', 'escaped'],
  end: ['cuối kỳ', 'end'],
  households_helped: ['Hộ được hỗ trợ', 'Households helped'],
  visits: ['Lượt thăm hỏi', 'Visits'],
  households_visited: ['Hộ được thăm hỏi', 'Households visited'],
  support_vnd: ['Tổng giá trị hỗ trợ', 'Support in all'],
  tasks_done: ['Công việc đã xong', 'Tasks done'],
};

/** A changed figure's name ("poor.end" → "Hộ nghèo – cuối kỳ"). */
export function figureName(key: string, l: Lang): string {
  const i = l === 'en' ? 1 : 0;
  return key
    .split('.')
    .map((p) => FIGURES[p]?.[i] ?? p)
    .join(' – ');
}
