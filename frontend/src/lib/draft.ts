// Drafts of the quick forms a member fills on a phone (a visit, a support
// delivery), kept in localStorage until sent: a phone that reloads the tab
// (low memory, a dropped connection, a call) does not lose what was typed.
// Sign-out clears them all (they may name a household's circumstances).

const PREFIX = 'chungtay.draft.';

export function loadDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const s = localStorage.getItem(PREFIX + key);
    return s ? (JSON.parse(s) as Partial<T>) : null;
  } catch {
    return null; // storage disabled or a damaged value: start empty
  }
}

export function saveDraft(key: string, value: object): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the form still works, only not kept */
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    /* nothing to clear */
  }
}

/** Forgets every draft (at sign-out). */
export function clearAllDrafts(): void {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch {
    /* nothing to clear */
  }
}
