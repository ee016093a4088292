// Support types and funding sources (GET /support/meta), loaded once when a
// support form first opens, and their labels in the current language.
import { derived, writable } from 'svelte/store';
import { api, type SupportMeta } from './api';
import { lang } from './i18n';
import { pick } from './meta';

export const supportMeta = writable<SupportMeta | null>(null);

let loading: Promise<SupportMeta> | null = null;

/** Loads the support meta once; a failed load can be retried by calling again. */
export function loadSupportMeta(): Promise<SupportMeta> {
  loading ??= api.supportMeta().then(
    (m) => {
      supportMeta.set(m);
      return m;
    },
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** `$supportLabels.type('cash')` → "Tiền mặt" / "Cash". */
export const supportLabels = derived([supportMeta, lang], ([m, l]) => {
  const label = (list: SupportMeta['types'] | undefined) => (code: string) => pick(list?.find((x) => x.code === code), l, code);
  return { type: label(m?.types), source: label(m?.funding_sources) };
});
