// Onboarding at 360 px: the ward administrator of Phường 14 invites a new
// party member into the party cell of Khu phố 3, and the cell's leader
// invites one from the cell's own page. The e2e server has no SMTP server, so
// nothing is "sent": the inviter is shown the single-use link to hand over.
// Run: npm run e2e (needs ../bin/chungtay, or CHUNGTAY_BIN, and /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, DEMO_PASSWORD, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer } from './server.mjs';

const WARD_ADMIN = 'admin.p14@chungtay.local';
const CELL = 'Chi bộ Khu phố 3';
const NEW_PASSWORD = 'Mật khẩu của đảng viên mới 2026';

/** The token of an invitation link (whatever address the server puts before it). */
function tokenOf(link) {
  const m = /#\/accept-invite\?token=([\w%-]+)/.exec(link);
  assert.ok(m, `an invitation link: ${link}`);
  return decodeURIComponent(m[1]);
}

describe('Chung Tay onboarding', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let cellId;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    const admin = await apiSession(server.baseURL, DEMO.admin);
    const cells = (await admin.get('/api/v1/units?q=' + encodeURIComponent(CELL))).items.filter((u) => u.name === CELL);
    assert.equal(cells.length, 1, `one unit named ${CELL}`);
    cellId = cells[0].id;
    // The demo's ward administrator: created here, the way a national admin would, if the demo does not have it.
    const found = (await admin.get('/api/v1/users?q=' + encodeURIComponent(WARD_ADMIN))).items;
    if (found.length === 0) {
      const ward = (await admin.get('/api/v1/areas?kind=ward&q=' + encodeURIComponent('Phường 14'))).items.find((a) => a.name === 'Phường 14');
      assert.ok(ward, 'Phường 14 is in the demo');
      const r = await admin.send('POST', '/api/v1/users', { email: WARD_ADMIN, name: 'Quản trị Phường 14', grants: [{ area_id: ward.id, role: 'admin' }] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.invitation_sent, false, 'no SMTP: the invitation is not "sent"');
      const res = await fetch(server.baseURL + '/api/v1/auth/accept-invite', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: tokenOf(r.body.invitation_link), password: DEMO_PASSWORD }),
      });
      assert.equal(res.status, 200, await res.text());
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens an invitation link signed out, chooses a password, and lands signed in. */
  async function accept(link) {
    const { page, context, errors } = await open(`#/accept-invite?token=${encodeURIComponent(tokenOf(link))}`, { email: null });
    await page.locator('h1', { hasText: 'Kích hoạt tài khoản' }).waitFor();
    await page.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    // A party member lands on their households.
    await page.locator('h1', { hasText: 'Hộ của tôi' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }

  /** The memberships in force of a user, as they see them after signing in. */
  async function membershipsOf(email) {
    const s = await apiSession(server.baseURL, email, NEW_PASSWORD);
    const me = await s.get('/api/v1/me');
    return (me.memberships ?? []).filter((m) => !m.ended_at).map((m) => `${m.unit_name}:${m.role}`);
  }

  test('A ward administrator invites a member into a cell', async () => {
    const email = `dangvien.moi.${Date.now()}@chungtay.local`;
    const { page, context, errors } = await open('#/users', { email: WARD_ADMIN, viewport: PHONE });
    await page.locator('h1', { hasText: 'Người dùng' }).waitFor();
    // It manages Phường 14's accounts, and sees only them.
    await page.locator('[data-admin-scope]', { hasText: 'Phường 14' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    assert.equal(await page.locator(`tbody tr[data-email="${DEMO.admin}"]`).count(), 0, 'the national admin is out of its sight');
    assert.equal(await page.locator(`tbody tr[data-email="${DEMO.viewer}"]`).count(), 0, 'the district viewer is out of its sight');

    await page.getByRole('link', { name: /Thêm người dùng/ }).click();
    await page.locator('h1', { hasText: 'Thêm người dùng' }).waitFor();
    assert.equal(await page.getByText('Toàn quốc', { exact: false }).count(), 0, 'no whole-country choice for a ward');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Họ tên/).fill('Võ Thị Mai');
    await page.getByLabel('Số điện thoại').fill('0903 222 333');
    // A ward admin's form starts with a unit: member of the party cell of Khu phố 3.
    await page.getByLabel('Đơn vị', { exact: true }).fill(CELL);
    await page.getByRole('button', { name: new RegExp(CELL) }).first().click();
    assert.equal(await page.getByLabel('Vai trò trong đơn vị').inputValue(), 'member');
    await assertNoHorizontalScroll(page);

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Tạo và gửi lời mời' }).click();
    const res = await created;
    assert.equal(res.status(), 201, `POST /users answered ${res.status()}: ${await res.text()}`);
    const body = await res.json();
    assert.equal(body.invitation_sent, false, 'no SMTP: never "sent"');

    // The screen says so, and gives the link once.
    await page.locator('h1', { hasText: email }).waitFor();
    const notice = page.locator('.invite-link[data-invitation-sent="false"]');
    await notice.getByText('Chưa gửi được email mời').waitFor();
    await notice.getByText(/qua Zalo/).waitFor();
    const link = await page.locator('#invite-link').inputValue();
    assert.equal(link, body.invitation_link);
    await assertNoHorizontalScroll(page);
    await shot(page, 'ward-admin-invite-link-360.png', true);

    // The list has the new member.
    await page.getByRole('link', { name: '‹ Người dùng' }).first().click();
    await page.locator(`tbody tr[data-email="${email}"]`).waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // The link is accepted; the new member signs in and is a member of the cell.
    await accept(link);
    assert.deepEqual(await membershipsOf(email), [`${CELL}:member`]);
    const again = await fetch(server.baseURL + '/api/v1/auth/accept-invite', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(link), password: NEW_PASSWORD }),
    });
    assert.equal(again.status, 422, 'the link works once');
  });

  test('the ward administrator is refused a role above its ward, naming the field', async () => {
    const wardAdmin = await apiSession(server.baseURL, WARD_ADMIN);
    const admin = await apiSession(server.baseURL, DEMO.admin);
    const district = (await admin.get('/api/v1/areas?kind=district&q=' + encodeURIComponent('Gò Vấp'))).items[0];
    assert.ok(district, 'Quận Gò Vấp is in the demo');
    const r = await wardAdmin.send('POST', '/api/v1/users', { email: 'tren.phuong@chungtay.local', name: 'Trên phường', grants: [{ area_id: district.id, role: 'viewer' }] });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.fields[0].field, 'grants[0].area_id');
    assert.match(r.body.error.fields[0].message, /ngoài phạm vi bạn quản lý/);
  });

  test('a cell leader invites a member from the cell page; an existing member is not duplicated', async () => {
    const { page, context, errors } = await open(`#/assign?tab=unit&unit=${cellId}`, { email: DEMO.leader, viewport: PHONE });
    await page.getByRole('link', { name: /Mời thành viên/ }).click();
    await page.locator('h1', { hasText: `Mời thành viên vào ${CELL}` }).waitFor();
    await page.getByText('Vai trò: Thành viên').waitFor();

    const email = `hoivien.moi.${Date.now()}@chungtay.local`;
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Họ tên/).fill('Đặng Văn Tâm');
    await page.getByRole('button', { name: 'Mời vào đơn vị' }).click();
    await page.locator('[data-outcome="invited"]').waitFor();
    await page.getByText('Chưa gửi được email mời').waitFor();
    const link = await page.locator('#invite-link').inputValue();
    await assertNoHorizontalScroll(page);
    await shot(page, 'leader-invite-360.png', true);

    // The cell's own member, typed again: told, not duplicated, nothing else shown.
    await page.getByRole('button', { name: 'Mời thêm người khác' }).click();
    await page.getByLabel(/^Email/).fill(DEMO.member.toUpperCase());
    await page.getByLabel(/^Họ tên/).fill('Tên gõ nhầm');
    await page.getByRole('button', { name: 'Mời vào đơn vị' }).click();
    await page.locator('[data-outcome="already_member"]').waitFor();
    assert.equal(await page.locator('#invite-link').count(), 0, 'no link for an existing account');
    assert.deepEqual(errors, []);
    await context.close();

    await accept(link);
    assert.deepEqual(await membershipsOf(email), [`${CELL}:member`]);

    // A member who does not lead the cell is refused by the server, naming the unit.
    const member = await apiSession(server.baseURL, DEMO.member);
    const r = await member.send('POST', `/api/v1/units/${cellId}/invitations`, { email: 'x@chungtay.local', name: 'X' });
    assert.equal(r.status, 403);
  });
});
