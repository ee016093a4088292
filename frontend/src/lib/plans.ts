// Rates of plan targets typed as percentages. The plan's vocabulary
// (frequencies, kinds of target, the coverage indicators) and its labels come
// from GET /api/v1/meta: `$meta.frequencies`, `$labels.frequency(code)` etc.

/** Basis points as a percentage with a comma: 31 → "0,31", 9000 → "90". */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp == null) return '';
  const s = (bp / 100).toFixed(2).replace(/\.?0+$/, '');
  return s.replace('.', ',');
}

/** "0,31" or "0.31" or "90" (percent) → 31 or 9000 basis points; null when not a number in 0–100. */
export function percentToBp(input: string): number | null {
  const s = input.trim().replace('%', '').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const bp = Math.round(Number(s) * 100);
  return bp <= 10_000 ? bp : null;
}

/** A period of a duty within its plan's year: its key (as the server names it) and its days. */
export interface DutyPeriod {
  key: string;
  start: string;
  end: string;
}

const iso = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.toISOString().slice(0, 10);
};

/**
 * The periods of a recurring frequency within year, in order — the same as
 * the server's plan.Periods: "2026", "2026-S1", "2026-Q3", "2026-03".
 */
export function periodsOf(frequency: string, year: number): DutyPeriod[] {
  const span = (key: string, from: number, months: number): DutyPeriod => ({ key, start: iso(year, from, 1), end: iso(year, from + months, 0) });
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  switch (frequency) {
    case 'yearly':
      return [span(String(year), 1, 12)];
    case 'six_monthly':
      return [1, 2].map((s) => span(`${year}-S${s}`, 1 + 6 * (s - 1), 6));
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => span(`${year}-Q${q}`, 1 + 3 * (q - 1), 3));
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => span(`${year}-${two(i + 1)}`, i + 1, 1));
    default:
      return [];
  }
}

/**
 * The due day of a task of period p for a duty due daysBefore days before
 * the period's last day — never before its first day (the server's rule).
 */
export function dueIn(p: DutyPeriod, daysBefore: number): string {
  const [y, m, d] = p.end.split('-').map(Number);
  const due = iso(y, m, d - daysBefore);
  return due < p.start ? p.start : due;
}
