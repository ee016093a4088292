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
