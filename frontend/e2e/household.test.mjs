// End-to-end paths through the register on a 360×640 phone screen, against the
// real binary and the demo ward Phường 14 (126 tracked households: 50 poor,
// 76 near-poor), signed in as the ward's officer (công chức VHXH).
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiSession, assertNoHorizontalScroll, chromiumPath, DEMO, eventually, launchBrowser, pages, screenshotDir, startServer, stripAccents } from './server.mjs';

const chromiumMissing = !fs.existsSync(chromiumPath);

if (chromiumMissing && process.env.CI === 'true') {
  test('chromium is installed', () => {
    assert.fail(`${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium)`);
  });
}

describe('Chung Tay web app', { skip: chromiumMissing ? `${chromiumPath} is missing: end-to-end tests skipped (apt-get install -y chromium)` : false }, () => {
  let server;
  let browser;
  let officer; // API client signed in as the officer
  let open; // opens a signed-in page
  let ward; // Phường 14, from the API

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(screenshotDir, { recursive: true });
    officer = await apiSession(server.baseURL, DEMO.officer);
    open = pages(server, browser).open;
    const found = await api('/api/v1/areas?q=' + encodeURIComponent('Phường 14'));
    ward = found.items.find((a) => a.name === 'Phường 14');
    assert.ok(ward, 'the demo data has Phường 14');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** GET as the officer. */
  const api = (p) => officer.get(p);

  /** A fresh phone-sized page signed in as the officer (or `email`). */
  const phone = (hash = '#/areas', email = DEMO.officer) => open(hash, { email });

  const noHorizontalScroll = assertNoHorizontalScroll;

  /** Opens the tree down to Phường 14 by clicking the toggles of its ancestors. */
  async function openToWard(page) {
    // The officer's tree starts at the ward (areas above the grant are not shown).
    const detail = await api(`/api/v1/areas/${ward.id}`);
    for (const a of detail.ancestors ?? []) {
      const toggle = page.locator(`li[data-area-id="${a.id}"] > .node > button.toggle`);
      await toggle.waitFor();
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    }
    const node = page.locator(`li[data-area-id="${ward.id}"]`);
    await node.waitFor();
    return node;
  }

  async function totalShown(page) {
    return (await page.locator('.total[data-total]').textContent()).trim();
  }

  test('the app opens in Vietnamese, with the officer\'s menu', async () => {
    const { page, context, errors } = await phone('');
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    assert.equal(await nav.getByRole('link', { name: 'Hộ gia đình' }).isVisible(), true);
    assert.equal(await nav.getByRole('link', { name: 'Nhập Excel' }).isVisible(), true);
    assert.equal(await nav.getByRole('link', { name: 'Nhật ký' }).isVisible(), true);
    assert.equal(await nav.getByRole('link', { name: 'Người dùng' }).count(), 0, 'only admins manage users');
    // The user menu: my account and signing out.
    assert.ok(await page.getByRole('link', { name: 'Tài khoản của tôi' }).isVisible());
    assert.ok(await page.getByRole('button', { name: 'Đăng xuất', exact: true }).isVisible());
    assert.ok(await page.getByRole('button', { name: 'Đăng xuất mọi nơi' }).isVisible());
    await noHorizontalScroll(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the area tree shows Phường 14 with 50 poor and 76 near-poor households', async () => {
    const { page, context } = await phone();
    const node = await openToWard(page);
    const self = node.locator(':scope > .node');
    assert.equal(await self.locator('[data-count="poor"]').textContent(), '50');
    assert.equal(await self.locator('[data-count="near_poor"]').textContent(), '76');
    assert.equal(await self.locator('[data-count="tracked"]').textContent(), '126');
    // Opening the ward lists its 12 neighbourhoods (khu phố).
    const toggle = self.locator('button.toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await eventually(async () => assert.equal(await node.locator(':scope > ul.children > li').count(), 12));
    // The rate uses the ward's household total: 50 / 11.176 = 0,45%.
    await eventually(async () => assert.match(await self.locator('.total').textContent(), /11\.176.*0,45%/s));
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(screenshotDir, 'area-tree-360.png') });
    await context.close();
  });

  test('the household list of the ward filters poor households and searches without accents', async () => {
    const { page, context } = await phone();
    const node = await openToWard(page);
    await node.locator(':scope > .node a.name').click();
    await page.waitForURL(new RegExp(`#/households\\?area_id=${ward.id}`));
    await eventually(async () => assert.equal(await totalShown(page), '126 hộ'));

    await page.locator('summary', { hasText: 'Bộ lọc' }).click();
    await page.getByLabel('Phân loại').selectOption('poor');
    await eventually(async () => assert.equal(await totalShown(page), '50 hộ'));
    const badges = await page.locator('tbody tr td .badge.poor').count();
    assert.equal(badges, await page.locator('tbody tr').count(), 'every row is a poor household');
    assert.equal(badges, 25, 'first page of 25');
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(screenshotDir, 'household-list-360.png') });

    // Type a name from the list without its diacritics.
    const name = (await page.locator('tbody tr .card-title strong').nth(3).textContent()).trim();
    const typed = stripAccents(name);
    assert.notEqual(typed, name.toLowerCase(), `${name} should have diacritics for this test`);
    await page.getByLabel('Tìm kiếm').fill(typed);
    await eventually(async () => {
      const names = await page.locator('tbody tr .card-title strong').allTextContents();
      assert.ok(names.length >= 1 && names.length < 25, `search narrowed the list (${names.length})`);
      assert.ok(names.includes(name), `${name} found among ${names.join(', ')}`);
      for (const n of names) assert.ok(stripAccents(n).includes(typed), `${n} matches ${typed}`);
    });
    // The filters are kept in the address, so the list survives a reload.
    await page.reload();
    await eventually(async () => assert.ok((await page.locator('tbody tr').count()) >= 1));
    assert.equal(await page.getByLabel('Tìm kiếm').inputValue(), typed);
    assert.equal(await page.getByLabel('Phân loại').inputValue(), 'poor');
    await context.close();
  });

  test('a household opens, and an edit of its members is saved', async () => {
    const { page, context } = await phone(`#/households?area_id=${ward.id}&sort=-code`);
    const first = page.locator('tbody tr .card-title a').first();
    const name = (await first.textContent()).trim();
    await first.click();
    await page.locator('h1', { hasText: name }).waitFor();
    assert.ok(await page.getByText('Lịch sử phân loại').isVisible());
    const crumbs = await page.getByRole('navigation', { name: 'Địa bàn (tổ dân phố)' }).textContent();
    assert.match(crumbs, /Phường 14/);
    await page.screenshot({ path: path.join(screenshotDir, 'household-detail-360.png'), fullPage: true });
    const before = Number(await page.locator('[data-field="members"]').textContent());
    const want = before === 9 ? 8 : 9;

    await page.getByRole('link', { name: /Sửa thông tin/ }).click();
    await page.getByLabel('Số nhân khẩu').fill(String(want));
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    assert.equal(await page.locator('[data-field="members"]').textContent(), String(want));

    await page.reload();
    await eventually(async () => assert.equal(await page.locator('[data-field="members"]').textContent(), String(want)));
    await context.close();
  });

  test('a stale edit shows the conflict and overwrites nothing', async () => {
    const list = await api(`/api/v1/households?area_id=${ward.id}&sort=code&per_page=1`);
    const h = list.items[0];
    const original = (await api(`/api/v1/households/${h.id}`)).household;
    const first = original.members === 5 ? 6 : 5;
    const second = first + 2;

    const a = await phone(`#/households/${h.id}/edit`);
    const b = await phone(`#/households/${h.id}/edit`);
    for (const { page } of [a, b]) await page.getByLabel('Số nhân khẩu').waitFor();

    // The second tab saves first…
    await b.page.getByLabel('Số nhân khẩu').fill(String(first));
    await b.page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await b.page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();

    // …then the first tab saves with the version it read.
    await a.page.getByLabel('Số nhân khẩu').fill(String(second));
    await a.page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const alert = a.page.locator('[role="alert"][data-error-code="conflict"]');
    await alert.waitFor();
    assert.ok((await alert.locator('.msg').textContent()).trim().length > 0, 'the server message is shown');
    await a.page.screenshot({ path: path.join(screenshotDir, 'conflict-360.png') });

    const stored = (await api(`/api/v1/households/${h.id}`)).household;
    assert.equal(stored.members, first, 'the stale save did not overwrite');
    assert.equal(stored.version, original.version + 1);

    // "Tải lại" reads the household again: the form now shows the saved value.
    await alert.getByRole('button', { name: 'Tải lại' }).click();
    await eventually(async () => assert.equal(await a.page.getByLabel('Số nhân khẩu').inputValue(), String(first)));
    await a.context.close();
    await b.context.close();
  });

  test('the language switches to English, is remembered and saved to the account', async () => {
    // The chair of Phường 14 (not the officer: the choice is saved to the account).
    const { page, context } = await phone('#/areas', DEMO.chair);
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('h1', { hasText: 'Areas' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    assert.ok(await nav.getByRole('link', { name: 'Households' }).isVisible());

    // After a reload the app is still English and asks the API in English.
    const apiCall = page.waitForRequest((r) => r.url().includes('/api/v1/'));
    await page.reload();
    assert.equal((await apiCall).headers()['accept-language'], 'en');
    await page.locator('h1', { hasText: 'Areas' }).waitFor();
    await page.goto(server.baseURL + `/#/households?area_id=${ward.id}`);
    await eventually(async () => assert.equal(await totalShown(page), '126 households'));
    assert.ok(await page.getByLabel('Search').isVisible());

    // Saved to the account: a fresh browser of the same user opens in English.
    const chair = await apiSession(server.baseURL, DEMO.chair);
    assert.equal((await chair.get('/api/v1/me')).user.lang, 'en');
    const again = await phone('#/areas', DEMO.chair);
    await again.page.locator('h1', { hasText: 'Areas' }).waitFor();
    // Back to Vietnamese (saved too).
    await again.page.getByRole('button', { name: 'VI', exact: true }).click();
    await again.page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    await eventually(async () => assert.equal((await chair.get('/api/v1/me')).user.lang, 'vi'));
    await again.context.close();
    await context.close();
  });

  test('the area tree fits a 1920×1080 meeting-room screen', async () => {
    const { page, context } = await open('#/areas', { viewport: { width: 1920, height: 1080 } });
    const node = await openToWard(page);
    const toggle = node.locator(':scope > .node > button.toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await eventually(async () => assert.equal(await node.locator(':scope > ul.children > li').count(), 12));
    assert.ok(await page.getByRole('link', { name: 'Hộ gia đình' }).isVisible(), 'the nav is not collapsed on a wide screen');
    await noHorizontalScroll(page);
    const file = path.join(screenshotDir, 'area-tree-1920.png');
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10_000);
    await context.close();
  });

  test('the export downloads an Excel file that the import checks as unchanged', async () => {
    const { page, context } = await phone(`#/households?area_id=${ward.id}&class=poor`);
    await eventually(async () => assert.equal(await totalShown(page), '50 hộ'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Xuất Excel/ }).click();
    const file = await (await download).path();
    assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip file');

    // The same file, checked by the import (dry run): 50 rows, nothing to change.
    await page.goto(server.baseURL + '/#/import');
    await page.getByLabel('Chọn tệp Excel (.xlsx)…').setInputFiles(file);
    await page.getByRole('button', { name: 'Kiểm tra (dry run)' }).click();
    await page.locator('.notice', { hasText: 'Tệp hợp lệ' }).waitFor();
    const summary = Object.fromEntries(
      await page.locator('dl.summary > div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
    );
    assert.equal(summary['Số dòng'], '50');
    assert.equal(summary['Không đổi'], '50');
    assert.equal(summary['Lỗi'], '0');
    await context.close();
  });

  test('the import rejects a file that is not Excel with a message', async () => {
    const { page, context } = await phone('#/import');
    await page.locator('h1', { hasText: 'Nhập danh sách hộ từ Excel' }).waitFor();
    await page.getByLabel('Chọn tệp Excel (.xlsx)…').setInputFiles({ name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('not a spreadsheet') });
    await page.getByRole('button', { name: 'Kiểm tra (dry run)' }).click();
    const alert = page.locator('[role="alert"]');
    await alert.first().waitFor();
    assert.ok((await alert.first().textContent()).trim().length > 0);
    const count = await api(`/api/v1/households?area_id=${ward.id}&per_page=1`);
    assert.equal(count.total, 126, 'nothing was imported');
    await context.close();
  });
  test('a ministry-style list on its second sheet: the check names the sheet, the columns it ignores and the rows it skips', async () => {
    const { page, context } = await phone('#/import');
    await page.locator('h1', { hasText: 'Nhập danh sách hộ từ Excel' }).waitFor();
    // Written by openpyxl (internal/household/excel/testdata/make_fixtures.py): a two-level header with
    // six indicators under "Các chỉ số thiếu hụt", a column-number row, a totals row and a signature block.
    const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../internal/household/excel/testdata/ministry_demo_ward.xlsx');
    await page.getByLabel('Chọn tệp Excel (.xlsx)…').setInputFiles(file);
    await page.getByRole('button', { name: 'Kiểm tra (dry run)' }).click();
    await page.locator('.notice', { hasText: 'Tệp hợp lệ' }).waitFor();
    assert.match(await page.locator('[data-sheet]').textContent(), /"DS hộ nghèo 2025".*dòng 4–5/);
    const ignored = await page.locator('[data-ignored]').textContent();
    assert.match(ignored, /A "STT"/);
    assert.match(ignored, /R "Xác nhận của tổ trưởng"/);
    const notes = await page.locator('[data-notes] li').allTextContents();
    assert.equal(notes.length, 3, notes.join(' | '));
    assert.match(notes[0], /Dòng 6/);
    assert.match(notes[1], /Tổng cộng/);
    assert.match(notes[2], /Từ dòng 12 đến 18 là phần ký tên/);
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(screenshotDir, 'import-ministry-360.png'), fullPage: true });
    const count = await api(`/api/v1/households?area_id=${ward.id}&per_page=1`);
    assert.equal(count.total, 126, 'the check wrote nothing');
    await context.close();
  });
});
