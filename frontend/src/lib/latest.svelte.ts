// The latest answer of a query that the user can change while it runs (a
// search as they type, a filter, a page): each load aborts the one before,
// and only the latest answer or error is kept.

export class Latest<T> {
  /** The latest answer; kept while the next one loads (shown dimmed). */
  data = $state<T | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #ctrl: AbortController | null = null;

  async load(fetch: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.#ctrl?.abort();
    const mine = (this.#ctrl = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const r = await fetch(mine.signal);
      if (mine === this.#ctrl) this.data = r;
    } catch (e) {
      if (mine === this.#ctrl && !(e instanceof DOMException)) this.error = e;
    } finally {
      if (mine === this.#ctrl) this.loading = false;
    }
  }
}
