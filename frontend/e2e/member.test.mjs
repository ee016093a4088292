// End-to-end paths of a party member on a 360×640 phone (issue 4): "Hộ của
// tôi" with the quick forms for a visit and a support delivery, the task
// list, and what a member may not open. Against the real binary and the demo
// ward, which lives in the current year; dangvien.kp3 is in charge of 5
// households of Khu phố 3, each with a visit of this quarter to do or done.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

// A 1×1 PNG: evidence files are type-checked by their content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Today in Vietnam as dd/mm/yyyy (the forms' default date). */
function todayVN() {
  const d = new Date(Date.now() + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
/** "06/12/2026" → "2026-12-06". */
const iso = (dmy) => dmy.split('/').reverse().join('-');

describe('a member on a phone', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let member; // API client of the member
  let officer;
  let mine; // the member's households
  let other; // a household of the ward that is not the member's

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    member = await apiSession(server.baseURL, DEMO.member);
    officer = await apiSession(server.baseURL, DEMO.officer);
    mine = (await member.get('/api/v1/households?per_page=100&sort=code')).items;
    const ids = new Set(mine.map((h) => h.id));
    other = (await officer.get('/api/v1/households?per_page=100&sort=code')).items.find((h) => !ids.has(h.id));
    assert.ok(mine.length >= 5 && mine.length <= 7, `the member has 5–7 households (${mine.length})`);
    assert.ok(other, 'the ward has households that are not the member\'s');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('records a visit and a support delivery from a 360 px screen, only for their own households', async () => {
    const { page, context, errors } = await open('', { email: DEMO.member });
    await page.locator('h1', { hasText: 'Hộ của tôi' }).waitFor();
    await page.waitForURL(/#\/households$/);
    const cards = page.locator('li[data-household-id]');
    await eventually(async () => assert.equal(await cards.count(), mine.length));
    // Only the member's households are offered: another member's cannot be chosen.
    const shown = await cards.evaluateAll((els) => els.map((e) => Number(e.dataset.householdId)));
    assert.deepEqual(shown.sort((a, b) => a - b), mine.map((h) => h.id).sort((a, b) => a - b));
    assert.equal(await page.getByText(other.head_name).count(), 0, 'nothing of another household is shown');
    await assertNoHorizontalScroll(page);
    await shot(page, 'my-households-360.png');

    // A household whose visit of this quarter is still to do (the demo has
    // already visited the first ones); its earlier visits are in the demo.
    const openTasks = (await member.get('/api/v1/tasks?mine=true&status=open&per_page=100')).items;
    const h = mine.find((x) => openTasks.some((t) => t.household_id === x.id && t.period_start <= iso(todayVN()) && iso(todayVN()) <= t.period_end));
    assert.ok(h, 'a household of the member has its visit of this quarter still to do');
    const visitsBefore = (await member.get(`/api/v1/visits?household_id=${h.id}`)).total;
    const supportBefore = (await member.get(`/api/v1/support?household_id=${h.id}&per_page=100`)).items.map((x) => x.id);
    const card = page.locator(`li[data-household-id="${h.id}"]`);
    // The visit task of the period the visit falls in (this quarter), which the visit completes — not merely the oldest open task.
    const q = openTasks.find((x) => x.household_id === h.id && /Thăm/.test(x.duty_title) && x.period_start <= iso(todayVN()) && iso(todayVN()) <= x.period_end);
    assert.ok(q, 'the household has an open visit task this quarter');

    // A visit: the date defaults to today (dd/mm/yyyy); it is typed again, as a phone keypad would.
    await card.getByRole('button', { name: 'Ghi nhận thăm hỏi' }).click();
    const date = card.getByLabel('Ngày thăm (dd/mm/yyyy)');
    assert.equal(await date.inputValue(), todayVN());
    await date.fill(todayVN());
    await card.getByLabel('Ghi chú').fill('Gia đình khỏe, con đi học đều');
    // The first send fails (no network): the form stays filled and says so.
    await page.route('**/api/v1/visits', (route) => route.abort('internetdisconnected'));
    await card.getByRole('button', { name: 'Lưu thăm hỏi' }).click();
    await card.locator('[role="alert"][data-error-code="network"]').waitFor();
    assert.equal(await card.getByLabel('Ghi chú').inputValue(), 'Gia đình khỏe, con đi học đều');
    await shot(page, 'visit-failed-360.png');
    await page.unroute('**/api/v1/visits');
    // A slow phone: while the visit is sending, the button is disabled and says so; nothing claims a failure.
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/api/v1/visits', async (route) => {
      await held;
      await route.continue();
    });
    await card.getByRole('button', { name: 'Lưu thăm hỏi' }).click();
    const sending = card.getByRole('button', { name: 'Đang gửi…' });
    await sending.waitFor();
    assert.ok(await sending.isDisabled(), 'the button is disabled while sending');
    assert.equal(await card.getByText(/chưa cập nhật được/).count(), 0, 'no failure is claimed while sending');
    await shot(page, 'visit-sending-360.png');
    release();
    await card.getByRole('status').filter({ hasText: `Đã ghi nhận thăm hỏi ngày ${todayVN()}` }).waitFor();
    await page.unroute('**/api/v1/visits');
    assert.equal(await card.locator('[data-last-visit]').getAttribute('data-last-visit'), iso(todayVN()));

    const visits = await member.get(`/api/v1/visits?household_id=${h.id}`);
    assert.equal(visits.total, visitsBefore + 1, 'one visit, not two: the failed send wrote nothing');
    const visit = visits.items.find((v) => v.note === 'Gia đình khỏe, con đi học đều');
    assert.equal(visit.visited_on, iso(todayVN()));
    assert.equal(visit.task_id, q.id);
    assert.equal((await member.get(`/api/v1/tasks/${q.id}`)).status, 'done');

    // Support: type, value typed on the number pad (dots appear), source, date, note, a photo.
    await card.getByRole('button', { name: 'Ghi nhận hỗ trợ' }).click();
    await card.getByLabel('Loại hỗ trợ').selectOption('cash');
    const value = card.getByLabel('Giá trị (đồng)');
    await value.pressSequentially('1500000');
    assert.equal(await value.inputValue(), '1.500.000');
    await card.getByLabel('Nguồn kinh phí').selectOption('fund_for_the_poor');
    await card.getByLabel('Ngày hỗ trợ (dd/mm/yyyy)').fill(todayVN());
    await card.getByLabel('Ghi chú').fill('Hỗ trợ tiền mặt dịp khai giảng');
    await card.getByLabel('Chụp ảnh / chọn tệp').setInputFiles({ name: 'bien-nhan.png', mimeType: 'image/png', buffer: PNG });
    await assertNoHorizontalScroll(page);
    await shot(card, 'support-form-360.png');
    await card.getByRole('button', { name: 'Lưu hỗ trợ' }).click();
    await card.getByRole('status').filter({ hasText: 'Đã ghi nhận hỗ trợ' }).waitFor();

    const support = await member.get(`/api/v1/support?household_id=${h.id}&per_page=100`);
    const added = support.items.filter((x) => !supportBefore.includes(x.id));
    assert.equal(added.length, 1);
    const s = added[0];
    assert.equal(s.type, 'cash');
    assert.equal(s.value_vnd, 1_500_000);
    assert.equal(s.funding_source, 'fund_for_the_poor');
    assert.equal(s.delivered_on, iso(todayVN()));
    assert.equal(s.note, 'Hỗ trợ tiền mặt dịp khai giảng');
    assert.equal(s.evidence_count, 1);
    const evidence = await member.get(`/api/v1/support/${s.id}/evidence`);
    assert.equal(evidence.items[0].content_type, 'image/png');

    // The API refuses another household, as if it did not exist.
    const v = await member.send('POST', '/api/v1/visits', { household_id: other.id, visited_on: '2018-03-15', note: 'x' });
    assert.equal(v.status, 404);
    const sp = await member.send('POST', '/api/v1/support', { household_id: other.id, delivered_on: '2018-03-20', type: 'cash', value_vnd: 1, funding_source: 'social' });
    assert.equal(sp.status, 404);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('sees their tasks and marks one done with a note', async () => {
    const before = await member.get('/api/v1/tasks?mine=true&status=open&per_page=1');
    assert.ok(before.total > 0, 'the demo plan gives the member tasks');
    const { page, context, errors } = await open('#/tasks', { email: DEMO.member });
    await page.locator('h1', { hasText: 'Công việc' }).waitFor();
    await eventually(async () => assert.equal(await page.locator('.total[data-total]').getAttribute('data-total'), String(before.total)));
    await assertNoHorizontalScroll(page);
    await shot(page, 'tasks-360.png');

    const item = page.locator('li[data-task-id]').first();
    const id = Number(await item.getAttribute('data-task-id'));
    await item.getByRole('button', { name: 'Đổi trạng thái' }).click();
    await item.getByLabel('Đã xong').check();
    await item.getByLabel('Ghi chú kết quả').fill('Đã thăm, hộ đã có việc làm');
    await item.getByRole('button', { name: 'Lưu', exact: true }).click();
    await item.getByRole('status').filter({ hasText: 'Đã xong' }).waitFor();
    assert.equal(await item.getAttribute('data-status'), 'done');
    const task = await member.get(`/api/v1/tasks/${id}`);
    assert.equal(task.status, 'done');
    assert.equal(task.note, 'Đã thăm, hộ đã có việc làm');

    // Cancelling asks for a reason first.
    const second = page.locator('li[data-task-id][data-status="todo"]').first();
    await second.getByRole('button', { name: 'Đổi trạng thái' }).click();
    await second.getByLabel('Đã hủy').check();
    await second.getByRole('button', { name: 'Lưu', exact: true }).click();
    await second.getByText('Cần ghi lý do khi hủy công việc.').waitFor();

    // The 1920 screen of the same list.
    await page.setViewportSize(TV);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'tasks-1920.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('completes a support task and records its support in one step', async () => {
    const open1 = await member.get('/api/v1/tasks?mine=true&status=open&per_page=1');
    const task = open1.items[0];
    const { page, context } = await open('#/tasks', { email: DEMO.member });
    const item = page.locator(`li[data-task-id="${task.id}"]`);
    await item.getByRole('button', { name: 'Hoàn thành kèm hỗ trợ' }).click();
    assert.ok(await item.getByLabel(/Hoàn thành việc/).isChecked());
    await item.getByLabel('Loại hỗ trợ').selectOption('tet_gift');
    await item.getByLabel('Giá trị (đồng)').pressSequentially('500000');
    await item.getByLabel('Nguồn kinh phí').selectOption('social');
    await item.getByRole('button', { name: 'Lưu hỗ trợ' }).click();
    await item.getByRole('status').filter({ hasText: 'Đã ghi nhận hỗ trợ và hoàn thành công việc.' }).waitFor();
    await eventually(async () => assert.equal(await item.getAttribute('data-status'), 'done'));
    assert.equal((await member.get(`/api/v1/tasks/${task.id}`)).status, 'done');
    const support = await member.get(`/api/v1/support?household_id=${task.household_id}`);
    const rec = support.items.find((x) => x.task_id === task.id);
    assert.ok(rec, 'the support record points at the task');
    assert.equal(rec.value_vnd, 500_000);
    assert.equal(rec.type, 'tet_gift');
    await context.close();
  });

  test('cannot see the assignment screen nor the plans', async () => {
    const { page, context } = await open('#/assign', { email: DEMO.member });
    await page.locator('[data-error-code="forbidden"]').waitFor();
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    assert.ok(await nav.getByRole('link', { name: 'Công việc' }).isVisible());
    assert.equal(await nav.getByRole('link', { name: 'Phân công' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Kế hoạch' }).count(), 0);
    const r = await member.send('POST', '/api/v1/assignments/bulk', { unit_id: 18, class: 'poor' });
    assert.equal(r.status, 403);
    await context.close();
  });
});
