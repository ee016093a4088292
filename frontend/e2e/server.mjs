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
