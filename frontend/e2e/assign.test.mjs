// End-to-end paths of the chair and a unit's leader (issue 4): the
// assignment screen (bulk by filter, spreading a unit over its members,
// importing from Excel) and the plan screens (the seed-000 resolution with
// its duties and tasks, targets, a new plan with a duty expanded into
// tasks). Against the real binary and the demo ward Phường 14.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';
import { xlsx } from './xlsx.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('assignments and plans', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let chair; // API clients
  let member;
  let cell; // Chi bộ Khu phố 3, led by the demo leader, with the demo member
  let unitHouseholds; // how many households the cell has at the start

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    chair = await apiSession(server.baseURL, DEMO.chair);
    member = await apiSession(server.baseURL, DEMO.member);
    const leader = await apiSession(server.baseURL, DEMO.leader);
    cell = (await chair.get('/api/v1/units?q=' + encodeURIComponent('Chi bộ Khu phố 3'))).items.find((u) => u.name === 'Chi bộ Khu phố 3');
    assert.ok(cell, 'the demo ward has the party cell of Khu phố 3');
    unitHouseholds = (await leader.get('/api/v1/households?per_page=1')).total;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const memberTotal = async () => (await member.get('/api/v1/households?per_page=1')).total;

  test('the leader spreads their own unit over its members', async () => {
    const before = await memberTotal();
    assert.ok(before < unitHouseholds, 'some households of the cell have no one in charge yet');
    const { page, context, errors } = await open('#/assign', { email: DEMO.leader, viewport: PHONE });
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    // A leader shares out their unit: no bulk assignment by filter.
    assert.equal(await page.getByRole('tab', { name: 'Giao theo bộ lọc' }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Theo đơn vị' }).getAttribute('aria-selected'), 'true');
    await eventually(async () => assert.equal(await page.locator('#unit-pick').inputValue(), String(cell.id)));
    await page.getByRole('button', { name: 'Chia đều cho thành viên…' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Xác nhận chia' }).click();
    const result = page.locator('.notice[data-assigned]');
    await result.waitFor();
    const assigned = Number(await result.getAttribute('data-assigned'));
    const unchanged = Number(await result.getAttribute('data-unchanged'));
    assert.equal(assigned + unchanged, unitHouseholds, 'every household of the unit is dealt out');
    assert.equal(assigned, unitHouseholds - before);
    // One member in the demo cell: all of the unit's households are theirs now.
    const row = result.locator(`tr[data-member-id="${member.user.id}"] td.num`);
    assert.equal(await row.textContent(), String(unitHouseholds));
    assert.equal(await memberTotal(), unitHouseholds);
    await assertNoHorizontalScroll(page);
    await shot(page, 'spread-360.png', true);
    assert.deepEqual(errors, []);
    await context.close();
  });

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
    await page.getByRole('button', { name: `Giao ${want.total} hộ cho đơn vị…` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(`Giao ${want.total} hộ cho Chi bộ Khu phố 3`));
    await shot(page, 'assign-bulk-1920.png');
    await dialog.getByRole('button', { name: `Xác nhận giao ${want.total} hộ` }).click();
    const done = page.locator('.notice[data-assigned]');
    await done.waitFor();
    assert.equal(Number(await done.getAttribute('data-assigned')), want.total);
    assert.equal(Number(await done.getAttribute('data-unchanged')), 0);
    // Through the API: every one of them is now with the cell.
    for (const h of want.items) {
      const current = (await chair.get(`/api/v1/households/${h.id}/assignments`)).items.filter((a) => a.unit_id != null && !a.valid_to);
      assert.deepEqual(current.map((a) => a.unit_id), [cell.id], `${h.code} is with the cell`);
    }

    // Then to the unit's panel, and share them out.
    await done.getByRole('button', { name: /Chia cho thành viên của Chi bộ Khu phố 3/ }).click();
    assert.equal(await page.getByRole('tab', { name: 'Theo đơn vị' }).getAttribute('aria-selected'), 'true');
    await page.getByRole('button', { name: 'Chia đều cho thành viên…' }).click();
    await page.getByRole('button', { name: 'Xác nhận chia' }).click();
    const spread = page.locator('.notice[data-assigned]');
    await spread.waitFor();
    const total = unitHouseholds + want.total;
    assert.equal(Number(await spread.getAttribute('data-assigned')) + Number(await spread.getAttribute('data-unchanged')), total);
    assert.equal(await spread.locator(`tr[data-member-id="${member.user.id}"] td.num`).textContent(), String(total));
    assert.equal(await memberTotal(), total);
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

    // Its tasks, in the task list.
    await duty.getByRole('link', { name: /nhiệm vụ/ }).click();
    await page.locator('h1', { hasText: 'Nhiệm vụ' }).waitFor();
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

    // Targets: a reduction count and rate, a coverage percentage.
    await page.getByRole('button', { name: 'Sửa chỉ tiêu' }).click();
    await page.locator('#t-poor_reduction-n').fill('2');
    await page.locator('#t-poor_reduction-r').fill('0,41');
    await page.locator('#t-cov-health_insurance').fill('100');
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu chỉ tiêu.' }).waitFor();
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
    await page.getByLabel('Tần suất', { exact: true }).selectOption('quarterly');
    await page.getByRole('button', { name: 'Lưu và tạo nhiệm vụ' }).click();
    const summary = page.locator('.expand[data-created]');
    await summary.waitFor();
    const created = Number(await summary.getAttribute('data-created'));
    const plan = await chair.get(`/api/v1/plans/${id}`);
    assert.equal(plan.duties.length, 1);
    assert.equal(plan.duties[0].tasks.total, created, 'the summary counts the tasks made');
    assert.ok(created > 0, 'the poor households of the cells get tasks this year');
    await shot(page, 'plan-duty-360.png', true);

    // "Tạo nhiệm vụ" again changes nothing.
    await page.getByRole('button', { name: 'Tạo nhiệm vụ' }).click();
    await eventually(async () => assert.equal(await summary.getAttribute('data-created'), '0'));
    assert.equal(Number(await summary.getAttribute('data-unchanged')), created);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a viewer reads plans without changing them', async () => {
    const { page, context } = await open('#/plans', { email: DEMO.viewer, viewport: PHONE });
    await page.locator('li[data-plan-id] h2 a').first().click();
    await page.locator('tr[data-duty-id]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Tạo nhiệm vụ' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Sửa chỉ tiêu' }).count(), 0);
    await page.goto(server.baseURL + '/#/plans');
    assert.equal(await page.getByRole('link', { name: '+ Thêm kế hoạch' }).count(), 0);
    await context.close();
  });
});
