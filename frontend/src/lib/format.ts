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
