// Roles of accounts and their labels, and look-ups of units and users for
// the pickers (SearchPicker).
import type { Choice } from '../components/SearchPicker.svelte';
import { api, type GrantRole, type UnitRole } from './api';
import { hasKey, type Key } from './i18n';

export const GRANT_ROLES: GrantRole[] = ['admin', 'officer', 'chair', 'viewer'];
export const UNIT_ROLES: UnitRole[] = ['leader', 'member'];

/** "role_chair" for "chair", or null for an unknown role. */
export function roleKey(role: string): Key | null {
  const k = 'role_' + role;
  return hasKey(k) ? k : null;
}

/** Units whose name or code contains q, as picker choices. */
export async function searchUnits(q: string, signal: AbortSignal, kindLabel: (k: string) => string): Promise<Choice[]> {
  const units = await api.units({ q }, signal);
  return units
    .filter((u) => !u.archived_at)
    .slice(0, 50)
    .map((u) => ({ id: u.id, name: u.name, detail: [kindLabel(u.kind), u.code].filter(Boolean).join(' · ') }));
}

/** Users whose name, email or phone contains q, as picker choices. */
export async function searchUsers(q: string, signal: AbortSignal): Promise<Choice[]> {
  const users = await api.users(q, signal);
  return users.slice(0, 50).map((u) => ({ id: u.id, name: u.name || u.email, detail: u.email }));
}
