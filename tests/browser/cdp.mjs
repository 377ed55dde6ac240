// cdp.mjs — headless Chromium over the DevTools protocol, for the browser tests (viewer-test.mjs, a11y-test.mjs).
//
// Needs no npm package on node >= 20.10 (its own WebSocket); older node uses the `ws` package.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The WebSocket class to speak to Chromium with, or null when this node has none.
// Node 22 has WebSocket, 20.10+ behind --experimental-websocket; older ones can use the `ws` package:
// npm install in tests/browser, or Debian's node-ws, which only require() finds (ESM imports have no
// global folders, and Debian puts its modules in /usr/share/nodejs). Without any, the test is skipped
// (77 tells meson so; tests/browser-test.sh makes it a failure under CI).
export async function webSocketClass() {
  let WebSocketClass = globalThis.WebSocket;
  if (typeof WebSocketClass !== 'function') {
    try {
      WebSocketClass = (await import('ws')).default;
    } catch {
      try {
        WebSocketClass = createRequire(import.meta.url)('ws');
      } catch {
        return null;
      }
    }
  }
  return WebSocketClass;
}

class Cdp {
  constructor(ws) {
    this.ws = ws;
    this.next = 1;
    this.pending = new Map();
    this.listeners = [];
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data));
      if (msg.id && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else resolve(msg.result);
      } else if (msg.method) {
        this.listeners.forEach((fn) => fn(msg));
      }
    });
  }
  send(method, params = {}, sessionId) {
    const id = this.next++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    this.ws.send(JSON.stringify(msg));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error(`timeout: ${method}`));
      }, 30000);
    });
  }
  on(fn) { this.listeners.push(fn); }
}

// Starts Chromium with a fresh profile under @tmp. Returns { connect(), close() }: connect() gives a Cdp,
// close() ends the browser and every helper it started.
export function launch(chromium, tmp, WebSocketClass) {
  const profile = path.join(tmp, 'profile');
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--hide-scrollbars', '--force-device-scale-factor=1',
    `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--window-size=1100,1300', 'about:blank',
    // Its own process group: the helpers Chromium starts (zygote, crashpad,
    // renderers) go with it when the test ends.
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let browserLog = '';
  browser.stderr.on('data', (chunk) => { browserLog += chunk; });

  async function devtoolsUrl() {
    const file = path.join(profile, 'DevToolsActivePort');
    for (let i = 0; i < 300; i++) {
      if (fs.existsSync(file)) {
        const [port, wsPath] = fs.readFileSync(file, 'utf8').split('\n');
        if (port && wsPath) return `ws://127.0.0.1:${port}${wsPath}`;
      }
      if (browser.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error('chromium did not start:\n' + browserLog.slice(-2000));
  }

  return {
    async connect() {
      const ws = new WebSocketClass(await devtoolsUrl());
      await new Promise((resolve, reject) => {
        ws.addEventListener('open', resolve);
        ws.addEventListener('error', reject);
      });
      return new Cdp(ws);
    },
    async close() {
      const exited = new Promise((resolve) => { if (browser.exitCode !== null) resolve(); else browser.on('exit', resolve); });
      browser.kill('SIGTERM');
      await exited;
      // Chromium's helper processes could still write to the profile after the
      // browser itself exits (CI once failed with ENOTEMPTY removing it): end
      // the whole group.
      try { process.kill(-browser.pid, 'SIGKILL'); } catch { /* the group is gone */ }
    },
  };
}

// One page in a fresh tab, recording every request and every error it causes.
export async function openPage(cdp, file, { hash = '', shotsDir } = {}) {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const page = { sessionId, targetId, requests: [], errors: [] };
  cdp.on((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    if (msg.method === 'Network.requestWillBeSent') page.requests.push(p.request.url);
    if (msg.method === 'Runtime.exceptionThrown') page.errors.push(p.exceptionDetails.text + ' ' + (p.exceptionDetails.exception?.description || ''));
    if (msg.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert' || p.type === 'warning')) {
      page.errors.push(`console.${p.type}: ` + p.args.map((a) => a.value ?? a.description).join(' '));
    }
    if (msg.method === 'Log.entryAdded' && (p.entry.level === 'error' || p.entry.level === 'warning')) {
      page.errors.push(`log ${p.entry.source}: ${p.entry.text} ${p.entry.url || ''}`);
    }
  });
  const send = (method, params) => cdp.send(method, params, sessionId);
  page.send = send;
  await send('Network.enable');
  await send('Runtime.enable');
  await send('Log.enable');
  await send('Page.enable');
  await send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 1300, deviceScaleFactor: 1, mobile: false });
  const loaded = new Promise((resolve) => cdp.on((msg) => {
    if (msg.sessionId === sessionId && msg.method === 'Page.loadEventFired') resolve();
  }));
  page.url = pathToFileURL(file).href;
  await send('Page.navigate', { url: page.url + hash });
  await loaded;
  page.eval = async (expression) => {
    const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error('evaluate: ' + r.exceptionDetails.text + ' in ' + expression);
    return r.result.value;
  };
  page.key = async (key) => {
    const codes = { ArrowRight: 39, ArrowLeft: 37, Home: 36, End: 35, ' ': 32, PageDown: 34, PageUp: 33 };
    const code = key === ' ' ? 'Space' : key;
    const base = { key, code, windowsVirtualKeyCode: codes[key], nativeVirtualKeyCode: codes[key] };
    await send('Input.dispatchKeyEvent', { type: 'keyDown', ...base, ...(key === ' ' ? { text: ' ' } : {}) });
    await send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
  };
  page.click = async (x, y) => {
    await send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
    await send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  };
  page.shot = async (name) => {
    const { data } = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(shotsDir, name), Buffer.from(data, 'base64'));
    return data;
  };
  return page;
}


// What a browser test works with: a fresh folder @tmp (prefix @prefix), the folder for its screenshots
// (DG_BROWSER_SHOTS, else under @tmp), and check(ok, what), which prints a TAP-like line and counts it
// (counts() gives { passed, failed }).
export function testBed(prefix) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const shotsDir = process.env.DG_BROWSER_SHOTS || path.join(tmp, 'shots');
  fs.mkdirSync(shotsDir, { recursive: true });
  const tally = { passed: 0, failed: 0 };
  const check = (ok, what) => {
    if (ok) tally.passed++;
    else tally.failed++;
    console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
    return ok;
  };
  return { tmp, shotsDir, check, counts: () => ({ ...tally }) };
}

// The end of a browser test: runs @body (an exception counts as one failed @check), closes the browser,
// removes @tmp unless DG_BROWSER_SHOTS keeps the screenshots (a folder left behind is reported, not a
// failure), prints the tally of @counts() and exits, 0 when every check passed and there was one.
export async function runAndExit(name, body, { browser, tmp, shotsDir, check, counts }) {
  try {
    await body();
  } catch (e) {
    check(false, 'test aborted: ' + (e.stack || e));
  } finally {
    await browser.close();
    if (!process.env.DG_BROWSER_SHOTS) {
      try {
        fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
      } catch (e) {
        console.log(`# could not remove ${tmp}: ${e.code}`);
      }
    } else console.log(`# screenshots in ${shotsDir}`);
  }
  const { passed, failed } = counts();
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
