// The scheduled jobs screen: a whole-country admin sees the nightly expansion
// and the run the server made when it started (catch-up); nobody else does.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

describe('Chung Tay scheduled jobs', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the admin sees the nightly jobs and their catch-up runs at start', async () => {
    const admin = await apiSession(server.baseURL, DEMO.admin);
    // The runs the server claimed at start, finished.
    const view = await eventually(async () => {
      const v = await admin.get('/api/v1/jobs');
      assert.equal(v.runs?.length, 2);
      assert.ok(v.runs.every((r) => r.outcome === 'ok'));
      return v;
    });
    assert.equal(view.timezone, 'Asia/Ho_Chi_Minh');
    assert.deepEqual(view.jobs.map((j) => [j.name, j.spec]), [['plans.expand', '30 1 * * *'], ['reports.ensure', '45 1 * * *']]);
    const expandRun = view.runs.find((r) => r.job === 'plans.expand');

    const { page, context, errors } = await open('#/areas', { email: DEMO.admin });
    await page.getByRole('button', { name: 'Menu', exact: true }).click(); // the phone's menu
    await page.getByRole('link', { name: 'Tác vụ định kỳ' }).click();
    await page.locator('h1', { hasText: 'Tác vụ định kỳ' }).waitFor();
    const job = page.locator('[data-job="plans.expand"]');
    await job.waitFor();
    assert.match(await job.textContent(), /Tạo lại công việc theo kế hoạch/);
    assert.match(await job.textContent(), /30 1 \* \* \*/);
    // Next 01:30 in Vietnam, as the page shows it: "dd/mm/yyyy 01:30".
    assert.match(await job.locator('time').textContent(), /^\d{2}\/\d{2}\/\d{4} 01:30$/);
    assert.match(await page.locator('[data-job="reports.ensure"]').textContent(), /Tạo trước các báo cáo định kỳ/);
    const run = page.locator(`[data-run="${expandRun.id}"]`);
    assert.equal(await run.getAttribute('data-outcome'), 'ok');
    assert.match(await run.textContent(), /Thành công/);
    await assertNoHorizontalScroll(page);
    await shot(page, 'jobs-360.png');
    await page.setViewportSize(TV);
    await shot(page, 'jobs-1920.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a ward chair has no jobs link, the page refuses, and the API answers 403', async () => {
    const chair = await apiSession(server.baseURL, DEMO.chair);
    assert.equal((await chair.send('GET', '/api/v1/jobs')).status, 403);
    const { page, context } = await open('#/jobs', { email: DEMO.chair, viewport: TV });
    await page.locator('[data-error-code="forbidden"]').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Tác vụ định kỳ' }).count(), 0);
    await context.close();
  });
});
