// Vietnamese display formats, written by hand so they look the same on every
// phone whatever its Intl data: dates dd/mm/yyyy, dot thousands separators,
// comma decimals.

const DASH = '—';

/** 11176 → "11.176". */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  const s = Math.trunc(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return n < 0 ? '-' + s : s;
}

/** 1500000 → "1.500.000 ₫" (non-breaking space before the sign). */
export function formatVND(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  return formatCount(n) + '\u00a0₫';
}

/** part/whole as a percentage with comma decimals: 50/11176 → "0,45%". */
export function formatPercent(part: number, whole: number | null | undefined, digits = 2): string {
  if (!whole) return DASH;
  return ((part * 100) / whole).toFixed(digits).replace('.', ',') + '%';
}

const pad = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * "2018-06-30" → "30/06/2018". A timestamp ("2026-01-02T03:04:05Z") is shown
 * in the browser's time zone as "02/01/2026 10:04".
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today as dd/mm/yyyy, the default of date inputs. */
export function todayDMY(now = new Date()): string {
  return `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
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
