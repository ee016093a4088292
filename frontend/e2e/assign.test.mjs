// End-to-end paths of the chair and a unit's leader (issue 4): the
// assignment screen (bulk by filter, spreading a unit over its members,
// importing from Excel, the areas a unit is in charge of) and the plan
// screens (the seed-000 resolution with its duties and tasks, targets, a new
// plan with a duty expanded into tasks, the plan's words from GET /meta).
// Against the real binary and the demo ward Phường 14.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, PHONE, screenshot as shot, screenshotDir, skipWithoutChromium, startServer, TV } from './server.mjs';
import { xlsx } from './xlsx.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A screenshot of one part of the page (a section), in e2e/screenshots/. */
async function shotOf(locator, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await locator.screenshot({ path: path.join(screenshotDir, name) });
}

/** Today in Vietnam (UTC+7) as ISO yyyy-mm-dd. */
const todayISO = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
/** "2026-11-22" → "22/11/2026", as the screens show dates. */
const dmy = (iso) => iso.split('-').reverse().join('/');

describe('assignments and plans', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let chair; // API clients
  let member;
  let cell; // Chi bộ Khu phố 3, led by the demo leader, with the demo member

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    chair = await apiSession(server.baseURL, DEMO.chair);
    member = await apiSession(server.baseURL, DEMO.member);
    cell = (await chair.get('/api/v1/units?q=' + encodeURIComponent('Chi bộ Khu phố 3'))).items.find((u) => u.name === 'Chi bộ Khu phố 3');
    assert.ok(cell, 'the demo ward has the party cell of Khu phố 3');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const memberTotal = async () => (await member.get('/api/v1/households?per_page=1')).total;

  test('the chair gives households to a unit in bulk, then spreads them over its members', async () => {
    const kp4 = (await chair.get('/api/v1/areas?q=' + encodeURIComponent('Khu phố 4'))).items.find((a) => a.name === 'Khu phố 4');
    const want = await chair.get(`/api/v1/households?area_id=${kp4.id}&class=near_poor&per_page=100`);
    assert.ok(want.total > 0);

    const { page, context, errors } = await open('#/assign', { email: DEMO.chair, viewport: TV });
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    await page.getByLabel('Địa bàn', { exact: true }).fill('Khu phố 4');
    await page.locator('.results .result', { hasText: 'Khu phố 4' }).first().click();
    await page.getByLabel('Phân loại').selectOption('near_poor');
    await page.locator(`[data-match-count="${want.total}"]`).waitFor();
    await page.locator('#bulk-unit').selectOption(String(cell.id));
    await page.getByRole('radio', { name: /Đơn vị phụ trách chính/ }).check();
    // The server's preview: every one of them gets the cell, those with another cell leave it.
    const preview = (await chair.send('POST', '/api/v1/assignments/bulk/preview', { unit_id: cell.id, role: 'primary', area_id: kp4.id, class: 'near_poor' })).body;
    assert.equal(preview.matched, want.total);
    await page.locator(`[data-preview-assign="${preview.assign}"][data-preview-leaving="${preview.leaving}"]`).waitFor();
    await page.getByRole('button', { name: `Giao ${preview.assign} hộ cho đơn vị…` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(`Giao ${preview.assign} hộ cho Chi bộ Khu phố 3 làm đơn vị phụ trách chính`));
    await shot(page, 'assign-bulk-1920.png');
    await dialog.getByRole('button', { name: `Xác nhận giao ${preview.assign} hộ` }).click();
    const done = page.locator('.notice[data-assigned]');
    await done.waitFor();
    assert.equal(Number(await done.getAttribute('data-assigned')), preview.assign);
    assert.equal(Number(await done.getAttribute('data-unchanged')), preview.unchanged);
    assert.equal(Number(await done.getAttribute('data-leaving')), preview.leaving);
    // Through the API: every one of them is now with the cell as its primary unit.
    for (const h of want.items) {
      const current = (await chair.get(`/api/v1/households/${h.id}/assignments`)).items.filter((a) => a.unit_id != null && a.is_primary && !a.valid_to);
      assert.deepEqual(current.map((a) => a.unit_id), [cell.id], `${h.code} is with the cell`);
    }

    // Then to the unit's panel, and share them out: the plan says how, before.
    await done.getByRole('button', { name: /Chia cho thành viên của Chi bộ Khu phố 3/ }).click();
    assert.equal(await page.getByRole('tab', { name: 'Theo đơn vị' }).getAttribute('aria-selected'), 'true');
    const plan = (await chair.send('POST', `/api/v1/units/${cell.id}/spread/preview`, {})).body;
    assert.ok(plan.to_spread >= want.total, 'the new households have no one in charge');
    await page.locator(`[data-plan-to-spread="${plan.to_spread}"][data-plan-people="${plan.people}"]`).waitFor();
    if (plan.over_norm) await page.getByLabel('Vẫn chia dù quá định mức').check();
    await page.getByRole('button', { name: 'Chia đều cho thành viên…' }).click();
    await page.getByRole('button', { name: 'Xác nhận chia' }).click();
    const spread = page.locator('.notice[data-assigned]');
    await spread.waitFor();
    assert.equal(Number(await spread.getAttribute('data-assigned')), plan.to_spread);
    const mine = plan.shares.find((s) => s.user_id === member.user.id);
    assert.equal(await spread.locator(`tr[data-member-id="${member.user.id}"] td.num`).textContent(), String(mine.after));
    assert.equal(await memberTotal(), mine.after);
    await shot(page, 'assign-unit-1920.png');

    // The same screen on a phone.
    await page.setViewportSize(PHONE);
    await page.getByRole('tab', { name: 'Giao theo bộ lọc' }).click();
    await assertNoHorizontalScroll(page);
    await shot(page, 'assign-360.png', true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair imports assignments from Excel: a dry run lists row errors, then the import writes', async () => {
    const h = (await chair.get('/api/v1/households?q=P14-KP05&per_page=1&sort=code')).items[0];
    const header = ['Mã hộ', 'Mã đơn vị phụ trách', 'Email người phụ trách', 'Từ ngày', 'Lý do'];
    const good = [h.code, cell.code, '', '01/12/2018', 'Ban Giảm nghèo phân công'];
    const { page, context } = await open('#/assign?tab=import', { email: DEMO.chair, viewport: PHONE });
    // The template downloads.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Tải mẫu Excel/ }).click();
    assert.equal(fs.readFileSync(await (await download).path()).subarray(0, 2).toString(), 'PK');

    const file = page.getByLabel('Chọn tệp Excel (.xlsx)…');
    await file.setInputFiles({ name: 'phan-cong.xlsx', mimeType: XLSX, buffer: xlsx('Phân công', [header, good, ['P14-KHONG-CO', cell.code, '', '', '']]) });
    await page.getByRole('button', { name: 'Kiểm tra (dry run)' }).click();
    await page.locator('tbody tr').first().waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1, 'one row error…');
    assert.equal(await page.locator('tbody tr td.num').textContent(), '3', '…on row 3');
    assert.equal(await page.locator('dd[data-count="created"]').textContent(), '0', 'nothing written');
    await shot(page, 'assign-import-360.png', true);

    await file.setInputFiles({ name: 'phan-cong.xlsx', mimeType: XLSX, buffer: xlsx('Phân công', [header, good]) });
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    await page.locator('.notice', { hasText: 'Đã nhập xong.' }).waitFor();
    assert.equal(await page.locator('dd[data-count="created"]').textContent(), '1');
    const current = (await chair.get(`/api/v1/households/${h.id}/assignments`)).items.filter((a) => a.unit_id != null && !a.valid_to);
    assert.deepEqual(current.map((a) => a.unit_id), [cell.id]);
    await context.close();
  });

  test('the seed-000 resolution shows its targets, duties and tasks', async () => {
    const plans = (await chair.get('/api/v1/plans')).items;
    const plan = plans.find((p) => p.number === '05-NQ/ĐU');
    assert.ok(plan, 'the demo has the resolution of seed 000');
    const detail = await chair.get(`/api/v1/plans/${plan.id}`);
    const visits = detail.duties.find((d) => d.unit_kind === 'party_cell');

    const { page, context, errors } = await open('#/plans', { email: DEMO.chair, viewport: TV });
    await page.locator(`li[data-plan-id="${plan.id}"] h2 a`).click();
    await page.locator('h1', { hasText: plan.title }).waitFor();
    await eventually(async () => assert.equal(await page.locator('tr[data-duty-id]').count(), detail.duties.length));
    // Reduction target of seed 000: 35 households, 0,31%.
    assert.match(await page.locator('[data-target-kind="poor_reduction"]').textContent(), /35 hộ · 0,31%/);
    const duty = page.locator(`tr[data-duty-id="${visits.id}"]`);
    assert.match(await duty.textContent(), /Mọi Chi bộ/);
    assert.equal(await duty.locator('[data-tasks-total]').getAttribute('data-tasks-total'), String(visits.tasks.total));
    await shot(page, 'plan-1920.png');

    // Its year is over: "Tạo công việc" says so and changes no task.
    assert.ok(plan.year < Number(todayISO().slice(0, 4)), 'the demo resolution is of a past year');
    await page.getByRole('button', { name: 'Tạo công việc' }).click();
    const over = page.locator('.expand[data-year-over="true"]');
    await over.waitFor();
    assert.equal(
      (await over.locator('.head').textContent()).trim(),
      `Năm ${plan.year} đã kết thúc: công việc của năm đó được giữ nguyên, không tạo hay thay đổi công việc nào.`,
    );
    assert.equal(await over.locator('dl').count(), 0, 'no counts of zero beside the notice');
    const after = await chair.get(`/api/v1/plans/${plan.id}`);
    assert.deepEqual(after.duties.map((d) => d.tasks), detail.duties.map((d) => d.tasks), 'no task created or changed');

    // Its tasks, in the task list.
    await duty.getByRole('link', { name: /công việc/ }).click();
    await page.locator('h1', { hasText: 'Công việc' }).waitFor();
    // The list says whose tasks by name, not by id.
    await eventually(async () => assert.equal((await page.locator('.scoped').textContent()).replace(/\s+/g, ' ').trim(), `Chỉ công việc của Nghị quyết số ${plan.number} · Nhiệm vụ: ${visits.title} Xem kế hoạch`));
    await eventually(async () => assert.equal(await page.locator('.total[data-total]').getAttribute('data-total'), String(visits.tasks.total)));
    assert.equal(await page.getByRole('tab', { name: 'Tất cả' }).getAttribute('aria-selected'), 'true');

    // On a phone.
    await page.goto(server.baseURL + `/#/plans/${plan.id}`);
    await page.setViewportSize(PHONE);
    await page.locator('tr[data-duty-id]').first().waitFor();
    await assertNoHorizontalScroll(page);
    await shot(page, 'plan-360.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair enters a plan with targets and a duty, and creates its tasks', async () => {
    const year = new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear();
    const { page, context, errors } = await open('#/plans', { email: DEMO.chair, viewport: PHONE });
    await page.getByRole('link', { name: '+ Thêm kế hoạch' }).click();
    await page.getByLabel('Kế hoạch', { exact: true }).check();
    await page.getByLabel('Cơ quan ban hành').fill('Ủy ban nhân dân Phường 14');
    await page.getByLabel('Số hiệu').fill('112/KH-UBND');
    await page.getByLabel('Ngày ban hành (dd/mm/yyyy)').fill(`02/01/${year}`);
    await page.getByLabel('Năm thực hiện').fill(String(year));
    await page.getByLabel('Trích yếu (tên văn bản)').fill(`Kế hoạch giảm nghèo bền vững năm ${year}`);
    await page.getByLabel('Địa bàn thực hiện').fill('Phường 14');
    await page.locator('.results .result', { hasText: 'Phường 14' }).first().click();
    await assertNoHorizontalScroll(page);
    await shot(page, 'plan-form-360.png', true);
    await page.getByRole('button', { name: 'Tạo kế hoạch' }).click();
    await page.locator('h1', { hasText: `Kế hoạch giảm nghèo bền vững năm ${year}` }).waitFor();
    const id = Number(/#\/plans\/(\d+)/.exec(page.url())[1]);

    // The plan's words come from GET /meta: kinds of target, coverage indicators, frequencies.
    const meta = await chair.get('/api/v1/meta');
    assert.deepEqual(meta.frequencies.map((f) => f.code), ['once', 'monthly', 'quarterly', 'six_monthly', 'yearly']);
    assert.equal(meta.coverage_indicators.length, 7);
    const label = (list, code) => list.find((x) => x.code === code).label_vi;

    // Targets: a reduction count and rate, a coverage percentage.
    await page.getByRole('button', { name: 'Sửa chỉ tiêu' }).click();
    for (const c of meta.coverage_indicators) {
      assert.equal(await page.locator(`label[for="t-cov-${c.code}"]`).textContent(), `${c.label_vi} (%)`);
    }
    assert.equal(await page.locator('.targets .row .what').first().textContent(), label(meta.target_kinds, 'poor_reduction'));
    await page.locator('#t-poor_reduction-n').fill('2');
    await page.locator('#t-poor_reduction-r').fill('0,41');
    await page.locator('#t-cov-health_insurance').fill('100');
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu chỉ tiêu.' }).waitFor();
    assert.equal(
      await page.locator('li[data-indicator="health_insurance"] span').textContent(),
      label(meta.coverage_indicators, 'health_insurance'),
      'the plan shows the coverage target with the label of GET /meta',
    );
    assert.equal(await page.locator('[data-target-kind="poor_reduction"] dt').textContent(), label(meta.target_kinds, 'poor_reduction'));
    const targets = (await chair.get(`/api/v1/plans/${id}`)).targets;
    const red = targets.find((x) => x.kind === 'poor_reduction');
    assert.equal(red.households, 2);
    assert.equal(red.basis_points, 41);
    assert.equal(targets.find((x) => x.kind === 'coverage' && x.indicator === 'health_insurance').basis_points, 10_000);

    // A duty for every party cell: visit the assigned poor households, quarterly.
    await page.getByRole('button', { name: '+ Thêm nhiệm vụ' }).click();
    await page.getByLabel('Nội dung nhiệm vụ').fill('Thăm hỏi hộ nghèo được phân công');
    await page.getByLabel('Mọi đơn vị cùng loại trong địa bàn').check();
    await page.getByLabel('Loại đơn vị').selectOption('party_cell');
    await page.getByLabel('Hộ cận nghèo').uncheck();
    await page.getByLabel('Chỉ các hộ được giao cho đơn vị thực hiện').check();
    const freq = page.getByLabel('Tần suất', { exact: true });
    assert.deepEqual(
      await freq.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent])),
      meta.frequencies.map((f) => [f.code, f.label_vi]),
      'the frequencies of GET /meta, in its order, with its labels',
    );
    await freq.selectOption('quarterly');
    // The rule stays an input, with the date it gives, live.
    const days = page.getByLabel('Hạn trước khi hết kỳ (ngày)');
    const hint = page.locator('#' + (await days.getAttribute('id')) + '-hint');
    assert.equal(await hint.textContent(), `0 = ngày cuối kỳ. Ví dụ: Quý I/${year} hạn 31/03/${year}.`);
    await days.fill('5');
    assert.equal(await hint.textContent(), `0 = ngày cuối kỳ. Ví dụ: Quý I/${year} hạn 26/03/${year}.`);
    await days.fill('0');
    await page.getByRole('button', { name: 'Lưu và tạo công việc' }).click();
    const summary = page.locator('.expand[data-created]');
    await summary.waitFor();
    const created = Number(await summary.getAttribute('data-created'));
    const plan = await chair.get(`/api/v1/plans/${id}`);
    assert.equal(plan.duties.length, 1);
    assert.equal(plan.duties[0].tasks.total, created, 'the summary counts the tasks made');
    assert.ok(created > 0, 'the poor households of the cells get tasks this year');
    await shot(page, 'plan-duty-360.png', true);

    assert.match(await page.locator('tr[data-duty-id]').first().textContent(), new RegExp(label(meta.frequencies, 'quarterly') + `, hạn 31/03/${year}, 30/06/${year}, 30/09/${year}, 31/12/${year}`));

    // "Tạo công việc" again changes nothing.
    await page.getByRole('button', { name: 'Tạo công việc' }).click();
    await eventually(async () => assert.equal(await summary.getAttribute('data-created'), '0'));
    assert.equal(Number(await summary.getAttribute('data-unchanged')), created);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair puts a unit in charge of an area, then ends it', async () => {
    const year = Number(todayISO().slice(0, 4));
    const today = todayISO();
    const areasOf = async () => (await chair.get(`/api/v1/units/${cell.id}/areas`)).items;
    const before = await areasOf();
    // A neighbourhood of the ward the cell is not in charge of now.
    const busy = new Set(before.filter((a) => !a.valid_to).map((a) => a.area_id));
    const area = (await chair.get('/api/v1/areas?q=' + encodeURIComponent('Khu phố'))).items.find((a) => /^Khu phố \d+$/.test(a.name) && !busy.has(a.id));
    assert.ok(area, 'a neighbourhood of Phường 14 to put the cell in charge of');

    const { page, context, errors } = await open('#/assign', { email: DEMO.chair, viewport: PHONE });
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    await page.getByRole('tab', { name: 'Theo đơn vị' }).click();
    await page.locator('#unit-pick').selectOption(String(cell.id));
    const section = page.locator(`section[data-unit-areas="${cell.id}"]`);
    await section.getByRole('heading', { name: /Địa bàn phụ trách/ }).waitFor();
    assert.match(await section.locator('.hint').textContent(), /mọi đơn vị cùng loại/);
    const current = section.locator('ul.current');
    await eventually(async () => assert.equal(await section.getByText('Đang tải…').count(), 0));

    // Add: the area by its code, from the first of January, with a reason.
    await section.getByRole('button', { name: '+ Thêm địa bàn phụ trách' }).click();
    await section.locator('#unit-area-pick').fill(area.code);
    await section.locator('.results .result').filter({ has: page.locator('.detail', { hasText: new RegExp(`^${area.code}$`) }) }).click();
    await section.getByLabel('Từ ngày (dd/mm/yyyy)').fill(`01/01/${year}`);
    await section.getByLabel('Lý do').fill('Đảng ủy phân công theo dõi');
    await assertNoHorizontalScroll(page);
    await shotOf(section, 'unit-areas-add-360.png');
    await section.getByRole('button', { name: 'Giao phụ trách' }).click();
    await section.getByRole('status').filter({ hasText: `Đơn vị đã nhận phụ trách ${area.name}.` }).waitFor();
    const row = current.locator(`li[data-area-id="${area.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${area.name}\\s*từ 01/01/${year}\\s*Đảng ủy phân công theo dõi`));
    let mine = (await areasOf()).filter((a) => a.area_id === area.id && !a.valid_to);
    assert.equal(mine.length, 1, 'the charge is stored');
    assert.equal(mine[0].valid_from, `${year}-01-01`);
    assert.equal(mine[0].reason, 'Đảng ủy phân công theo dõi');

    // The same area again: the server's message (409) shows, nothing is added.
    const again = await chair.send('POST', `/api/v1/units/${cell.id}/areas`, { area_id: area.id });
    assert.equal(again.status, 409);
    await section.getByRole('button', { name: '+ Thêm địa bàn phụ trách' }).click();
    await section.locator('#unit-area-pick').fill(area.code);
    await section.locator('.results .result').filter({ has: page.locator('.detail', { hasText: new RegExp(`^${area.code}$`) }) }).click();
    await section.getByRole('button', { name: 'Giao phụ trách' }).click();
    assert.equal((await section.getByRole('alert').textContent()).includes(again.body.error.message), true, 'the server\'s message is shown');
    await section.getByRole('button', { name: 'Hủy' }).click();
    assert.equal(await current.locator(`li[data-area-id="${area.id}"]`).count(), 1);

    // End: a day before it began is refused with the server's message on the date.
    await row.getByRole('button', { name: `Kết thúc: ${area.name}` }).click();
    const endForm = row.locator('form.confirm');
    assert.match(await endForm.textContent(), new RegExp(`Kết thúc việc Chi bộ Khu phố 3 phụ trách ${area.name}\\?`));
    const endOn = endForm.getByLabel('Ngày kết thúc (dd/mm/yyyy)');
    assert.equal(await endOn.inputValue(), dmy(today), 'today by default');
    await assertNoHorizontalScroll(page);
    await shotOf(section, 'unit-areas-end-360.png');
    await endOn.fill(`31/12/${year - 1}`);
    await endForm.getByRole('button', { name: 'Xác nhận kết thúc' }).click();
    const dateError = endForm.locator('.field-error');
    await dateError.waitFor();
    assert.ok((await dateError.textContent()).trim().length > 0);
    assert.equal((await areasOf()).filter((a) => a.area_id === area.id && !a.valid_to).length, 1, 'still in charge');

    // Today, with why: confirmed, the row moves to the past ones.
    await endOn.fill(dmy(today));
    await endForm.getByLabel('Lý do').fill('Khu phố sáp nhập');
    await endForm.getByRole('button', { name: 'Xác nhận kết thúc' }).click();
    await section.getByRole('status').filter({ hasText: `Đơn vị thôi phụ trách ${area.name} từ ngày ${dmy(today)}.` }).waitFor();
    assert.equal(await current.locator(`li[data-area-id="${area.id}"]`).count(), 0);
    const past = section.locator('details.past');
    await past.locator('summary').click();
    const pastRow = past.locator(`li[data-area-id="${area.id}"]`);
    assert.match(await pastRow.textContent(), new RegExp(`${area.name}\\s*01/01/${year} – ${dmy(today)}\\s*Đảng ủy phân công theo dõi`));
    assert.equal((await pastRow.locator('[data-end-reason]').textContent()).trim(), 'Lý do kết thúc: Khu phố sáp nhập');
    mine = (await areasOf()).filter((a) => a.area_id === area.id);
    assert.deepEqual(mine.map((a) => [a.valid_from, a.valid_to, a.ended, a.end_reason]), [[`${year}-01-01`, today, true, 'Khu phố sáp nhập']]);
    await assertNoHorizontalScroll(page);
    await shotOf(section, 'unit-areas-360.png');

    await page.setViewportSize(TV);
    await assertNoHorizontalScroll(page);
    await shotOf(section, 'unit-areas-1920.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a unit\'s leader sees its areas in charge but cannot change them', async () => {
    const { page, context } = await open('#/assign', { email: DEMO.leader, viewport: PHONE });
    const section = page.locator(`section[data-unit-areas="${cell.id}"]`);
    await section.getByRole('heading', { name: /Địa bàn phụ trách/ }).waitFor();
    await eventually(async () => assert.equal(await section.getByText('Đang tải…').count(), 0));
    assert.equal(await section.getByRole('button', { name: '+ Thêm địa bàn phụ trách' }).count(), 0);
    assert.equal(await section.getByRole('button', { name: /^Kết thúc/ }).count(), 0);
    await context.close();
  });

  test('a viewer reads plans without changing them', async () => {
    const { page, context } = await open('#/plans', { email: DEMO.viewer, viewport: PHONE });
    await page.locator('li[data-plan-id] h2 a').first().click();
    await page.locator('tr[data-duty-id]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Tạo công việc' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Sửa chỉ tiêu' }).count(), 0);
    await page.goto(server.baseURL + '/#/plans');
    assert.equal(await page.getByRole('link', { name: '+ Thêm kế hoạch' }).count(), 0);
    await context.close();
  });
});
