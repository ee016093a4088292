// What the area tree keeps between readings: the areas open, the area whose
// management panel is open (with what the last change did), and a counter
// that makes the tree read itself again after a change (a move or a merge
// changes more than one node), with the same areas open.
import { writable } from 'svelte/store';

/** Ids of the areas open in the tree. */
export const openAreas = new Set<number>();

/** The area being managed and the last change in words ('' for none). */
export const managed = writable<{ id: number; done: string } | null>(null);

/** Bumped after a change: the tree reads itself again. */
export const treeVersion = writable(0);

/** After a change: keeps `open` open, shows `done` in the panel of area `id`, reads the tree again. */
export function treeChanged(id: number, done: string, open: number[] = []): void {
  for (const a of open) openAreas.add(a);
  managed.set({ id, done });
  treeVersion.update((v) => v + 1);
}
