// The state of a form being sent: saving, the failure to show (ErrorBox),
// and the server's messages per field. `run` sends; on failure the form
// keeps what was typed and shows why.
import { ApiError } from './api';

export class Submission {
  saving = $state(false);
  failure = $state<unknown>(null);
  /** field → message, from the form's own checks or the server. */
  errors = $state<Record<string, string>>({});

  /**
   * Runs `send`; returns its answer, or undefined when it failed (then
   * `failure` and the server's field errors are set). `fields` maps the
   * server's field names to the form's when they differ.
   */
  async run<T>(send: () => Promise<T>, fields?: (server: Record<string, string>) => Record<string, string>): Promise<T | undefined> {
    this.saving = true;
    this.failure = null;
    try {
      return await send();
    } catch (e) {
      this.failure = e;
      if (e instanceof ApiError) this.errors = fields ? fields(e.fields) : { ...e.fields };
      return undefined;
    } finally {
      this.saving = false;
    }
  }

  /** Sets the form's own errors; true when there are none. */
  check(errors: Record<string, string>): boolean {
    this.failure = null;
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }
}

/**
 * After a failed check or send of a long form: moves to the first field
 * marked invalid, or to the error message, whichever comes first.
 */
export function focusFirstError(): void {
  queueMicrotask(() => {
    const el = document.querySelector<HTMLElement>('form .invalid input, form .invalid select, form [role="alert"]');
    el?.focus?.();
    el?.scrollIntoView?.({ block: 'center' });
  });
}
