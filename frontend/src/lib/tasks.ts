// Words for tasks: their statuses and why a task was closed. The codes are
// the API's; the labels are the UI's.
import type { TaskStatus } from './api';
import { hasKey, type Key } from './i18n';

export const TASK_STATUSES: TaskStatus[] = ['todo', 'in_progress', 'done', 'cancelled'];

export const statusKey = (s: string): Key => (hasKey('task_' + s) ? (('task_' + s) as Key) : 'task_todo');

/**
 * Why a task was closed, in words: "household.no_longer_matches:escaped" →
 * the key of "no longer in the programme" and the class it has now.
 */
export function closedReason(reason: string): { key: Key | null; cls: string } {
  const [code, cls = ''] = reason.split(':');
  const k = 'closed_' + code.replace(/\./g, '_');
  return { key: hasKey(k) ? k : null, cls };
}
