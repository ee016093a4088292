// Test harness of the end-to-end tests: runs the real Go binary on a fresh
// SQLite database loaded with the demo ward, and launches Debian's Chromium.
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The chungtay binary: $CHUNGTAY_BIN, else ../bin/chungtay from frontend/. */
export const binPath = process.env.CHUNGTAY_BIN || path.resolve(here, '..', '..', 'bin', 'chungtay');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const screenshotDir = path.join(here, 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Loads the demo data into a temporary database with `chungtay demo`, then
 * starts `chungtay serve` on a free port and waits for /readyz.
 * Returns { baseURL, stop }.
 */
export async function startServer() {
  if (!fs.existsSync(binPath)) {
    throw new Error(`chungtay binary not found at ${binPath}: build it first (cd .. && go build -o bin/chungtay ./cmd/chungtay) or set CHUNGTAY_BIN`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chungtay-e2e-'));
  const env = { ...process.env, CHUNGTAY_DATABASE_URL: `file:${path.join(dir, 'e2e.db')}` };
  try {
    await promisify(execFile)(binPath, ['demo'], { env, timeout: 120_000, maxBuffer: 16 << 20 });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`chungtay demo failed: ${e.message}\n${e.stderr ?? ''}`);
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn(binPath, ['serve'], {
    env: { ...env, CHUNGTAY_HTTP_ADDR: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b) => {
    log = (log + b.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(5000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`chungtay serve exited (${JSON.stringify(exited)}) before it was ready:\n${log}`);
    }
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`chungtay serve not ready within 30 s:\n${log}`);
    }
    await sleep(200);
  }
  return { baseURL, stop, log: () => log };
}

/** The demo logins created by `chungtay demo` (one per role). */
export const DEMO_PASSWORD = 'ChungTay@2018';
export const DEMO = {
  admin: 'admin@chungtay.local', // whole country
  officer: 'vhxh.p14@chungtay.local', // Phường 14
  chair: 'bithu.p14@chungtay.local', // Phường 14
  leader: 'bithu.kp3@chungtay.local', // leads Chi bộ Khu phố 3
  member: 'dangvien.kp3@chungtay.local', // 5–7 households of Khu phố 3
  viewer: 'quan.govap@chungtay.local', // viewer on Quận Gò Vấp
};

/**
 * Signs in through the API and returns a small client that sends the session
 * cookie (and the CSRF token on writes): `get(path)`, `send(method, path, body)`.
 */
export async function apiSession(baseURL, email, password = DEMO_PASSWORD) {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login of ${email} answered ${res.status}: ${text}`);
  const body = JSON.parse(text);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`login of ${email} set no cookie`);
  const csrf = body.csrf_token;
  async function send(method, p, json) {
    const headers = { Cookie: cookie, 'Accept-Language': 'vi' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(baseURL + p, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const t = await r.text();
    return { status: r.status, body: t ? JSON.parse(t) : null };
  }
  return {
    user: body.user,
    cookie,
    csrf,
    send,
    /** GET that must succeed; returns the JSON body. */
    async get(p) {
      const r = await send('GET', p);
      if (r.status !== 200) throw new Error(`GET ${p} as ${email} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Retries an async assertion until it passes or the timeout runs out. */
export async function eventually(fn, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

/** "Nguyễn Văn Ân" → "nguyen van an": what a person types without accents. */
export function stripAccents(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * Browser pages signed in as a demo user. The first page of a user signs in
 * through the API (the cookie lands in the browser context); later pages of
 * the same user reuse that session, so the login rate limit is never reached.
 */
export function pages(server, browser) {
  const states = new Map();

  async function signedInState(email) {
    if (!states.has(email)) {
      const context = await browser.newContext();
      const res = await context.request.post(`${server.baseURL}/api/v1/auth/login`, { data: { email, password: DEMO_PASSWORD } });
      if (res.status() !== 200) throw new Error(`login of ${email} answered ${res.status()}: ${await res.text()}`);
      states.set(email, await context.storageState());
      await context.close();
    }
    return states.get(email);
  }

  /**
   * A fresh page (fresh localStorage, so Vietnamese by default) signed in as
   * `email` (null: signed out), opened at `hash`.
   */
  async function open(hash, { email = DEMO.officer, viewport = { width: 360, height: 640 } } = {}) {
    const storageState = email ? await signedInState(email) : undefined;
    const context = await browser.newContext({ viewport, locale: 'vi-VN', storageState });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.baseURL + '/' + hash);
    return { page, context, errors };
  }

  return { open };
}

/** The two screens every screen is checked on: a cheap phone and a meeting-room TV. */
export const PHONE = { width: 360, height: 640 };
export const TV = { width: 1920, height: 1080 };

/** The `skip` option of a describe(): the reason when Chromium is missing. */
export const skipWithoutChromium = fs.existsSync(chromiumPath) ? false : `${chromiumPath} is missing: end-to-end tests skipped (apt-get install -y chromium)`;

/** Saves a screenshot to e2e/screenshots/; a full page is taken from the top (the sticky bar stays on top). */
export async function screenshot(page, name, fullPage = false) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(screenshotDir, name), ...(fullPage ? { fullPage } : {}) });
}

/** The page does not scroll sideways. */
export async function assertNoHorizontalScroll(page) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (sw > cw) {
    const culprits = await page.evaluate((w) =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right + window.scrollX > w + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right + window.scrollX)}px)`),
    cw);
    throw new Error(`page is ${sw}px wide in a ${cw}px viewport: ${culprits.join(', ')}`);
  }
}
