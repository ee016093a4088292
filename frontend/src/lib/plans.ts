// Words for plans and duties: frequencies, kinds of target, the seven
// coverage indicators, rates typed as percentages. The codes are the API's;
// the labels are the UI's (the API has no endpoint for them) and load with
// the plan screens (i18n-plan.ts).
import type { Frequency, TargetKind } from './api';
import { hasKey, type Key } from './i18n';
import './i18n-plan';

export const FREQUENCIES: Frequency[] = ['once', 'monthly', 'quarterly', 'six_monthly', 'yearly'];
export const TARGET_KINDS: TargetKind[] = ['poor_reduction', 'near_poor_reduction', 'poor_remaining', 'near_poor_remaining', 'coverage'];

/** The coverage targets of seed 001 (plan.CoverageIndicators on the server). */
export const COVERAGE: string[] = ['health_insurance', 'child_schooling', 'adequate_housing', 'clean_water', 'latrine', 'telecom', 'information_assets'];

export const frequencyKey = (f: string): Key => (hasKey('freq_' + f) ? ('freq_' + f) as Key : 'freq_once');
export const targetKey = (k: string): Key => (hasKey('target_' + k) ? ('target_' + k) as Key : 'target_coverage');
export const coverageKey = (c: string): Key | null => (hasKey('cov_' + c) ? ('cov_' + c) as Key : null);

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
