// The words and numbers on screen (issue 8, ../shared/GLOSSARY.md), in
// Vietnamese and English, on a 360 px phone and a 1920 px TV: tasks say
// "Công việc" and name their period ("Quý I/2026", never "2026-Q1"), show the
// due date, counts follow the language ("11.176" / "11,176", "1 task" /
// "2 tasks"). Each screen is also saved as a screenshot to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoHorizontalScroll, DEMO, eventually, launchBrowser, pages, PHONE, screenshot as shot, skipWithoutChromium, startServer, TV } from './server.mjs';

/** A period key as the server writes it: never on screen. */
const RAW_PERIOD = /\b\d{4}-(Q\d|S\d|once|\d{2})\b/;
const PERIOD_VI = /^(Quý (I|II|III|IV)\/\d{4}|6 tháng (đầu|cuối) năm \d{4}|Năm \d{4}( \(một lần\))?|Tháng \d{1,2}\/\d{4})$/;
const PERIOD_EN = /^(Q[1-4] \d{4}|H[12] \d{4}|\d{4}( \(once\))?|(January|February|March|April|May|June|July|August|September|October|November|December) \d{4})$/;
const DMY = /^\d{2}\/\d{2}\/\d{4}$/;

describe('words and numbers on screen', { skip: skipWithoutChromium }, () => {
  let server;
  let browser;
  let open;
  let member;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    open = pages(server, browser).open;
    member = await apiSession(server.baseURL, DEMO.member);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Switches the UI language with the buttons of the top bar. */
  async function switchTo(page, l) {
    await page.getByRole('button', { name: l.toUpperCase(), exact: true }).click();
    await eventually(async () => assert.equal(await page.getAttribute('html', 'lang'), l));
  }

  /** The page's text has no raw period key. */
  async function noRawPeriod(page, where) {
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, RAW_PERIOD, `${where}: a raw period key on screen`);
  }

  test('the tasks screen names periods and due dates, in Vietnamese and English', async () => {
    const mine = await member.get('/api/v1/tasks?mine=true&status=open&per_page=25');
    assert.ok(mine.total > 1, 'the member has open tasks');
    const { page, context, errors } = await open('#/tasks', { email: DEMO.member, viewport: PHONE });
    await page.locator('h1', { hasText: 'Công việc' }).waitFor();
    await page.locator('li[data-task-id]').first().waitFor();

    const check = async (l) => {
      const items = page.locator('li[data-task-id]');
      await eventually(async () => assert.ok((await items.count()) > 0));
      for (const el of (await items.all()).slice(0, 10)) {
        const p = el.locator('.period');
        const key = await p.getAttribute('data-period');
        const shown = (await p.textContent()).trim();
        assert.match(shown, l === 'vi' ? PERIOD_VI : PERIOD_EN, `${l}: period ${key} shown as ${shown}`);
        const due = (await el.locator('dd').first().textContent()).trim();
        assert.match(due, DMY, `${l}: the due date itself`);
      }
      await noRawPeriod(page, `tasks ${l}`);
      const count = (await page.locator('.total[data-total]').textContent()).trim();
      const n = Number(await page.locator('.total[data-total]').getAttribute('data-total'));
      const grouped = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, l === 'vi' ? '.' : ',');
      const want = l === 'vi' ? `${grouped} công việc` : n === 1 ? '1 task' : `${grouped} tasks`;
      assert.equal(count, want);
    };

    await check('vi');
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Của tôi');
    await assertNoHorizontalScroll(page);
    await shot(page, 'words-tasks-vi-360.png');
    await page.setViewportSize(TV);
    await shot(page, 'words-tasks-vi-1920.png');

    await switchTo(page, 'en');
    await page.locator('h1', { hasText: 'Tasks' }).waitFor();
    await check('en');
    await shot(page, 'words-tasks-en-1920.png');
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page);
    await shot(page, 'words-tasks-en-360.png');

    // Narrowed to a plan and a duty: both named, not numbered.
    const one = mine.items[0];
    await page.goto(server.baseURL + `/#/tasks?status=all&plan_id=${one.plan_id}&duty_id=${one.duty_id}`);
    await page.locator('.scoped').waitFor();
    await eventually(async () =>
      assert.match(await page.locator('.scoped').textContent(), new RegExp('^\\s*Only tasks of (Resolution|Plan) No\\. \\S+ · Duty: ' + one.duty_title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
    );
    assert.doesNotMatch(await page.locator('.scoped').textContent(), /#\d/, 'names, not ids');
    await switchTo(page, 'vi');
    await eventually(async () => assert.match(await page.locator('.scoped').textContent(), /^\s*Chỉ công việc của (Nghị quyết|Kế hoạch) số \S+ · Nhiệm vụ: /));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the unvisited list names its quarter', async () => {
    const { page, context } = await open('#/tasks?list=unvisited', { email: DEMO.member, viewport: PHONE });
    const q = page.locator('p.quarter');
    await q.waitFor();
    assert.match((await q.textContent()).trim(), /^Quý (I|II|III|IV)\/\d{4} \(\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}\)$/);
    await noRawPeriod(page, 'unvisited');
    await context.close();
  });

  test('counts and rates of the area tree follow the language', async () => {
    const { page, context, errors } = await open('', { email: DEMO.officer, viewport: PHONE });
    await page.locator('h1', { hasText: 'Địa bàn' }).waitFor();
    const ward = page.locator('li[data-area-id]', { hasText: 'Phường 14' }).first();
    await ward.waitFor();
    const total = ward.locator(':scope > .node .total');
    await eventually(async () => assert.match(await total.textContent(), /11\.176.*0,45%/s));
    await shot(page, 'words-areas-vi-360.png');
    await switchTo(page, 'en');
    await eventually(async () => assert.match(await total.textContent(), /11,176.*0\.45%/s));
    await assertNoHorizontalScroll(page);
    await shot(page, 'words-areas-en-360.png');
    await page.setViewportSize(TV);
    await shot(page, 'words-areas-en-1920.png');
    await switchTo(page, 'vi');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the audit trail of one household names it, not its id', async () => {
    const officer = await apiSession(server.baseURL, DEMO.officer);
    const hh = (await officer.get('/api/v1/households?per_page=1&sort=code')).items[0];
    const { page, context, errors } = await open(`#/audit?entity=household&entity_id=${hh.id}`, { email: DEMO.officer, viewport: PHONE });
    const scoped = page.locator('.scoped');
    await eventually(async () => assert.match(await scoped.textContent(), new RegExp(`^\\s*Hộ gia đình ${hh.head_name} \\(${hh.code}\\)`)));
    assert.doesNotMatch(await scoped.textContent(), /#\d/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the screens of a member, a household and a plan, walked in both languages', async () => {
    const chair = await apiSession(server.baseURL, DEMO.chair);
    const plan = (await chair.get('/api/v1/plans')).items[0];
    const hh = (await member.get('/api/v1/households?per_page=1')).items[0];
    const walks = [
      ['my-households', '#/households', DEMO.member],
      ['household', `#/households/${hh.id}`, DEMO.officer],
      ['plan', `#/plans/${plan.id}`, DEMO.chair],
    ];
    for (const [name, hash, email] of walks) {
      const { page, context, errors } = await open(hash, { email, viewport: PHONE });
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const l of ['vi', 'en']) {
        if (l === 'en') await switchTo(page, 'en');
        await page.waitForLoadState('networkidle');
        await noRawPeriod(page, `${name} ${l}`);
        const text = await page.locator('main').innerText();
        assert.doesNotMatch(text, /ngày trước khi hết kỳ|days before the period ends/, `${name} ${l}: a due rule instead of a date`);
        assert.doesNotMatch(text, /\bnhiệm vụ #|kế hoạch #|plan #|duty #/i, `${name} ${l}: an id instead of a name`);
        await page.setViewportSize(PHONE);
        await assertNoHorizontalScroll(page);
        await shot(page, `words-${name}-${l}-360.png`, true);
        await page.setViewportSize(TV);
        await shot(page, `words-${name}-${l}-1920.png`, true);
      }
      if (name === 'plan') {
        // The duty form: the rule with a live example of its date.
        await page.getByRole('button', { name: /Add a duty/ }).click();
        await page.getByLabel('How often', { exact: true }).selectOption('quarterly');
        const days = page.getByLabel('Due days before the period ends');
        const hint = page.locator('#' + (await days.getAttribute('id')) + '-hint');
        await days.fill('10');
        assert.equal(await hint.textContent(), `0 = the period's last day. For example: Q1 ${plan.year} due 21/03/${plan.year}.`);
        await shot(page, 'words-duty-form-en-1920.png');
        await page.setViewportSize(PHONE);
        await assertNoHorizontalScroll(page);
        await shot(page, 'words-duty-form-en-360.png');
      }
      await switchTo(page, 'vi');
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
