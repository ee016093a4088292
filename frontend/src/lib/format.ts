// Display formats, written by hand so they look the same on every phone
// whatever its Intl data. Dates are dd/mm/yyyy in both languages; numbers
// follow the UI language: Vietnamese 11.176 / 0,45% / 1.500.000 ₫, English
// 11,176 / 0.45% / VND 1,500,000. Each formatter reads the language through
// a Svelte store, so a template calling formatCount(n) re-renders when the
// language changes; the pure variants take the language as an argument.
import { fromStore } from 'svelte/store';
import { lang, type Lang } from './i18n';

const DASH = '—';

const current = fromStore(lang);
/** The UI language now (reactive inside templates and $derived). */
const L = (): Lang => current.current;

/** 11176 → "11.176" (vi) or "11,176" (en). */
export function countIn(l: Lang, n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  const s = Math.trunc(Math.abs(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, l === 'en' ? ',' : '.');
  return n < 0 ? '-' + s : s;
}

/** 1500000 → "1.500.000 ₫" (vi) or "VND 1,500,000" (en), with a non-breaking space. */
export function vndIn(l: Lang, n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  return l === 'en' ? 'VND\u00a0' + countIn(l, n) : countIn(l, n) + '\u00a0₫';
}

/** part/whole as a percentage: 50/11176 → "0,45%" (vi) or "0.45%" (en). */
export function percentIn(l: Lang, part: number, whole: number | null | undefined, digits = 2): string {
  if (!whole) return DASH;
  const s = ((part * 100) / whole).toFixed(digits);
  return (l === 'en' ? s : s.replace('.', ',')) + '%';
}

/** A count in the UI language: 11176 → "11.176" / "11,176". */
export const formatCount = (n: number | null | undefined): string => countIn(L(), n);
/** Money in the UI language: "1.500.000 ₫" / "VND 1,500,000". */
export const formatVND = (n: number | null | undefined): string => vndIn(L(), n);
/** A rate in the UI language: "0,45%" / "0.45%". */
export const formatPercent = (part: number, whole: number | null | undefined, digits = 2): string => percentIn(L(), part, whole, digits);

/** A rate in basis points (phần vạn) as a percentage without trailing zeros: 31 → "0,31%" / "0.31%", 9000 → "90%". */
export function rateIn(l: Lang, bp: number | null | undefined): string {
  if (bp == null || !Number.isFinite(bp)) return DASH;
  const s = (bp / 100).toFixed(2).replace(/\.?0+$/, '');
  return (l === 'en' ? s : s.replace('.', ',')) + '%';
}
/** A rate in basis points in the UI language (see rateIn). */
export const formatRate = (bp: number | null | undefined): string => rateIn(L(), bp);

const ROMAN = ['I', 'II', 'III', 'IV'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The name of a period from its key (the server's task.period):
 * "2026" → "Năm 2026" / "2026"; "2026-S1" → "6 tháng đầu năm 2026" / "H1 2026";
 * "2026-Q3" → "Quý III/2026" / "Q3 2026"; "2026-03" → "Tháng 3/2026" / "March 2026";
 * "2018-once" → "Năm 2018 (một lần)" / "2018 (once)". An unknown key is shown as it is.
 */
export function periodLabel(key: string | null | undefined, l: Lang): string {
  if (!key) return DASH;
  let m = /^(\d{4})$/.exec(key);
  if (m) return l === 'en' ? m[1] : `Năm ${m[1]}`;
  if ((m = /^(\d{4})-once$/.exec(key))) return l === 'en' ? `${m[1]} (once)` : `Năm ${m[1]} (một lần)`;
  if ((m = /^(\d{4})-S([12])$/.exec(key))) {
    if (l === 'en') return `H${m[2]} ${m[1]}`;
    return `6 tháng ${m[2] === '1' ? 'đầu' : 'cuối'} năm ${m[1]}`;
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return l === 'en' ? `Q${m[2]} ${m[1]}` : `Quý ${ROMAN[+m[2] - 1]}/${m[1]}`;
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key))) return l === 'en' ? `${MONTHS_EN[+m[2] - 1]} ${m[1]}` : `Tháng ${+m[2]}/${m[1]}`;
  return key;
}

/** The name of a period in the UI language (see periodLabel). */
export const formatPeriod = (key: string | null | undefined): string => periodLabel(key, L());

const pad = (n: number) => (n < 10 ? '0' : '') + n;

// Vietnam keeps UTC+7 all year (no daylight saving): Asia/Ho_Chi_Minh
// without depending on the phone's time-zone data.
const VN_OFFSET_MS = 7 * 3600 * 1000;

/**
 * "2018-06-30" → "30/06/2018". A timestamp ("2026-01-02T03:04:05Z") is shown
 * in Vietnam's time (Asia/Ho_Chi_Minh) as "02/01/2026 10:04".
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const t = new Date(iso).getTime();
  if (isNaN(t)) return iso;
  const d = new Date(t + VN_OFFSET_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "2026-01-02" (ISO) → "02/01/2026" for a date input; "" stays "". */
export function isoToDMY(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** Today as dd/mm/yyyy, the default of date inputs. */
export function todayDMY(now = new Date()): string {
  const d = new Date(now.getTime() + VN_OFFSET_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * Parses a date typed by a person: "30/06/2018", "30-6-2018", "30.06.2018"
 * or ISO "2018-06-30". Returns ISO yyyy-mm-dd, or null when it is not a real date.
 */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    d = +m[1];
    mo = +m[2];
    y = +m[3];
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    y = +m[1];
    mo = +m[2];
    d = +m[3];
  } else {
    return null;
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** "1.500.000", "1 500 000 ₫" or "1500000" → 1500000; null when not a whole number ≥ 0. */
export function parseWhole(input: string): number | null {
  const s = input.replace(/[\s.,₫đ\u00a0]/gi, '');
  if (!/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}
