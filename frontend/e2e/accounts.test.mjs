// End-to-end paths through sign-in, roles and the audit trail, against the
// real binary and the demo logins of `chungtay demo` (one per role).
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, DEMO_PASSWORD, eventually, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

const NEW_PASSWORD = 'Mật khẩu mới của Lan 2026';

describe('Chung Tay accounts and audit', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let officer; // API client of the officer of Phường 14
  let invited = ''; // the email of the user the admin creates
  let invitedLink = ''; // … and the invitation link the screen gave the admin

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    officer = await apiSession(server.baseURL, DEMO.officer);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Fills the sign-in form and submits it. */
  async function signIn(page, email, password = DEMO_PASSWORD) {
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  }

  test('signed out, the app shows the sign-in page; a wrong password gets the one generic message', async () => {
    const { page, context, errors } = await open('#/areas', { email: null });
    await page.locator('h1', { hasText: 'Đăng nhập' }).waitFor();
    await page.waitForURL(/#\/login/);
    await assertNoHorizontalScroll(page);
    await shot(page, 'sign-in-360.png');

    await signIn(page, DEMO.officer, 'not-the-password-1');
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    const wrongPassword = (await alert.locator('.msg').textContent()).trim();
    assert.ok(wrongPassword.length > 0, 'a message is shown');
    assert.match(page.url(), /#\/login/, 'still on the sign-in page');

    // An unknown email gets exactly the same message (existence is not revealed).
    await signIn(page, 'nobody-here@chungtay.local', 'not-the-password-1');
    await eventually(async () => assert.equal((await alert.locator('.msg').textContent()).trim(), wrongPassword));
    assert.deepEqual(errors, []);

    // The 1920 screen of the same page.
    await page.setViewportSize(TV);
    await shot(page, 'sign-in-1920.png');
    await context.close();
  });

  test('a deep link asks to sign in, then returns to it', async () => {
    const list = await officer.get('/api/v1/households?per_page=1&sort=code');
    const h = list.items[0];
    const { page, context } = await open(`#/households/${h.id}`, { email: null });
    await page.locator('h1', { hasText: 'Đăng nhập' }).waitFor();
    await signIn(page, DEMO.officer);
    await page.locator('h1', { hasText: h.head_name }).waitFor();
    assert.match(page.url(), new RegExp(`#/households/${h.id}$`));
    await context.close();
  });

  test('forgot password always says the link was sent', async () => {
    const { page, context } = await open('#/login', { email: null });
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.locator('h1', { hasText: 'Quên mật khẩu' }).waitFor();
    await page.getByLabel('Email').fill('nobody-here@chungtay.local');
    await page.getByRole('button', { name: 'Gửi đường dẫn' }).click();
    await page.getByRole('status').filter({ hasText: 'Nếu email này có tài khoản' }).waitFor();
    await context.close();
  });

  test('a member sees only "my households", without edit or import, and not another household', async () => {
    const member = await apiSession(server.baseURL, DEMO.member);
    const mine = await member.get('/api/v1/households?per_page=100');
    assert.ok(mine.total >= 5 && mine.total <= 7, `the member has 5–7 households (${mine.total})`);
    const mineIds = new Set(mine.items.map((h) => h.id));
    const all = await officer.get('/api/v1/households?per_page=100&sort=code');
    const other = all.items.find((h) => !mineIds.has(h.id));
    assert.ok(other, 'the officer sees a household that is not the member\'s');

    // The member lands on their households.
    const { page, context, errors } = await open('', { email: DEMO.member });
    await page.locator('h1', { hasText: 'Hộ của tôi' }).waitFor();
    await page.waitForURL(/#\/households/);
    await eventually(async () => assert.equal(await page.locator('.total[data-total]').getAttribute('data-total'), String(mine.total)));
    // "Hộ của tôi" is the member's phone view: one card per household.
    assert.equal(await page.locator('li[data-household-id]').count(), mine.total);
    assert.equal(await page.getByRole('link', { name: /Thêm hộ/ }).count(), 0, 'no "add household"');
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    assert.ok(await nav.getByRole('link', { name: 'Hộ của tôi' }).isVisible());
    assert.equal(await nav.getByRole('link', { name: 'Nhập Excel' }).count(), 0, 'no import');
    assert.equal(await nav.getByRole('link', { name: 'Người dùng' }).count(), 0);
    await assertNoHorizontalScroll(page);
    await shot(page, 'my-households-360.png');

    // One of theirs opens, without edit, event or archive.
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.locator('li[data-household-id] h2 a').first().click();
    await page.getByRole('heading', { name: 'Lịch sử phân loại' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Sửa thông tin/ }).count(), 0, 'no edit');
    assert.equal(await page.getByRole('button', { name: 'Lưu trữ hộ' }).count(), 0, 'no archive');
    assert.equal(await page.getByRole('button', { name: 'Ghi nhận biến động' }).count(), 0, 'no event');
    await page.getByRole('heading', { name: 'Phân công phụ trách' }).waitFor();

    // Another household's address: not found (its existence does not leak).
    await page.goto(server.baseURL + `/#/households/${other.id}`);
    const alert = page.locator('[role="alert"][data-error-code="not_found"]');
    await alert.waitFor();
    assert.equal(await page.getByText(other.head_name).count(), 0, 'nothing of the other household is shown');
    // Nor its edit page, nor the import.
    await page.goto(server.baseURL + `/#/households/${other.id}/edit`);
    await page.locator('[data-error-code="forbidden"]').waitFor();
    await page.goto(server.baseURL + '/#/import');
    await page.locator('[data-error-code="forbidden"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the viewer sees the area tree counts but no household list', async () => {
    const { page, context } = await open('', { email: DEMO.viewer, viewport: TV });
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Địa bàn' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Hộ gia đình' }).count(), 0, 'no households in the nav');
    assert.equal(await nav.getByRole('link', { name: 'Nhật ký' }).count(), 0, 'no audit in the nav');
    // The counts of Quận Gò Vấp (its tree opens to the demo ward).
    const counts = page.locator('[data-count="poor"]').first();
    await counts.waitFor();
    assert.match(await counts.textContent(), /^\d[\d.]*$/);
    assert.equal(await page.locator('a.name').count(), 0, 'area names do not link to household lists');
    await page.goto(server.baseURL + '/#/households');
    await page.locator('[data-error-code="forbidden"]').waitFor();
    await context.close();
  });

  test('an admin creates a user, who is invited and listed', async () => {
    const { page, context, errors } = await open('#/users', { email: DEMO.admin });
    await page.locator('h1', { hasText: 'Người dùng' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('link', { name: /Thêm người dùng/ }).click();
    await page.locator('h1', { hasText: 'Thêm người dùng' }).waitFor();

    const email = `hoi.phunu.${Date.now()}@chungtay.local`;
    invited = email;
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Họ tên/).fill('Phạm Thị Lan');
    await page.getByLabel('Số điện thoại').fill('0903 111 222');
    // A role: chair of Phường 14…
    await page.getByLabel('Địa bàn', { exact: true }).fill('Phường 14');
    await page.getByRole('button', { name: /Phường 14/ }).first().click();
    await page.getByLabel('Vai trò', { exact: true }).selectOption('chair');
    // …and a unit: member of the party cell of Khu phố 3.
    await page.getByRole('button', { name: '+ Thêm đơn vị' }).click();
    await page.getByLabel('Đơn vị', { exact: true }).fill('Chi bộ Khu phố 3');
    await page.getByRole('button', { name: /Chi bộ Khu phố 3/ }).first().click();
    await page.getByLabel('Vai trò trong đơn vị').selectOption('member');

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Tạo và gửi lời mời' }).click();
    const res = await created;
    assert.equal(res.status(), 201, `POST /users answered ${res.status()}: ${await res.text()}`);
    // No SMTP server here: the page says the mail was not sent and gives the link once.
    assert.equal((await res.json()).invitation_sent, false);
    await page.locator('h1', { hasText: email }).waitFor();
    await page.locator('.invite-link').getByText('Chưa gửi được email mời').waitFor();
    invitedLink = await page.locator('#invite-link').inputValue();
    await page.getByRole('link', { name: '‹ Người dùng' }).first().click();
    await page.locator(`tbody tr[data-email="${email}"]`).waitFor();
    assert.deepEqual(errors, []);
    await assertNoHorizontalScroll(page);
    await shot(page, 'users-360.png');

    // Its page shows the role and the unit.
    await page.locator(`tbody tr[data-email="${email}"] a`).click();
    await page.locator('h1', { hasText: 'Phạm Thị Lan' }).waitFor();
    await page.locator('tr[data-grant-id]', { hasText: 'Phường 14' }).waitFor();
    await page.locator('tr[data-membership-id]', { hasText: 'Chi bộ Khu phố 3' }).waitFor();
    await assertNoHorizontalScroll(page);
    await shot(page, 'user-detail-360.png', true);

    await page.setViewportSize(TV);
    await page.goto(server.baseURL + '/#/users');
    await page.locator(`tbody tr[data-email="${email}"]`).waitFor();
    await shot(page, 'users-1920.png');
    await context.close();
  });

  /**
   * The last link of `kind` ("accept-invite", "reset-password") mailed to
   * `email`: without an SMTP server the binary writes each mail to its log.
   */
  async function mailedToken(email, kind) {
    return eventually(() => {
      const lines = server
        .log()
        .split('\n')
        .filter((l) => l.includes(`to=${email}`));
      const m = [...lines.join('\n').matchAll(new RegExp(`#/${kind}\\?token=([\\w-]+)`, 'g'))].pop();
      assert.ok(m, `a ${kind} link was mailed to ${email}`);
      return m[1];
    });
  }

  test('the invited user opens the link the admin handed over, chooses a password and is signed in', async () => {
    assert.ok(invited && invitedLink, 'the previous test created a user');
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(invitedLink)[1]);
    const { page, context, errors } = await open(`#/accept-invite?token=${token}`, { email: null });
    await page.locator('h1', { hasText: 'Kích hoạt tài khoản' }).waitFor();
    await page.getByText('Từ 10 đến 128 ký tự').waitFor();
    // The rules are checked before sending.
    await page.getByLabel(/^Mật khẩu mới/).fill('ngan');
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill('ngan');
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.getByText('Mật khẩu phải có từ 10 đến 128 ký tự.').waitFor();
    await page.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(NEW_PASSWORD + 'x');
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.getByText('Hai mật khẩu không khớp.').waitFor();
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    // Signed in: the chair of Phường 14 lands on the area tree.
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByText(invited).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a password reset link works once', async () => {
    const { page, context } = await open('#/forgot', { email: null });
    await page.getByLabel('Email').fill(invited);
    await page.getByRole('button', { name: 'Gửi đường dẫn' }).click();
    await page.getByRole('status').waitFor();
    const token = await mailedToken(invited, 'reset-password');

    await page.goto(server.baseURL + `/#/reset-password?token=${token}`);
    await page.locator('h1', { hasText: 'Đặt lại mật khẩu' }).waitFor();
    await page.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD + '2');
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(NEW_PASSWORD + '2');
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã đặt mật khẩu mới' }).waitFor();
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    await signIn(page, invited, NEW_PASSWORD + '2');
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();

    // The same link a second time: refused, with the server's message.
    await page.goto(server.baseURL + `/#/reset-password?token=${token}`);
    await page.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD + '3');
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(NEW_PASSWORD + '3');
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).trim().length > 0);
    await context.close();
  });

  test('the audit page shows the officer\'s edit with the changed field', async () => {
    // The officer edits a household's members in the UI.
    const h = (await officer.get('/api/v1/households?per_page=1&sort=-code')).items[0];
    const before = (await officer.get(`/api/v1/households/${h.id}`)).household.members;
    const want = before === 9 ? 8 : 9;
    const { page, context, errors } = await open(`#/households/${h.id}/edit`);
    await page.getByLabel('Số nhân khẩu').fill(String(want));
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();

    // The household's own history shows it at once.
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Lịch sử thay đổi' }) });
    const first = history.locator('li.entry[data-action="update"]').first();
    await first.waitFor();
    await first.locator('summary').click();
    const change = first.locator('.change[data-change="members"]');
    await change.waitFor();
    assert.equal((await change.locator('del').textContent()).trim(), String(before));
    assert.equal((await change.locator('ins').textContent()).trim(), String(want));
    await context.close();

    // The audit page, filtered to household updates.
    for (const viewport of [PHONE, TV]) {
      const { page: p, context: c } = await open('#/audit?entity=household&action=update', { viewport });
      const entry = p.locator(`li.entry[data-entity="household"][data-entity-id="${h.id}"]`).first();
      await entry.waitFor();
      assert.ok((await entry.locator('.who').textContent()).trim().length > 0, 'the actor is named');
      assert.ok((await entry.locator('.badge.action').textContent()).includes('Cập nhật'));
      await entry.locator('summary').click();
      const ch = entry.locator('.change[data-change="members"]');
      await ch.waitFor();
      assert.equal((await ch.locator('.fname').textContent()).trim(), 'Số nhân khẩu');
      assert.equal((await ch.locator('ins').textContent()).trim(), String(want));
      // The entity links to the household.
      assert.equal(await entry.locator(`a[href="#/households/${h.id}"]`).count(), 1);
      await assertNoHorizontalScroll(p);
      await shot(p, `audit-${viewport.width}.png`);
      await c.close();
    }
    assert.deepEqual(errors, []);
  });

  test('the audit page filters by a date range typed dd/mm/yyyy', async () => {
    const { page, context } = await open('#/audit', { viewport: TV });
    await page.locator('li.entry').first().waitFor();
    // A wrong date is said so and not sent.
    await page.getByLabel('Từ ngày').fill('31/02/2026');
    await page.getByLabel('Từ ngày').press('Tab');
    await page.getByText('Ngày không hợp lệ').waitFor();
    // Today (Vietnam): the entries of today, all of them.
    const vn = new Date(Date.now() + 7 * 3600e3);
    const dmy = `${String(vn.getUTCDate()).padStart(2, '0')}/${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
    await page.getByLabel('Từ ngày').fill(dmy);
    await page.getByLabel('Từ ngày').press('Tab');
    await page.getByLabel('Đến ngày').fill(dmy);
    await page.getByLabel('Đến ngày').press('Tab');
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}.*to=/);
    await page.locator('li.entry, [role="alert"]').first().waitFor();
    const alert = page.locator('[role="alert"]');
    assert.equal(await alert.count(), 0, `the filtered list, not an error: ${(await alert.allTextContents()).join(' ')}`);
    // Tomorrow onwards: nothing.
    const next = new Date(vn.getTime() + 864e5);
    await page.getByLabel('Từ ngày').fill(`${String(next.getUTCDate()).padStart(2, '0')}/${String(next.getUTCMonth() + 1).padStart(2, '0')}/${next.getUTCFullYear()}`);
    await page.getByLabel('Đến ngày').fill('');
    await page.getByLabel('Đến ngày').press('Tab');
    await page.getByText('Không có mục nào.').waitFor();
    await context.close();
  });

  test('my account: a personal API token is shown once and works', async () => {
    const { page, context } = await open('#/account', { email: DEMO.chair });
    await page.locator('h1', { hasText: 'Tài khoản của tôi' }).waitFor();
    await page.getByLabel('Tên khóa (dùng để làm gì)').fill('e2e script');
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    const secret = await page.locator('#token-secret');
    await secret.waitFor();
    const value = await secret.inputValue();
    assert.match(value, /^ct_/);
    const res = await fetch(server.baseURL + '/api/v1/me', { headers: { Authorization: `Bearer ${value}` } });
    assert.equal(res.status, 200, 'the token signs in a script');
    await page.getByRole('button', { name: 'Tôi đã cất giữ khóa' }).click();
    assert.equal(await page.locator('#token-secret').count(), 0, 'the secret is gone');
    await page.locator('tr[data-token-id]', { hasText: 'e2e script' }).waitFor();
    await assertNoHorizontalScroll(page);
    await shot(page, 'account-360.png', true);
    await context.close();
  });

  test('signing out returns to the sign-in page, and the session is over', async () => {
    // Its own session (signing out ends it), through the sign-in page.
    const { page, context } = await open('#/login', { email: null, viewport: TV });
    await signIn(page, DEMO.leader);
    await page.waitForURL((u) => !u.hash.startsWith('#/login'));
    await page.getByRole('button', { name: /^Tài khoản / }).click();
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await page.locator('h1', { hasText: 'Đăng nhập' }).waitFor();
    assert.match(page.url(), /#\/login$/);
    // The cookie no longer works: a reload of an inner page asks to sign in again.
    await page.goto(server.baseURL + '/#/areas');
    await page.locator('h1', { hasText: 'Đăng nhập' }).waitFor();
    await context.close();
  });
});
