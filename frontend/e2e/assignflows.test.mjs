// End-to-end paths of issue 8's assignment flows, on a 360 × 740 phone:
// a cell leader gives one household to one member; the chair's bulk
// assignment shows the server's preview (primary or supporting unit, who
// leaves which unit) and asks for the count typed back over the whole ward;
// "Chia đều" says up front how many each gets against the 5–7 norm, lets the
// leader take households, and shows the server's own error.
// Against the real binary and the demo ward Phường 14.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, screenshot as shot, skipWithoutChromium, startServer } from './server.mjs';

const PHONE = { width: 360, height: 740 };

describe('assignment flows at 360 px', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let chair; // API clients
  let leader;
  let member;
  let cell; // Chi bộ Khu phố 3
  let health; // Trạm Y tế Phường 14

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    chair = await apiSession(server.baseURL, DEMO.chair);
    leader = await apiSession(server.baseURL, DEMO.leader);
    member = await apiSession(server.baseURL, DEMO.member);
    const units = (await chair.get('/api/v1/units?per_page=200')).items;
    cell = units.find((u) => u.name === 'Chi bộ Khu phố 3');
    health = units.find((u) => u.name === 'Trạm Y tế Phường 14');
    assert.ok(cell && health, 'the demo ward has the cell of Khu phố 3 and the health station');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The person in charge of a household today, through the API. */
  const personOf = async (client, id) =>
    (await client.get(`/api/v1/households/${id}/assignments`)).items.filter((a) => a.user_id != null && a.is_primary && !a.valid_to).map((a) => a.user_id);

  test('the cell leader gives one household to one member', async () => {
    const list = (await leader.get(`/api/v1/units/${cell.id}/households?per_page=200`)).items;
    const h = list.find((x) => x.user_id !== member.user.id);
    assert.ok(h, 'a household of the cell the member is not in charge of');
    assert.equal((await member.send('GET', `/api/v1/households/${h.id}`)).status, 404, 'the member does not see it yet');

    const { page, context, errors } = await open('#/assign', { email: DEMO.leader, viewport: PHONE });
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    const row = page.locator(`li[data-household-id="${h.id}"]`);
    await row.getByRole('button', { name: `Giao hộ ${h.head_name} cho một thành viên` }).click();
    const picker = row.getByLabel('Thành viên phụ trách');
    // Only the unit's members are offered (and the choose prompt).
    const members = (await leader.get(`/api/v1/units/${cell.id}/members`)).items;
    assert.deepEqual(
      (await picker.locator('option').evaluateAll((os) => os.map((o) => o.textContent.split(' · ')[0].replace(/ \(.*\)$/, '')))).slice(1),
      members.map((m) => m.name),
    );
    // Submitting without a choice names the field.
    await row.getByRole('button', { name: 'Giao hộ', exact: true }).click();
    await row.locator('.field.invalid').filter({ hasText: 'Thành viên phụ trách' }).waitFor();
    await picker.selectOption(String(member.user.id));
    await assertNoHorizontalScroll(page);
    await shot(page, 'leader-give-360.png');
    await row.getByRole('button', { name: 'Giao hộ', exact: true }).click();
    const done = page.locator(`[data-gave="${h.id}"]`);
    await done.waitFor();
    assert.equal(await done.textContent(), `Đã giao hộ ${h.head_name} cho ${member.user.name}.`);
    await eventually(async () => assert.equal(await page.locator(`li[data-household-id="${h.id}"] .who`).textContent(), member.user.name));
    await shot(page, 'leader-gave-360.png');

    // Through the API: the member is in charge, and now sees the household.
    assert.deepEqual(await personOf(leader, h.id), [member.user.id]);
    assert.equal((await member.send('GET', `/api/v1/households/${h.id}`)).status, 200);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the chair previews a bulk assignment: a supporting unit leaves the cells alone, a primary one says who leaves', async () => {
    const noBHYT = { class: 'poor', deprivation: 'health_insurance' };
    const supporting = (await chair.send('POST', '/api/v1/assignments/bulk/preview', { unit_id: health.id, role: 'supporting', ...noBHYT })).body;
    assert.ok(supporting.assign > 0 && supporting.leaving === 0 && !supporting.confirm_count_required, JSON.stringify(supporting));
    const matching = (await chair.get('/api/v1/households?class=poor&deprivation=health_insurance&per_page=200')).items;
    const primaryOf = async (id) => (await chair.get(`/api/v1/households/${id}/assignments`)).items.filter((a) => a.unit_id != null && a.is_primary && !a.valid_to).map((a) => a.unit_id);
    const before = await Promise.all(matching.map((h) => primaryOf(h.id)));

    const { page, context, errors } = await open('#/assign', { email: DEMO.chair, viewport: PHONE });
    await page.locator('h1', { hasText: 'Phân công hộ' }).waitFor();
    await page.getByLabel('Phân loại').selectOption('poor');
    await page.getByLabel('Chỉ số thiếu hụt').selectOption('health_insurance');
    await page.locator(`[data-match-count="${supporting.matched}"]`).waitFor();
    await page.locator('#bulk-unit').selectOption(String(health.id));
    // No role chosen yet: the form asks for it.
    await page.getByRole('button', { name: /^Giao .* hộ cho đơn vị…$/ }).click();
    await page.locator('fieldset.invalid', { hasText: 'Hãy chọn đơn vị phụ trách chính hay đơn vị phối hợp.' }).waitFor();
    await page.getByRole('radio', { name: /Đơn vị phối hợp/ }).check();
    const pv = page.locator(`[data-preview-assign="${supporting.assign}"][data-preview-unchanged="${supporting.unchanged}"]`);
    await pv.waitFor();
    await page.getByText('Không hộ nào rời đơn vị phụ trách chính của mình.').waitFor();
    await page.getByRole('button', { name: `Giao ${supporting.assign} hộ cho đơn vị…` }).click();
    const dialog = page.getByRole('alertdialog');
    assert.match(await dialog.textContent(), new RegExp(`Giao ${supporting.assign} hộ cho Trạm Y tế Phường 14 làm đơn vị phối hợp`));
    await dialog.getByRole('button', { name: `Xác nhận giao ${supporting.assign} hộ` }).click();
    const done = page.locator('.notice[data-assigned]');
    await done.waitFor();
    assert.equal(Number(await done.getAttribute('data-assigned')), supporting.assign);
    // Through the API: every one keeps its primary unit and has the health station beside it.
    for (const [i, h] of matching.entries()) {
      assert.deepEqual(await primaryOf(h.id), before[i], `${h.code} keeps its primary unit`);
      const sup = (await chair.get(`/api/v1/households/${h.id}/assignments`)).items.filter((a) => a.unit_id === health.id && !a.is_primary && !a.valid_to);
      assert.equal(sup.length, 1, `${h.code} has the health station as a supporting unit`);
    }

    // The same households to the cell of Khu phố 3 as their primary unit: the preview names the cells they leave.
    const primary = (await chair.send('POST', '/api/v1/assignments/bulk/preview', { unit_id: cell.id, role: 'primary', ...noBHYT })).body;
    assert.ok(primary.leaving > 0, 'some of them are with other cells');
    await page.locator('#bulk-unit').selectOption(String(cell.id));
    await page.getByRole('radio', { name: /Đơn vị phụ trách chính/ }).check();
    await page.locator(`[data-preview-assign="${primary.assign}"][data-preview-leaving="${primary.leaving}"]`).waitFor();
    for (const u of primary.leaving_units) {
      assert.equal(await page.locator(`[data-leaving-unit="${u.unit_id}"]`).textContent(), `Rời ${u.unit_name}: ${u.households} hộ`);
    }
    await assertNoHorizontalScroll(page);
    await shot(page, 'assign-bulk-preview-360.png', true);
    await page.getByRole('button', { name: `Giao ${primary.assign} hộ cho đơn vị…` }).click();
    assert.match(await dialog.textContent(), new RegExp(`${primary.leaving} hộ sẽ rời đơn vị phụ trách chính hiện tại`));
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    assert.deepEqual(await primaryOf(matching[0].id), before[0], 'cancelled: nothing changed');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('after "clear filter", a bulk action over the whole ward needs the count typed back', async () => {
    const whole = (await chair.send('POST', '/api/v1/assignments/bulk/preview', { unit_id: cell.id, role: 'supporting' })).body;
    assert.ok(whole.confirm_count_required && whole.matched > 0, JSON.stringify(whole));
    // The server refuses without the count, naming the field.
    const refused = await chair.send('POST', '/api/v1/assignments/bulk', { unit_id: cell.id, role: 'supporting' });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.error.fields.map((f) => f.field), ['confirm_count']);

    const { page, context, errors } = await open('#/assign', { email: DEMO.chair, viewport: PHONE });
    await page.getByLabel('Phân loại').selectOption('poor');
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.locator(`[data-match-count="${whole.matched}"]`).waitFor();
    await page.locator('[data-whole-area]').waitFor();
    await page.locator('#bulk-unit').selectOption(String(cell.id));
    await page.getByRole('radio', { name: /Đơn vị phối hợp/ }).check();
    await page.locator(`[data-preview-assign="${whole.assign}"]`).waitFor();
    await page.getByRole('button', { name: `Giao ${whole.assign.toLocaleString('de-DE')} hộ cho đơn vị…` }).click();
    const typed = page.getByLabel(/^Nhập lại số hộ/);
    const confirm = page.getByRole('alertdialog').getByRole('button', { name: /^Xác nhận giao/ });
    assert.equal(await confirm.isDisabled(), true, 'nothing typed yet');
    await typed.fill(String(whole.matched - 1));
    assert.equal(await confirm.isDisabled(), true, 'a wrong count');
    await typed.fill(whole.matched.toLocaleString('de-DE')); // "11.176" as a Vietnamese types it
    await assertNoHorizontalScroll(page);
    await shot(page, 'assign-bulk-count-360.png', true);
    await eventually(async () => assert.equal(await confirm.isDisabled(), false));
    await confirm.click();
    const done = page.locator('.notice[data-assigned]');
    await done.waitFor();
    assert.equal(Number(await done.getAttribute('data-assigned')) + Number(await done.getAttribute('data-unchanged')), whole.matched);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Chia đều: the plan against the 5–7 norm, the leader by choice, and the server\'s error shown', async () => {
    const planOf = async (body) => (await leader.send('POST', `/api/v1/units/${cell.id}/spread/preview`, body)).body;
    const members = await planOf({});
    const withLeader = await planOf({ include_leader: true });
    assert.equal(members.include_leader, false);
    assert.equal(withLeader.people, members.people + 1, 'the leader shares only when asked');

    const { page, context, errors } = await open('#/assign', { email: DEMO.leader, viewport: PHONE });
    await page.locator(`[data-plan-to-spread="${members.to_spread}"][data-plan-people="${members.people}"]`).waitFor();
    assert.match(await page.locator('.plan').textContent(), /Định mức 5–7 hộ mỗi người/);
    if (members.over_norm) {
      // Over the norm: said up front, and refused until accepted.
      await page.locator('[data-plan-over="true"]').getByText(/Quá định mức/).waitFor();
      await page.getByRole('button', { name: 'Chia đều cho thành viên…' }).click();
      assert.equal(await page.getByRole('alertdialog').count(), 0);
      await page.locator('.field-error', { hasText: 'Vẫn chia dù quá định mức' }).waitFor();
    }
    await page.getByLabel('Trưởng đơn vị cũng nhận hộ').check();
    await page.locator(`[data-plan-people="${withLeader.people}"][data-plan-max="${withLeader.max_each}"]`).waitFor();
    for (const s of withLeader.shares) {
      assert.equal(await page.locator(`tr[data-share-id="${s.user_id}"] td.num`).last().textContent(), String(s.after));
    }
    if (withLeader.over_norm) await page.getByLabel('Vẫn chia dù quá định mức').check();
    await assertNoHorizontalScroll(page);
    await shot(page, 'spread-plan-360.png', true);
    await page.getByRole('button', { name: 'Chia đều cho thành viên…' }).click();
    await page.getByRole('button', { name: 'Xác nhận chia' }).click();
    const result = page.locator('.notice[data-assigned]');
    await result.waitFor();
    assert.equal(Number(await result.getAttribute('data-assigned')), withLeader.to_spread);
    const now = (await leader.get(`/api/v1/units/${cell.id}/members`)).items;
    for (const s of withLeader.shares) {
      assert.equal(now.find((m) => m.user_id === s.user_id).households, s.after, `${s.name} holds what the plan said`);
    }
    await shot(page, 'spread-360.png', true);
    await context.close();

    // A unit with nobody to share among: the server's message, not a generic one.
    const units = (await chair.get('/api/v1/units?per_page=200')).items;
    let empty;
    for (const u of units) {
      if ((await chair.get(`/api/v1/units/${u.id}/members`)).items.length === 0) {
        empty = u;
        break;
      }
    }
    assert.ok(empty, 'a unit of the demo ward without members');
    const chairPage = await open(`#/assign?tab=unit&unit=${empty.id}`, { email: DEMO.chair, viewport: PHONE });
    const box = chairPage.page.locator('.plan [role="alert"]');
    await box.waitFor();
    assert.equal(await box.locator('li[data-field="unit_id"]').textContent(), 'Đơn vị chưa có thành viên để chia hộ.');
    await shot(chairPage.page, 'spread-no-members-360.png', true);
    assert.deepEqual([...errors, ...chairPage.errors], []);
    await chairPage.context.close();
  });
});
