// A tiny hash router: "#/households/7?x=1" → { path: ['households', '7'], query }.
// `seq` changes on every navigation, so screens can be keyed on it and remount.
import { writable } from 'svelte/store';

export interface Route {
  path: string[];
  query: URLSearchParams;
  seq: number;
}

let seq = 0;

function parse(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const qi = h.indexOf('?');
  const p = qi >= 0 ? h.slice(0, qi) : h;
  const q = qi >= 0 ? h.slice(qi + 1) : '';
  return {
    path: p.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(q),
    seq: ++seq,
  };
}

export const route = writable<Route>(parse(location.hash));

// The address the route was last read from. navigate() and redirect() update
// the route at once (so code running right after sees the new screen); the
// hashchange event that follows is then a no-op.
let current = location.hash;
function sync() {
  if (location.hash === current) return;
  current = location.hash;
  route.set(parse(current));
}
window.addEventListener('hashchange', sync);

/** Builds "#/a/b?k=v", leaving out empty query values. */
export function href(path: string, query?: Record<string, string | number | boolean | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== '' && v != null && v !== false) qs.set(k, String(v));
  }
  const s = qs.toString();
  return '#' + path + (s ? '?' + s : '');
}

/** Goes to a new screen (adds a history entry). */
export function navigate(to: string): void {
  location.hash = to;
  sync();
}

/**
 * Replaces the address without a new history entry and without remounting the
 * screen: used to remember list filters so "back" returns to the same list.
 */
export function replaceQuietly(to: string): void {
  history.replaceState(history.state, '', to);
  current = location.hash;
}

/** Goes to another screen in place of this one (no history entry): redirects. */
export function redirect(to: string): void {
  location.replace(to);
  sync();
}
