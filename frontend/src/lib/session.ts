// The signed-in user: GET /me once at start (the cookie survives a reload, the
// CSRF token lives only in memory), what they may do, sign-in and sign-out.
// Any 401 from the API ends the session here and goes to the sign-in screen,
// remembering where the user was so they come back after signing in.
import { derived, get, writable } from 'svelte/store';
import { api, ApiError, onUnauthorized, setCsrfToken, type LoginResult, type Me, type Permissions, type User } from './api';
import { clearAllDrafts } from './draft';
import { lang, type Lang } from './i18n';
import { navigate, route } from './router';

/** null: signed out (or not known yet, see `sessionState`). */
export const me = writable<Me | null>(null);
/** 'unknown' until the first GET /me has answered. */
export const sessionState = writable<'unknown' | 'in' | 'out'>('unknown');

const NONE: Permissions = { read_households: false, write_register: false, assign: false, read_audit: false, manage_accounts: false };

/** `$can.write_register` etc.: what the signed-in user may do somewhere. */
export const can = derived(me, (m) => ({ ...NONE, ...(m?.permissions ?? {}) }));

/**
 * A user with no area grant, only unit memberships (a party member, a cell
 * leader): their household list is "my households", and it is their home.
 */
export const onlyMember = derived(me, (m) => !!m && (m.grants ?? []).length === 0);

/**
 * Chairs and officers enter plans, targets and duties (a unit's leader, who
 * may assign within the unit, does not).
 */
export const mayManagePlans = derived(me, (m) => !!m && (m.grants ?? []).length > 0 && !!(m.permissions?.assign || m.permissions?.write_register));

/**
 * Admins and chairs put units in charge of areas (the assign right on an
 * area: a unit's leader, who may assign within the unit, does not); the
 * server checks the area itself.
 */
export const mayAssignAreas = derived(me, (m) => (m?.grants ?? []).some((g) => (g.role === 'admin' || g.role === 'chair') && !g.revoked_at));

/** Whole-country admins look after the server itself (scheduled jobs). */
export const operator = derived(me, (m) => (m?.grants ?? []).some((g) => g.role === 'admin' && g.area_id == null && !g.revoked_at));

/** The names of the areas whose accounts the user manages (admin grants). */
export const adminAreas = derived(me, (m) => (m?.grants ?? []).filter((g) => g.role === 'admin' && !g.revoked_at && g.area_id != null).map((g) => g.area_name));

/** Whether the user may invite members into this unit: its leader, or an admin (the server checks the area). */
export function mayInvite(m: Me | null, unitId: number): boolean {
  if (!m) return false;
  return !!m.permissions?.manage_accounts || (m.memberships ?? []).some((x) => x.unit_id === unitId && x.role === 'leader' && !x.ended_at);
}

/** Screens anyone may open without signing in. */
export const PUBLIC = new Set(['login', 'forgot', 'reset-password', 'accept-invite']);

/** The screen a user lands on after signing in. */
export function home(m: Me | null): string {
  if (!m) return '#/login';
  if ((m.grants ?? []).length === 0 && m.permissions?.read_households) return '#/households';
  return '#/areas';
}

function setMe(m: Me | null) {
  if (m) {
    m.grants ??= [];
    m.memberships ??= [];
  }
  setCsrfToken(m?.csrf_token ?? '');
  me.set(m);
  sessionState.set(m ? 'in' : 'out');
}

function applyLang(u: User | undefined) {
  if (u && (u.lang === 'vi' || u.lang === 'en') && u.lang !== get(lang)) lang.set(u.lang);
}

/** The address to come back to: the current screen, unless it is a public one. */
function currentTarget(): string {
  const r = get(route);
  if (!r.path.length || PUBLIC.has(r.path[0])) return '';
  const h = location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '';
}

/** The sign-in address that returns to `next` afterwards. */
export function loginHref(next = currentTarget()): string {
  return '#/login' + (next ? '?next=' + encodeURIComponent(next) : '');
}

/** A safe "next" from the sign-in address: an in-app path, not a public screen. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '';
  const first = next.slice(1).split(/[/?]/)[0];
  return PUBLIC.has(first) ? '' : '#' + next;
}

// The session ended (expired, signed out elsewhere, account deactivated):
// the shell then sends the user to sign in, and back here afterwards.
onUnauthorized(() => setMe(null));

/** Reads GET /me: signed in or not. Other failures (network) are thrown. */
export async function loadMe(): Promise<Me | null> {
  try {
    const m = await api.me();
    setMe(m);
    applyLang(m.user);
    return m;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setMe(null);
      return null;
    }
    throw e;
  }
}

/** After login or an accepted invitation: keep the token, then read permissions. */
export async function startSession(r: LoginResult): Promise<Me | null> {
  setCsrfToken(r.csrf_token);
  applyLang(r.user);
  return loadMe();
}

export async function signIn(email: string, password: string): Promise<Me | null> {
  return startSession(await api.login(email, password));
}

/** Signs out here (or everywhere) and returns to the sign-in screen. */
export async function signOut(everywhere = false): Promise<void> {
  try {
    await (everywhere ? api.logoutAll() : api.logout());
  } finally {
    clearAllDrafts();
    setMe(null);
    navigate('#/login');
  }
}

/** Keeps the user in the session up to date after they changed their account. */
export function updateUser(u: User): void {
  me.update((m) => (m ? { ...m, user: u } : m));
}

/**
 * Switches the UI language and, when signed in, saves it to the account
 * (e-mails follow it too). A failed save only leaves the account as it was.
 */
export async function switchLang(l: Lang): Promise<void> {
  lang.set(l);
  const m = get(me);
  if (!m || m.user.lang === l) return;
  try {
    updateUser(await api.updateMe({ version: m.user.version, name: m.user.name, phone: m.user.phone, lang: l }));
  } catch {
    /* not fatal: the UI is switched; the account keeps its language */
  }
}
