// Table tests of the display formats (src/lib/format.ts, src/lib/plans.ts and
// the plural forms of src/lib/i18n.ts): period names, numbers, money and
// rates per language, and due dates. The TypeScript is loaded through Vite
// (as the app is built), without a browser or a server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('display formats', () => {
  let vite;
  let f; // format.ts
  let plans; // plans.ts
  let i18n; // i18n.ts

  before(async () => {
    // i18n.ts sets <html lang> when the language changes.
    globalThis.document ??= { documentElement: {} };
    vite = await createServer({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom' });
    f = await vite.ssrLoadModule('/src/lib/format.ts');
    plans = await vite.ssrLoadModule('/src/lib/plans.ts');
    i18n = await vite.ssrLoadModule('/src/lib/i18n.ts');
  });
  after(async () => {
    await vite?.close();
  });

  test('periodLabel names every kind of period in both languages', () => {
    const cases = [
      ['2026', 'Năm 2026', '2026'],
      ['2026-S1', '6 tháng đầu năm 2026', 'H1 2026'],
      ['2026-S2', '6 tháng cuối năm 2026', 'H2 2026'],
      ['2018-Q1', 'Quý I/2018', 'Q1 2018'],
      ['2026-Q2', 'Quý II/2026', 'Q2 2026'],
      ['2026-Q3', 'Quý III/2026', 'Q3 2026'],
      ['2026-Q4', 'Quý IV/2026', 'Q4 2026'],
      ['2026-01', 'Tháng 1/2026', 'January 2026'],
      ['2026-03', 'Tháng 3/2026', 'March 2026'],
      ['2026-12', 'Tháng 12/2026', 'December 2026'],
      ['2018-once', 'Năm 2018 (một lần)', '2018 (once)'],
      // Not a period key: shown as it is, never guessed.
      ['2026-Q5', '2026-Q5', '2026-Q5'],
      ['2026-13', '2026-13', '2026-13'],
    ];
    for (const [key, vi, en] of cases) {
      assert.equal(f.periodLabel(key, 'vi'), vi, `vi ${key}`);
      assert.equal(f.periodLabel(key, 'en'), en, `en ${key}`);
    }
    assert.equal(f.periodLabel('', 'vi'), '—');
  });

  test('every period the plans make has a name, never its key', () => {
    for (const freq of ['yearly', 'six_monthly', 'quarterly', 'monthly']) {
      const ps = plans.periodsOf(freq, 2026);
      assert.ok(ps.length > 0, freq);
      for (const p of ps) {
        assert.doesNotMatch(f.periodLabel(p.key, 'vi'), /\d{4}-/, `${freq} ${p.key}`);
        assert.doesNotMatch(f.periodLabel(p.key, 'en'), /\d{4}-/, `${freq} ${p.key}`);
      }
    }
  });

  test('numbers, money and rates follow the language', () => {
    const cases = [
      // [fn, args, vi, en]
      ['countIn', [11176], '11.176', '11,176'],
      ['countIn', [0], '0', '0'],
      ['countIn', [-1500], '-1.500', '-1,500'],
      ['countIn', [999], '999', '999'],
      ['countIn', [null], '—', '—'],
      ['vndIn', [1500000], '1.500.000\u00a0₫', 'VND\u00a01,500,000'],
      ['percentIn', [50, 11176], '0,45%', '0.45%'],
      ['percentIn', [76, 11176], '0,68%', '0.68%'],
      ['percentIn', [1, 0], '—', '—'],
      ['rateIn', [31], '0,31%', '0.31%'],
      ['rateIn', [9000], '90%', '90%'],
      ['rateIn', [9550], '95,5%', '95.5%'],
    ];
    for (const [fn, args, vi, en] of cases) {
      assert.equal(f[fn]('vi', ...args), vi, `${fn}(vi, ${args})`);
      assert.equal(f[fn]('en', ...args), en, `${fn}(en, ${args})`);
    }
  });

  test('the formatters of the screens follow the UI language', () => {
    i18n.lang.set('vi');
    assert.equal(f.formatCount(11176), '11.176');
    assert.equal(f.formatPeriod('2026-Q1'), 'Quý I/2026');
    i18n.lang.set('en');
    assert.equal(f.formatCount(11176), '11,176');
    assert.equal(f.formatVND(1500000), 'VND\u00a01,500,000');
    assert.equal(f.formatPercent(50, 11176), '0.45%');
    assert.equal(f.formatPeriod('2026-Q1'), 'Q1 2026');
    assert.equal(f.formatDate('2026-03-31'), '31/03/2026', 'dates are dd/mm/yyyy in English too');
    i18n.lang.set('vi');
  });

  test('English plurals: 1 task, 2 tasks', () => {
    const cases = [
      [1, '1 task'],
      ['1', '1 task'],
      [0, '0 tasks'],
      [2, '2 tasks'],
      ['11,176', '11,176 tasks'],
      [21, '21 tasks'],
    ];
    for (const [n, want] of cases) assert.equal(i18n.pluralForm('{n} task|{n} tasks', n).replace('{n}', String(n)), want);
    assert.equal(i18n.pluralForm('{n} công việc', 1), '{n} công việc', 'a message without forms is kept whole');
  });

  test('due dates of a duty: the rule applied to each period', () => {
    const q = plans.periodsOf('quarterly', 2026);
    assert.deepEqual(q.map((p) => p.key), ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    assert.deepEqual(q.map((p) => plans.dueIn(p, 0)), ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']);
    assert.equal(plans.dueIn(q[0], 5), '2026-03-26');
    // 184 days before the end of a quarter is before its start: due on its first day (the server's rule).
    assert.equal(plans.dueIn(q[0], 184), '2026-01-01');
    const m = plans.periodsOf('monthly', 2024);
    assert.equal(m[1].end, '2024-02-29', 'leap year');
    assert.deepEqual(plans.periodsOf('six_monthly', 2026).map((p) => [p.key, p.start, p.end]), [
      ['2026-S1', '2026-01-01', '2026-06-30'],
      ['2026-S2', '2026-07-01', '2026-12-31'],
    ]);
    assert.deepEqual(plans.periodsOf('once', 2026), []);
  });
});
