// The units screen (đơn vị phụ trách, #/units): the ward's officer adds a
// residential group under Khu phố 3, finds it, edits it, is told when a code is
// already used, and archives it — each step checked through the API; a chair
// goes from a unit to its members and households; a district viewer reads
// without any action; the admin's bar stays on one line at 1920 px.
// Against the real binary and the demo ward Phường 14.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

const CODE = '26890-TDP-KP03-09';
const NAME = 'Tổ dân phố 9 Khu phố 3';

describe('responsible units', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let officer; // API clients
  let kp3; // the area Khu phố 3
  let cell; // Chi bộ Khu phố 3
  let unitId; // the unit the officer creates

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    officer = await apiSession(server.baseURL, DEMO.officer);
    kp3 = (await officer.get('/api/v1/areas?q=' + encodeURIComponent('26890-KP03'))).items.find((a) => a.code === '26890-KP03');
    assert.ok(kp3, 'the demo ward has Khu phố 3');
    cell = (await officer.get('/api/v1/units?q=' + encodeURIComponent('26890-CB-KP03'))).items[0];
    assert.equal(cell?.name, 'Chi bộ Khu phố 3');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const byCode = async (code, archived = false) =>
    (await officer.get('/api/v1/units?q=' + encodeURIComponent(code) + (archived ? '&archived=true' : ''))).items.filter((u) => u.code === code);

  test('the officer adds a residential group on a phone, finds it and edits it', async () => {
    const { page, context, errors } = await open('#/areas', { email: DEMO.officer, viewport: PHONE });
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.locator('h1', { hasText: 'Đơn vị phụ trách' }).waitFor();
    const all = (await officer.get('/api/v1/units')).items.length;
    await page.locator(`.total[data-total="${all}"]`).waitFor();
    assert.equal(await page.locator('li[data-unit-id]').count(), all);

    await page.getByRole('button', { name: '+ Thêm đơn vị' }).click();
    const form = page.locator('form[data-unit-form="new"]');
    // Nothing typed: the form's own checks, nothing sent.
    await form.getByRole('button', { name: 'Tạo đơn vị' }).click();
    assert.equal(await form.locator('.field-error', { hasText: 'Bắt buộc nhập.' }).count(), 4);
    await form.getByLabel('Mã đơn vị').fill(CODE);
    await form.getByLabel('Tên đơn vị').fill(NAME);
    await form.getByLabel('Loại').selectOption('residential_group');
    assert.equal(await form.getByLabel('Chức danh (công chức phụ trách)').count(), 0, 'the post is for officials only');
    await form.getByLabel('Địa bàn').fill('26890-KP03');
    await form.locator('.results .result', { hasText: 'Khu phố 3' }).first().click();
    await form.getByLabel('Đơn vị cấp trên (không bắt buộc)').selectOption(String(cell.id));
    await assertNoHorizontalScroll(page);
    await form.getByRole('heading', { name: 'Thêm đơn vị' }).scrollIntoViewIfNeeded();
    await shot(page, 'units-form-360.png');
    await form.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByRole('status').filter({ hasText: `Đã tạo đơn vị ${NAME}.` }).waitFor();

    const [created] = await byCode(CODE);
    assert.ok(created, 'the unit is stored');
    assert.equal(created.name, NAME);
    assert.equal(created.kind, 'residential_group');
    assert.equal(created.area_id, kp3.id);
    assert.equal(created.parent_id, cell.id);
    assert.equal(created.version, 1);
    unitId = created.id;

    // Listed with its kind, area and parent; found by a search.
    const card = page.locator(`li[data-unit-id="${unitId}"]`);
    await card.waitFor();
    const text = await card.textContent();
    assert.match(text, /Tổ dân phố/);
    assert.match(text, /Khu phố 3/);
    assert.match(text, /Trực thuộc Chi bộ Khu phố 3/);
    await page.locator('.total[data-total]').filter({ hasText: `${all + 1} đơn vị` }).waitFor();
    await page.getByText('Bộ lọc', { exact: true }).click();
    await page.getByLabel('Tìm kiếm').fill('tdp-kp03-09');
    await page.locator('.total[data-total="1"]').waitFor();
    assert.equal(await page.locator('li[data-unit-id]').count(), 1);
    assert.match(page.url(), /#\/units\?q=tdp-kp03-09/);

    // Edit: it becomes an official by post, under Khu phố 3 still.
    await card.getByRole('button', { name: `Sửa: ${NAME}` }).click();
    const edit = page.locator(`form[data-unit-form="${unitId}"]`);
    assert.equal(await edit.getByLabel('Mã đơn vị').inputValue(), CODE);
    await edit.getByLabel('Tên đơn vị').fill('Tổ trưởng tổ dân phố 9');
    await edit.getByLabel('Loại').selectOption('official');
    await edit.getByLabel('Chức danh (công chức phụ trách)').fill('Tổ trưởng');
    await assertNoHorizontalScroll(page);
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu đơn vị Tổ trưởng tổ dân phố 9.' }).waitFor();
    const edited = await officer.get(`/api/v1/units/${unitId}`);
    assert.deepEqual(
      [edited.name, edited.kind, edited.post, edited.area_id, edited.parent_id, edited.version],
      ['Tổ trưởng tổ dân phố 9', 'official', 'Tổ trưởng', kp3.id, cell.id, 2],
    );
    await eventually(async () => assert.match(await card.textContent(), /Công chức phụ trách.*Tổ trưởng tổ dân phố 9.*Tổ trưởng/s));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a code already used is refused on its field, and nothing is stored', async () => {
    assert.ok(unitId, 'runs after the unit is created');
    const before = (await officer.get('/api/v1/units')).items.length;
    const { page, context, errors } = await open('#/units', { email: DEMO.officer, viewport: TV });
    await page.getByRole('button', { name: '+ Thêm đơn vị' }).click();
    const form = page.locator('form[data-unit-form="new"]');
    await form.getByLabel('Mã đơn vị').fill(CODE);
    await form.getByLabel('Tên đơn vị').fill('Tổ dân phố trùng mã');
    await form.getByLabel('Loại').selectOption('residential_group');
    await form.getByLabel('Địa bàn').fill('26890-KP03');
    await form.locator('.results .result', { hasText: 'Khu phố 3' }).first().click();
    await form.getByRole('button', { name: 'Tạo đơn vị' }).click();
    // The server's answer: 422 with the code named; the form keeps what was typed.
    await form.locator('[role="alert"][data-error-code="invalid"]').waitFor();
    const err = form.locator('.field.invalid .field-error');
    assert.equal(await err.count(), 1);
    assert.equal(await err.textContent(), `Trường Mã (code): giá trị ${CODE} đã được dùng.`);
    assert.equal(await form.getByLabel('Mã đơn vị').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Tên đơn vị').inputValue(), 'Tổ dân phố trùng mã');
    await shot(page, 'units-duplicate-1920.png');
    const direct = await officer.send('POST', '/api/v1/units', { code: CODE, name: 'x', kind: 'other', area_id: kp3.id });
    assert.equal(direct.status, 422);
    assert.deepEqual(direct.body.error.fields.map((f) => f.field), ['code']);
    assert.equal((await officer.get('/api/v1/units')).items.length, before);
    assert.equal((await byCode(CODE)).length, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the officer archives the unit after a confirmation; it is kept, not deleted', async () => {
    assert.ok(unitId, 'runs after the unit is created');
    const { page, context, errors } = await open('#/units?area_id=' + kp3.id, { email: DEMO.officer, viewport: TV });
    const card = page.locator(`li[data-unit-id="${unitId}"]`);
    await card.getByRole('button', { name: 'Lưu trữ: Tổ trưởng tổ dân phố 9' }).click();
    const dialog = card.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Lưu trữ đơn vị Tổ trưởng tổ dân phố 9\?/);
    assert.match(await dialog.textContent(), /không bị xóa/);
    await shot(page, 'units-archive-1920.png');
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    assert.equal((await officer.get(`/api/v1/units/${unitId}`)).archived_at, null);
    await card.getByRole('button', { name: 'Lưu trữ: Tổ trưởng tổ dân phố 9' }).click();
    await card.getByLabel('Lý do').fill('Sáp nhập vào tổ dân phố 8');
    await card.getByRole('button', { name: 'Xác nhận lưu trữ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu trữ đơn vị Tổ trưởng tổ dân phố 9.' }).waitFor();
    await card.waitFor({ state: 'detached' });

    const archived = await officer.get(`/api/v1/units/${unitId}`);
    assert.ok(archived.archived_at, 'archived');
    assert.equal(archived.version, 3);
    assert.equal(archived.archive_reason, 'Sáp nhập vào tổ dân phố 8');
    assert.equal(archived.area_name, kp3.name, 'the list and reads carry the area\'s name');
    assert.equal((await byCode(CODE)).length, 0, 'no longer among the current units');
    assert.equal((await byCode(CODE, true)).length, 1, 'kept among the archived ones');

    // Shown among the archived units, with no action left.
    await page.getByLabel('Chỉ hiện đơn vị đã lưu trữ').check();
    await card.waitFor();
    assert.match(await card.textContent(), /Lưu trữ \d{2}\/\d{2}\/\d{4}/);
    assert.equal((await card.locator('[data-archive-reason]').textContent()).trim(), 'Sáp nhập vào tổ dân phố 8');
    assert.equal(await card.getByRole('button').count(), 0);
    assert.match(page.url(), /archived=true/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a chair opens a unit\'s members, households and areas from the list', async () => {
    const chair = await apiSession(server.baseURL, DEMO.chair);
    assert.equal((await chair.send('POST', '/api/v1/units', { code: 'X-1', name: 'X', kind: 'other', area_id: kp3.id })).status, 403);
    const { page, context, errors } = await open('#/units?q=26890-CB-KP03', { email: DEMO.chair, viewport: PHONE });
    const card = page.locator(`li[data-unit-id="${cell.id}"]`);
    await card.waitFor();
    // A chair assigns but does not keep the register: no edit, no archive.
    assert.equal(await card.getByRole('button').count(), 0);
    assert.equal(await page.getByRole('button', { name: '+ Thêm đơn vị' }).count(), 0);
    await card.getByRole('link', { name: 'Thành viên, hộ và địa bàn phụ trách của Chi bộ Khu phố 3' }).click();
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    assert.match(page.url(), new RegExp(`#/assign\\?tab=unit&unit=${cell.id}$`));
    await page.locator(`[data-unit-areas="${cell.id}"]`).waitFor();
    assert.equal(await page.locator('#unit-pick').inputValue(), String(cell.id));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a district viewer reads the units without any action', async () => {
    const viewer = await apiSession(server.baseURL, DEMO.viewer);
    const seen = (await viewer.get('/api/v1/units')).items.length;
    assert.ok(seen > 0);
    assert.equal((await viewer.send('POST', '/api/v1/units', { code: 'V-1', name: 'V', kind: 'other', area_id: kp3.id })).status, 403);
    for (const viewport of [PHONE, TV]) {
      const { page, context, errors } = await open('#/units', { email: DEMO.viewer, viewport });
      await page.locator(`.total[data-total="${seen}"]`).waitFor();
      assert.equal(await page.locator('li[data-unit-id]').count(), seen);
      assert.equal(await page.locator('li[data-unit-id] button').count(), 0);
      assert.equal(await page.getByRole('button', { name: '+ Thêm đơn vị' }).count(), 0);
      await assertNoHorizontalScroll(page);
      await shot(page, `units-viewer-${viewport.width}.png`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('the admin\'s bar keeps every link on one line at 1920 px, even with a long name', async () => {
    const admin = await apiSession(server.baseURL, DEMO.admin);
    const me = await admin.get('/api/v1/me');
    const long = 'Nguyễn Thị Phương Thảo — Quản trị hệ thống toàn quốc';
    const r = await admin.send('PUT', '/api/v1/me', { version: me.user.version, name: long, phone: me.user.phone, lang: 'vi' });
    assert.equal(r.status, 200);
    for (const lang of ['VI', 'EN']) {
      const { page, context, errors } = await open('#/units', { email: DEMO.admin, viewport: TV });
      await page.locator('li[data-unit-id]').first().waitFor();
      if (lang === 'EN') {
        await page.getByRole('button', { name: 'EN', exact: true }).click();
        await page.locator('h1', { hasText: 'Responsible units' }).waitFor();
      }
      const links = await page.locator('nav[aria-label] a').allTextContents();
      assert.equal(links.length, 10, links.join(', ')); // with "Báo cáo" (periodic reports)
      assert.ok(links.includes(lang === 'VI' ? 'Đơn vị' : 'Units'));
      await eventually(async () => {
        // Every item's middle on the same line (they are centred on it).
        const middles = await page.evaluate(() =>
          [...document.querySelectorAll('.bar .brand, .bar nav a, .bar .user-btn, .bar .lang')].map((e) => {
            const r = e.getBoundingClientRect();
            return Math.round((r.top + r.bottom) / 2);
          }),
        );
        assert.ok(Math.max(...middles) - Math.min(...middles) <= 4, `one line: ${middles}`);
      });
      assert.equal(await page.locator('.user-btn').getAttribute('title'), long);
      await shot(page, `units-admin-bar-${lang.toLowerCase()}-1920.png`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
