// Periodic reports (báo cáo định kỳ, #/reports) on a 360 px phone: the
// leader of Chi bộ Khu phố 3 opens the inbox, writes this quarter's report
// (saved as one types; a change made elsewhere is reloaded with a message)
// and submits it; the ward's chair returns it with a reason (the server's
// message when the reason is missing shows on the field); the leader
// completes it and submits again; the chair approves it; it is then
// read-only (and the API answers 409); the completeness table shows the
// counts the API gives. Screens at 360 px and 1920 px are saved.
// Against the real binary and the demo ward Phường 14.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

const PHONE = { width: 360, height: 740 };
const ROMAN = ['I', 'II', 'III', 'IV'];

describe('periodic reports', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let leader; // API clients
  let chair;
  let report; // Chi bộ Khu phố 3's report of this year's fourth quarter
  let quarter; // its name on screen, "Quý IV/2026"

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    leader = await apiSession(server.baseURL, DEMO.leader);
    chair = await apiSession(server.baseURL, DEMO.chair);
    const mine = (await leader.get('/api/v1/reports?per_page=200')).items;
    const year = Math.max(...mine.map((r) => +r.period.slice(0, 4)));
    report = mine.find((r) => r.period === `${year}-Q4`);
    assert.ok(report, 'the demo gives Khu phố 3 a report of the fourth quarter');
    assert.equal(report.unit_name, 'Chi bộ Khu phố 3');
    assert.equal(report.status, 'not_started');
    quarter = `Quý ${ROMAN[3]}/${year}`;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const status = async () => (await chair.get(`/api/v1/reports/${report.id}`)).status;

  test('the cell leader writes the report on a phone and submits it', async () => {
    const { page, context, errors } = await open('#/areas', { email: DEMO.leader, viewport: PHONE });
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.locator('h1', { hasText: 'Báo cáo định kỳ' }).waitFor();
    // Not yet due: in "Cần nộp"; past its due day it would be under "Quá hạn".
    if (report.overdue) await page.getByRole('tab', { name: 'Quá hạn' }).click();
    const row = page.locator(`li[data-report-id="${report.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(quarter.replace('/', '\\/')));
    const [y, m, d] = report.due_on.split('-');
    assert.match(await row.innerText(), new RegExp(`Hạn nộp ${d}/${m}/${y}`));
    assert.equal(await row.locator('[data-state]').innerText(), 'Chưa làm');
    await assertNoHorizontalScroll(page);
    await shot(page, 'reports-inbox-360.png', true);

    await row.getByRole('link').click();
    await page.locator('h1', { hasText: quarter }).waitFor();
    const results = page.getByLabel('Kết quả thực hiện');
    await results.fill('Chi bộ đã phân công 12 đảng viên theo dõi 18 hộ nghèo, cận nghèo; thăm hỏi đủ các hộ trong quý.');
    await page.locator('[data-save="saved"]', { hasText: /Đã lưu lúc \d\d:\d\d/ }).waitFor();
    let r = await leader.get(`/api/v1/reports/${report.id}`);
    assert.equal(r.status, 'draft');
    assert.match(r.results, /12 đảng viên/);

    // Someone saves the same report elsewhere: the next save is refused (409),
    // the page reloads the latest text and says so.
    const other = await leader.send('PUT', `/api/v1/reports/${report.id}`, {
      version: r.version,
      results: 'Bản sửa trên máy khác.',
      difficulties: '',
      causes: '',
      proposals: '',
    });
    assert.equal(other.status, 200);
    await page.getByLabel('Hạn chế, khó khăn').fill('Một số hộ già yếu, neo đơn.');
    await page.locator('[data-conflict]').waitFor();
    assert.equal(await results.inputValue(), 'Bản sửa trên máy khác.');

    await results.fill('Chi bộ đã phân công 12 đảng viên theo dõi 18 hộ nghèo, cận nghèo; thăm hỏi đủ các hộ trong quý.');
    await page.getByLabel('Hạn chế, khó khăn').fill('Một số hộ già yếu, neo đơn.');
    await page.getByLabel('Nguyên nhân').fill('Thu nhập không ổn định.');
    await page.getByLabel('Đề xuất, kiến nghị').fill('Bố trí thêm vốn vay.');
    await page.locator('[data-save="saved"]').waitFor();
    await eventually(async () => assert.equal((await leader.get(`/api/v1/reports/${report.id}`)).proposals, 'Bố trí thêm vốn vay.'));
    await assertNoHorizontalScroll(page);
    await shot(page, 'report-draft-360.png', true);

    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã nộp báo cáo.' }).waitFor();
    assert.equal(await status(), 'submitted');
    assert.equal(await page.getByLabel('Kết quả thực hiện').count(), 0, 'a submitted report is read-only');
    assert.match(await page.locator('[data-section="results"]').innerText(), /12 đảng viên/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair returns it with a reason', async () => {
    // The reports past their due day say by how many days.
    const overdue = (await chair.get('/api/v1/reports?overdue=true&per_page=200')).items;
    assert.ok(overdue.length >= 1, 'the demo has an overdue report');
    const { page, context, errors } = await open('#/reports?tab=overdue', { email: DEMO.chair, viewport: PHONE });
    const late = page.locator(`li[data-report-id="${overdue[0].id}"]`);
    await late.waitFor();
    assert.match(await late.innerText(), /quá hạn \d+ ngày/);
    assert.equal(await page.locator('li[data-report-id]').count(), overdue.length);
    await page.getByRole('tab', { name: 'Đã nộp' }).click();
    await page.locator(`li[data-report-id="${report.id}"] a`).click();
    await page.locator('h1', { hasText: quarter }).waitFor();
    await page.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
    // No reason: the server's 422 names the field, shown under it.
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page.locator('#review-reason-err').waitFor();
    assert.ok((await page.locator('#review-reason-err').innerText()).length > 0);
    assert.equal(await status(), 'submitted');
    await page.getByLabel('Lý do trả lại').fill('Đề nghị bổ sung số hộ được vay vốn trong quý.');
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã trả lại báo cáo.' }).waitFor();
    assert.equal(await status(), 'returned');
    assert.match(await page.locator('[data-reason]').innerText(), /bổ sung số hộ được vay vốn/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the leader completes it and submits again', async () => {
    const { page, context, errors } = await open('#/reports?tab=returned', { email: DEMO.leader, viewport: PHONE });
    await page.locator(`li[data-report-id="${report.id}"] a`).click();
    await page.locator('[data-reason]', { hasText: 'bổ sung số hộ được vay vốn' }).waitFor();
    const results = page.getByLabel('Kết quả thực hiện');
    await results.fill((await results.inputValue()) + ' Trong quý có 3 hộ được vay vốn Ngân hàng Chính sách xã hội.');
    await page.locator('[data-save="saved"]').waitFor();
    assert.equal(await status(), 'returned', 'a returned report stays returned while it is completed');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã nộp báo cáo.' }).waitFor();
    assert.equal(await status(), 'submitted');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair approves it; it is then read-only', async () => {
    const { page, context, errors } = await open(`#/reports/${report.id}`, { email: DEMO.chair, viewport: PHONE });
    await page.locator('h1', { hasText: quarter }).waitFor();
    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận duyệt' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã duyệt báo cáo.' }).waitFor();
    assert.equal(await status(), 'approved');
    // The history: not started → draft → submitted → returned → submitted → approved.
    await eventually(async () => assert.deepEqual(await page.locator('ul.events li').evaluateAll((ls) => ls.map((l) => l.dataset.to)), ['draft', 'submitted', 'returned', 'submitted', 'approved']));
    await page.getByRole('button', { name: 'Mở lại' }).waitFor();
    await assertNoHorizontalScroll(page);
    await shot(page, 'report-approved-360.png', true);
    await context.close();

    const lead = await open(`#/reports/${report.id}`, { email: DEMO.leader, viewport: PHONE });
    await lead.page.locator('[data-readonly]', { hasText: 'đã khóa' }).waitFor();
    assert.equal(await lead.page.getByLabel('Kết quả thực hiện').count(), 0);
    assert.equal(await lead.page.getByRole('button', { name: 'Nộp báo cáo' }).count(), 0);
    assert.equal(await lead.page.getByRole('button', { name: 'Duyệt', exact: true }).count(), 0, 'the leader does not review');
    const r = await leader.get(`/api/v1/reports/${report.id}`);
    const put = await leader.send('PUT', `/api/v1/reports/${report.id}`, { version: r.version, results: 'x', difficulties: '', causes: '', proposals: '' });
    assert.equal(put.status, 409);
    assert.deepEqual([...errors, ...lead.errors], []);
    await lead.context.close();
  });

  test('the completeness table shows the counts of the period', async () => {
    const period = report.period;
    const want = (await chair.get(`/api/v1/reports/completeness?period=${period}`)).items;
    const cells = want.find((c) => c.obligation_id === report.obligation_id);
    assert.equal(cells.expected, 17, 'every party cell of the ward reports');
    assert.ok(cells.approved >= 1);
    for (const viewport of [PHONE, TV]) {
      const { page, context, errors } = await open(`#/reports?tab=completeness&period=${period}`, { email: DEMO.chair, viewport });
      const row = page.locator(`tr[data-period="${period}"][data-obligation="${report.obligation_id}"]`);
      await row.waitFor();
      const n = async (k) => (await row.locator(`[data-n="${k}"]`).innerText()).trim();
      assert.equal(await n('expected'), '17');
      assert.equal(await n('submitted'), String(cells.submitted));
      assert.equal(await n('on_time'), String(cells.on_time));
      assert.equal(await n('overdue'), String(cells.overdue));
      assert.equal(await n('rate'), (cells.submitted_bp / 100).toFixed(2).replace('.', ',') + '%');
      assert.equal(await page.locator('tbody tr').count(), want.length);
      await assertNoHorizontalScroll(page);
      await shot(page, `reports-completeness-${viewport.width}.png`, true);
      if (viewport === TV) {
        // In English: the period's English name and the rate with a decimal point.
        await page.getByRole('button', { name: 'EN', exact: true }).click();
        await page.getByRole('tab', { name: 'Completeness' }).waitFor();
        assert.equal(await n('rate'), (cells.submitted_bp / 100).toFixed(2) + '%');
        assert.equal(await row.locator('td').first().innerText(), `Q4 ${period.slice(0, 4)}`);
        await page.getByRole('button', { name: 'VI', exact: true }).click();
        await page.getByRole('tab', { name: 'Tỷ lệ nộp' }).waitFor();
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('on a wide screen the report shows the PDF beside the text; the account has the calendar address', async () => {
    const { page, context, errors } = await open(`#/reports/${report.id}`, { email: DEMO.chair, viewport: TV });
    await page.locator('iframe.pdf').waitFor();
    assert.match(await page.locator('iframe.pdf').getAttribute('src'), /^blob:/);
    assert.equal(await page.getByRole('link', { name: 'Tải số liệu (Excel)' }).getAttribute('href'), `/api/v1/reports/${report.id}/xlsx`);
    await shot(page, 'report-approved-1920.png');
    const inbox = await open('#/reports?tab=approved', { email: DEMO.chair, viewport: TV });
    await inbox.page.locator(`li[data-report-id="${report.id}"]`).waitFor();
    await shot(inbox.page, 'reports-inbox-1920.png');
    await inbox.context.close();

    await page.goto(server.baseURL + '/#/account');
    const url = page.getByLabel('Địa chỉ lịch');
    await eventually(async () => assert.match(await url.inputValue(), /\/api\/v1\/calendar\/.+\.ics$/));
    // The address is made with the configured public address: ask this server.
    const here = (u) => server.baseURL + new URL(u).pathname;
    const before = await url.inputValue();
    const feed = await fetch(here(before));
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);
    await page.getByRole('button', { name: 'Tạo địa chỉ mới' }).click();
    await page.getByRole('button', { name: /Tạo địa chỉ mới \(địa chỉ cũ/ }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo địa chỉ mới' }).waitFor();
    assert.notEqual(await url.inputValue(), before);
    assert.equal((await fetch(here(before))).status, 404, 'the old address no longer works');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
