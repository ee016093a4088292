// Managing the area tree (#/areas): the ward's officer, on a phone, adds a
// residential group under Khu phố 3, renames it (a code already used is
// refused on its field), records its households for the year, moves it under
// Khu phố 4 from today and merges it into Tổ dân phố 24 (not before the day
// it was moved) after a confirmation that nothing is deleted — each step
// checked through the API; a chair and a district viewer see no action.
// Against the real binary and the demo ward Phường 14.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

/** Today in Vietnam (UTC+7) as ISO yyyy-mm-dd. */
const todayISO = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
/** "2026-11-22" → "22/11/2026", as the screens show dates. */
const dmy = (iso) => iso.split('-').reverse().join('/');

describe('managing the area tree', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let officer; // API client
  let kp3, kp4, t24; // Khu phố 3, Khu phố 4, Tổ dân phố 24 (under Khu phố 4)
  let year; // the current year, from GET /meta

  const byCode = async (code) => (await officer.get('/api/v1/areas?q=' + encodeURIComponent(code))).items.find((a) => a.code === code);

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    officer = await apiSession(server.baseURL, DEMO.officer);
    [kp3, kp4, t24] = await Promise.all(['26890-KP03', '26890-KP04', '26890-KP04-T24'].map(byCode));
    assert.equal(kp3?.name, 'Khu phố 3');
    assert.equal(kp4?.name, 'Khu phố 4');
    assert.equal(t24?.parent_id, kp4.id);
    year = (await officer.get('/api/v1/meta')).current_year;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the officer adds, renames, counts, moves and merges a residential group on a phone', async () => {
    const today = todayISO();
    const { page, context, errors } = await open('#/areas', { email: DEMO.officer, viewport: PHONE });
    const node = (id) => page.locator(`li.area[data-area-id="${id}"]`);
    const panel = (id) => page.locator(`[data-manage-area="${id}"]`);
    const status = (id, text) => panel(id).getByRole('status').filter({ hasText: text });

    // 1. Add a child area under Khu phố 3.
    await page.getByRole('button', { name: 'Quản lý địa bàn Khu phố 3' }).click();
    await panel(kp3.id).getByRole('button', { name: 'Thêm địa bàn trực thuộc' }).click();
    const add = panel(kp3.id).locator('form[data-area-form="add"]');
    assert.equal(await add.getByLabel('Cấp').inputValue(), 'residential_group', 'a neighbourhood’s child is a residential group');
    assert.ok(await add.getByLabel('Khu vực thành thị').isChecked(), 'urban like its parent');
    await add.getByLabel('Mã địa bàn').fill('26890-KP03-T99');
    await add.getByLabel('Tên địa bàn').fill('Tổ 99');
    await assertNoHorizontalScroll(page);
    await shot(page, 'areas-add-360.png');
    await add.getByRole('button', { name: 'Thêm địa bàn' }).click();
    await page.locator('[data-manage-area]').getByRole('status').filter({ hasText: 'Đã thêm Tổ 99 vào Khu phố 3.' }).waitFor();

    const created = (await officer.get(`/api/v1/areas?parent_id=${kp3.id}`)).items.find((a) => a.code === '26890-KP03-T99');
    assert.ok(created, 'stored under Khu phố 3');
    assert.deepEqual([created.name, created.kind, created.urban, created.parent_id, created.version], ['Tổ 99', 'residential_group', true, kp3.id, 1]);
    const id = created.id;
    await status(id, 'Đã thêm Tổ 99 vào Khu phố 3.').waitFor();
    await node(kp3.id).locator(`li.area[data-area-id="${id}"]`).waitFor();

    // 2. Rename it; a code already used is refused on its field first.
    await panel(id).getByRole('button', { name: 'Sửa', exact: true }).click();
    const edit = panel(id).locator('form[data-area-form="edit"]');
    assert.equal(await edit.getByLabel('Tên địa bàn').inputValue(), 'Tổ 99');
    await edit.getByLabel('Mã địa bàn').fill('26890-KP04');
    await edit.getByLabel('Tên địa bàn').fill('Tổ dân phố 99');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await edit.locator('[role="alert"][data-error-code="invalid"]').waitFor();
    assert.equal(await edit.locator('.field.invalid .field-error').textContent(), 'Trường Mã (code): giá trị 26890-KP04 đã được dùng.');
    assert.equal((await officer.get(`/api/v1/areas/${id}`)).area.name, 'Tổ 99', 'nothing written');
    await edit.getByLabel('Mã địa bàn').fill('26890-KP03-T99');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await status(id, 'Đã lưu Tổ dân phố 99.').waitFor();
    let stored = (await officer.get(`/api/v1/areas/${id}`)).area;
    assert.deepEqual([stored.name, stored.code, stored.version], ['Tổ dân phố 99', '26890-KP03-T99', 2]);
    assert.equal(await node(id).getAttribute('data-area-name'), 'Tổ dân phố 99');

    // 3. Its total number of households this year.
    await panel(id).getByRole('button', { name: 'Tổng số hộ năm …' }).click();
    const totals = panel(id).locator('form[data-area-form="total"]');
    assert.equal(await totals.getByLabel('Năm').inputValue(), String(year));
    await totals.getByRole('button', { name: 'Lưu tổng số hộ' }).click();
    assert.equal(await totals.locator('.field-error').textContent(), 'Bắt buộc nhập.');
    await totals.getByLabel('Tổng số hộ').fill('1.085');
    await totals.getByRole('button', { name: 'Lưu tổng số hộ' }).click();
    await status(id, `Đã lưu tổng số hộ năm ${year} của Tổ dân phố 99: 1.085 hộ.`).waitFor();
    assert.deepEqual((await officer.get(`/api/v1/areas/${id}`)).totals, [{ area_id: id, year, total: 1085 }]);
    await panel(id).getByRole('button', { name: 'Tổng số hộ năm …' }).click();
    await panel(id).locator(`li[data-year="${year}"][data-total="1085"]`).waitFor();
    await panel(id).getByRole('button', { name: 'Hủy' }).click();

    // 4. Move it under Khu phố 4 from today.
    await panel(id).getByRole('button', { name: 'Chuyển địa bàn cấp trên' }).click();
    const move = panel(id).locator('form[data-area-form="reparent"]');
    assert.match(await move.textContent(), /Lịch sử cấp trên cũ được giữ/);
    await move.getByLabel('Địa bàn cấp trên mới').fill('26890-KP04');
    await move.locator('.results .result', { hasText: 'Khu phố 4' }).first().click();
    assert.equal(await move.getByLabel('Từ ngày (dd/mm/yyyy)').inputValue(), dmy(today));
    await move.getByLabel('Lý do (không bắt buộc)').fill('Điều chỉnh địa giới khu phố');
    await assertNoHorizontalScroll(page);
    await move.getByRole('button', { name: 'Chuyển địa bàn' }).click();
    await status(id, `Đã chuyển Tổ dân phố 99 sang Khu phố 4 từ ngày ${dmy(today)}.`).waitFor();
    stored = (await officer.get(`/api/v1/areas/${id}`)).area;
    assert.equal(stored.parent_id, kp4.id);
    const history = (await officer.get(`/api/v1/areas/${id}/history`)).items;
    assert.deepEqual(
      history.map((h) => [h.parent_id, h.valid_from, h.valid_to, h.reason]),
      [
        [kp3.id, today, today, ''],
        [kp4.id, today, null, 'Điều chỉnh địa giới khu phố'],
      ],
    );
    // The tree follows: under Khu phố 4 now, gone from Khu phố 3.
    await node(kp4.id).locator(`li.area[data-area-id="${id}"]`).waitFor();
    assert.equal(await node(kp3.id).locator(`li.area[data-area-id="${id}"]`).count(), 0);
    await panel(id).getByText('Lịch sử cấp trên (2)').click();
    await eventually(async () => assert.match(await panel(id).locator(`[data-history-id="${history[1].id}"]`).textContent(), /nay: thuộc\s*Khu phố 4/));
    await shot(page, 'areas-moved-360.png');

    // 5. Merge it into Tổ dân phố 24, asked first; nothing is deleted. Not before
    // the day it was moved (today): the screen says so, and so does the server.
    await panel(id).getByRole('button', { name: 'Sáp nhập vào…' }).click();
    const merge = panel(id).locator('form[data-area-form="merge"]');
    await merge.getByLabel('Sáp nhập vào địa bàn').fill('26890-KP04-T24');
    await merge.locator('.results .result', { hasText: 'Tổ dân phố 24' }).first().click();
    const mergeOn = merge.getByLabel('Từ ngày (dd/mm/yyyy)');
    await mergeOn.fill('01/01/2020');
    await merge.getByRole('button', { name: 'Tiếp tục…' }).click();
    assert.match(await merge.locator('.field-error').textContent(), new RegExp(`Ngày phải từ ${dmy(today)} trở đi`));
    const early = await officer.send('POST', `/api/v1/areas/${id}/merge`, { into_id: t24.id, on: '2020-01-01' });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.fields[0].field, 'on');
    assert.equal((await officer.get(`/api/v1/areas/${id}`)).area.dissolved_on, null, 'nothing merged');
    await mergeOn.fill(dmy(today));
    await merge.getByRole('button', { name: 'Tiếp tục…' }).click();
    const dialog = merge.getByRole('alertdialog');
    await dialog.waitFor();
    const asked = await dialog.textContent();
    assert.match(asked, new RegExp(`Sáp nhập Tổ dân phố 99 vào Tổ dân phố 24 từ ngày ${dmy(today)}\\?`));
    assert.match(asked, /Không có gì bị xóa/);
    assert.match(asked, /lịch sử và số liệu các năm trước được giữ nguyên/);
    await assertNoHorizontalScroll(page);
    await shot(page, 'areas-merge-confirm-360.png');
    assert.equal((await officer.get(`/api/v1/areas/${id}`)).area.dissolved_on, null, 'nothing sent before the confirmation');
    await dialog.getByRole('button', { name: 'Xác nhận sáp nhập' }).click();
    await status(id, `Đã sáp nhập Tổ dân phố 99 vào Tổ dân phố 24 từ ngày ${dmy(today)}. Lịch sử được giữ nguyên.`).waitFor();

    const merged = await officer.get(`/api/v1/areas/${id}`);
    assert.equal(merged.area.dissolved_on, today);
    assert.equal(merged.area.merged_into_id, t24.id);
    assert.deepEqual(merged.totals, [{ area_id: id, year, total: 1085 }], 'its figures are kept');
    const after = (await officer.get(`/api/v1/areas/${id}/history`)).items;
    assert.equal(after.length, 2, 'its history is kept');
    assert.equal(after[1].valid_to, today);
    // Shown as dissolved, with no action left, only its history.
    assert.match(await node(id).locator('.node').textContent(), new RegExp(`Đã sáp nhập ${dmy(today)}`));
    assert.match(await panel(id).textContent(), /Địa bàn đã sáp nhập hoặc giải thể/);
    await eventually(async () => assert.match(await panel(id).textContent(), /Đã sáp nhập vào:\s*Tổ dân phố 24/));
    assert.equal(await panel(id).getByRole('button', { name: 'Sửa', exact: true }).count(), 0);
    await assertNoHorizontalScroll(page);
    await shot(page, 'areas-merged-360.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('on a TV the panel opens under the area, and closes', async () => {
    const { page, context, errors } = await open('#/areas', { email: DEMO.officer, viewport: TV });
    const btn = page.getByRole('button', { name: 'Quản lý địa bàn Khu phố 4' });
    await btn.click();
    assert.equal(await btn.getAttribute('aria-expanded'), 'true');
    const panel = page.locator(`li.area[data-area-id="${kp4.id}"] > [data-manage-area="${kp4.id}"]`);
    await panel.getByRole('button', { name: 'Sáp nhập vào…' }).waitFor();
    assert.equal(await panel.getByRole('link', { name: 'Đơn vị phụ trách trên địa bàn' }).getAttribute('href'), `#/units?area_id=${kp4.id}`);
    await shot(page, 'areas-manage-1920.png');
    await panel.getByRole('button', { name: 'Đóng' }).click();
    await panel.waitFor({ state: 'detached' });
    assert.equal(await btn.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a chair and a district viewer see the tree without any action', async () => {
    for (const email of [DEMO.chair, DEMO.viewer]) {
      const api = await apiSession(server.baseURL, email);
      const r = await api.send('POST', '/api/v1/areas', { code: 'X-' + email.length, name: 'X', kind: 'residential_group', urban: true, parent_id: kp3.id });
      assert.equal(r.status, 403, email);
      for (const viewport of [PHONE, TV]) {
        const { page, context, errors } = await open('#/areas', { email, viewport });
        await page.locator('li.area').first().waitFor();
        await page.locator('li.area li.area').first().waitFor(); // the lone root opened by itself
        assert.equal(await page.getByRole('button', { name: /^Quản lý/ }).count(), 0);
        assert.equal(await page.locator('[data-manage-area]').count(), 0);
        await assertNoHorizontalScroll(page);
        if (email === DEMO.viewer) await shot(page, `areas-viewer-${viewport.width}.png`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  });
});
