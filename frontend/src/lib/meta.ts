// Reference data from GET /api/v1/meta (codes and their labels), loaded once,
// and label look-ups in the current language.
import { derived, writable } from 'svelte/store';
import { api, type Labelled, type Meta } from './api';
import { lang, type Lang } from './i18n';

export const meta = writable<Meta | null>(null);

let loading: Promise<Meta> | null = null;

/** Loads the meta once; a failed load can be retried by calling again. */
export function loadMeta(): Promise<Meta> {
  if (!loading) {
    loading = api.meta().then(
      (m) => {
        meta.set(m);
        return m;
      },
      (e: unknown) => {
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}

export function pick(item: Labelled | undefined, l: Lang, fallback: string): string {
  if (!item) return fallback;
  return (l === 'en' ? item.label_en : item.label_vi) || fallback;
}

function finder<T extends Labelled>(list: T[] | undefined, key: (x: T) => string, l: Lang) {
  const m = new Map<string, T>();
  for (const x of list ?? []) m.set(key(x), x);
  return (code: string | null | undefined) => (code ? pick(m.get(code), l, code) : '—');
}

/** `$labels.cls('poor')` → "Hộ nghèo" / "Poor", following the language. */
export const labels = derived([meta, lang], ([m, l]) => ({
  areaKind: finder(m?.area_kinds, (x) => x.kind, l),
  unitKind: finder(m?.unit_kinds, (x) => x.kind, l),
  cls: finder(m?.classes, (x) => x.code, l),
  standard: finder(m?.standards, (x) => x.code, l),
  indicator: finder(m?.indicators, (x) => x.code, l),
  dimension: finder(m?.dimensions, (x) => x.code, l),
  cause: finder(m?.causes, (x) => x.code, l),
  flag: finder(m?.flags, (x) => x.code, l),
  // The plan's vocabulary: how often a duty recurs, kinds of target, coverage indicators.
  frequency: finder(m?.frequencies, (x) => x.code, l),
  targetKind: finder(m?.target_kinds, (x) => x.code, l),
  coverage: finder(m?.coverage_indicators, (x) => x.code, l),
  pick: (x: Labelled | undefined, fallback: string) => pick(x, l, fallback),
}));
