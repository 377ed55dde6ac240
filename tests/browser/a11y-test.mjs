// a11y-test.mjs — the HTML viewer of `dealgraph animate` and a page holding a figure SVG, checked for screen readers and keyboard users in headless Chromium.
//
// Run by meson through tests/browser-test.sh (test `browser-a11y`), which finds node, Chromium and axe-core
// (and skips, or under CI fails, without them):
//   DEALGRAPH=build/dealgraph DG_SOURCE_ROOT=. AXE_CORE=…/axe.min.js node tests/browser/a11y-test.mjs [CHROMIUM]
// It checks:
// - axe-core finds no violation on the viewer (every theme, several stages) nor on an HTML page that inlines
//   the SVG `dealgraph render -T svg` writes, in a <figure> with a <figcaption>;
// - at each stage the accessibility tree (DevTools' Accessibility.getFullAXTree) holds every active party and
//   tie by its name and no inactive one. The names expected come from outside the page: the static SVG figure
//   of each stage (its named groups) counted against `dealgraph describe -T json`;
// - Tab reaches every control and the figure (one stop), ↑ ↓ every active party and tie, each with a
//   visible focus indicator in the accent at 3:1 or more against the page; the live region says the stage and what changed (the sentences of
//   `dealgraph describe`) after ArrowRight;
// - with prefers-reduced-motion (emulated) nothing moves by itself and no transition runs; the animated
//   SVG of `animate -o FILE.svg` holds its first stage.
// DG_BROWSER_SHOTS=DIR keeps the screenshots.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openPage as cdpOpenPage, runAndExit, sleep, testBed, webSocketClass } from './cdp.mjs';

const dealgraph = process.env.DEALGRAPH;
const root = process.env.DG_SOURCE_ROOT;
const chromium = process.argv[2] || process.env.CHROMIUM || 'chromium';
const axePath = process.env.AXE_CORE;
if (!dealgraph || !root || !axePath) {
  console.error('a11y-test: set DEALGRAPH, DG_SOURCE_ROOT and AXE_CORE');
  process.exit(2);
}
const WebSocketClass = await webSocketClass();
if (!WebSocketClass) {
  console.log('a11y-test: skipped: this node has no WebSocket');
  process.exit(77);
}
const axeSource = fs.readFileSync(axePath, 'utf8');

const { tmp, shotsDir, check, counts } = testBed('dg-a11y-');

const run = (args) => execFileSync(dealgraph, args, { encoding: 'utf8' });

// ---- the pages and what they must hold, from outside the page ----------------------

const flagship = path.join(root, 'graphs', 'microsoft-openai-2026.gv');
const hold = 0.3;
const tween = 0.4;
const themes = ['default', 'report', 'dark', 'grayscale'];
const pages = {};
for (const theme of themes) {
  pages[theme] = path.join(tmp, `deal-${theme}.html`);
  run(['animate', flagship, '-o', pages[theme], '--hold', String(hold), '--tween', String(tween), '-q',
    ...(theme === 'default' ? [] : ['-t', theme])]);
}

// Each stage's static figure names its active parties and ties (and the ghosts of ended ties, which are not
// active); `describe -T json` says how many there are and what changed.
run(['render', flagship, '-o', path.join(tmp, 'static'), '-T', 'svg', '--no-book', '-q']);
const figureDir = path.join(tmp, 'static', 'microsoft-openai-2026');
const stems = fs.readdirSync(figureDir).filter((f) => f.endsWith('.svg')).sort();
const described = JSON.parse(run(['describe', flagship, '-T', 'json']));
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const expected = stems.map((stem) => {
  const svg = fs.readFileSync(path.join(figureDir, stem), 'utf8');
  return [...svg.matchAll(/<g role="group" aria-label="([^"]*)"/g)].map((m) => unescape(m[1]))
    .filter((name) => !name.endsWith(', ended'));
});
const nStages = described.length;
check(nStages === 5 && stems.length === nStages, `the flagship has ${nStages} stages and as many figures`);
for (let s = 0; s < nStages; s++) {
  const d = described[s];
  const count = d.parties.length + d.parties.reduce((n, p) => n + p.ties.length, 0);
  check(expected[s].length === count,
        `stage ${s + 1}: its figure names ${expected[s].length} parties and ties, describe counts ${count}`);
}
const everyName = [...new Set(expected.flat())];

// A page that holds a figure as inline SVG, as a report would.
const flagStem = stems.find((s) => s.includes('agreement')) || stems[2];
const figureSvg = fs.readFileSync(path.join(figureDir, flagStem), 'utf8').replace(/^<\?xml[^>]*>\s*/, '');
const figurePage = path.join(tmp, 'figure.html');
fs.writeFileSync(figurePage, `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Microsoft and OpenAI: the new agreement</title>
<style>body { font-family: sans-serif; margin: 1rem; color: #1a1a1a; background: #fff; } svg { max-width: 100%; height: auto; }</style></head>
<body>
<main>
<h1>Microsoft and OpenAI renegotiate their partnership</h1>
<figure>
${figureSvg}
<figcaption>Figure 1. ${described[2].short.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</figcaption>
</figure>
</main>
</body>
</html>
`);

// ---- the browser ---------------------------------------------------------------------

const browser = launch(chromium, tmp, WebSocketClass);
const openPage = (cdp, file, hash = '') => cdpOpenPage(cdp, file, { hash, shotsDir });

async function tab(page, shift = false) {
  const base = { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9, modifiers: shift ? 8 : 0 };
  await page.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
}

async function settle(page) {
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    if (await page.eval('document.getAnimations().length') === 0) return;
  }
}

// axe-core's violations on the page as it is now (the page's CSP does not apply to Runtime.evaluate).
async function axe(page) {
  if (!await page.eval('typeof window.axe === "object"')) await page.eval(axeSource + '\n;0');
  return page.eval(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
    ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary) })))`);
}

function reportAxe(violations, what) {
  if (!check(violations.length === 0, `axe: ${violations.length} violations on ${what}`)) {
    for (const v of violations) console.log(`#   ${v.id} (${v.impact}): ${v.help}\n#     ${v.nodes.join('\n#     ')}`);
  }
}

// The names of the accessibility tree's nodes that assistive technology is given (not ignored).
async function axNames(page) {
  await page.send('Accessibility.enable');
  const { nodes } = await page.send('Accessibility.getFullAXTree');
  return nodes.filter((n) => !n.ignored && n.name && n.name.value).map((n) => ({ role: n.role?.value, name: n.name.value }));
}

function rgb(css) {
  const m = css.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
function contrast(a, b) {
  const lum = (c) => {
    const v = c.map((x) => { x /= 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const la = lum(a), lb = lum(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// What has focus now, and how its focus shows: the outline of a control, or the stroke of a target's
// visible hit areas (drawn under the figure, in the accent).
const FOCUS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const target = el.classList && el.classList.contains('dg-t');
  const css = getComputedStyle(el);
  const out = { id: el.id || null, name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40),
                target, focusVisible: el.matches(':focus-visible'), bg: getComputedStyle(document.documentElement).backgroundColor,
                accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() };
  if (target) {
    const hits = [...el.querySelectorAll('.dg-hit.on')];
    out.indicator = hits.map((h) => { const s = getComputedStyle(h); return { stroke: s.stroke, opacity: s.strokeOpacity, width: parseFloat(s.strokeWidth), display: s.display }; });
  } else {
    out.indicator = [{ stroke: css.outlineColor, opacity: css.outlineStyle === 'none' ? '0' : '1', width: parseFloat(css.outlineWidth), display: css.display }];
  }
  return out;
})()`;

async function main() {
  const cdp = await browser.connect();

  // ---- axe-core: the viewer in every theme at several stages, and the figure page -----------
  for (const theme of themes) {
    const page = await openPage(cdp, pages[theme]);
    await settle(page);
    for (const s of [0, 2, 4]) {
      await page.eval(`window.dealgraphViewer.go(${s})`);
      await settle(page);
      reportAxe(await axe(page), `the viewer, ${theme} theme, stage ${s + 1}`);
    }
    // The focus ring and a tooltip are on the page too: check them as shown.
    await page.eval('window.dealgraphViewer.go(0)');
    await settle(page);
    await tab(page);
    await tab(page);
    await sleep(100);
    reportAxe(await axe(page), `the viewer, ${theme} theme, a party focused with its tooltip`);
    await page.shot(`a11y-${theme}-focus.png`);
    check(page.errors.length === 0, `${theme}: no console error ${JSON.stringify(page.errors)}`);
    await cdp.send('Target.closeTarget', { targetId: page.targetId });
  }
  const fig = await openPage(cdp, figurePage);
  reportAxe(await axe(fig), 'a page holding the figure SVG of stage 3 in a <figure>');
  const figNames = (await axNames(fig)).map((n) => n.name);
  const missingInFigure = expected[2].filter((name) => !figNames.includes(name));
  check(missingInFigure.length === 0, `the figure page names every party and tie of stage 3 (missing: ${JSON.stringify(missingInFigure)})`);
  await cdp.send('Target.closeTarget', { targetId: fig.targetId });

  // ---- the accessibility tree at each stage ------------------------------------------------
  const page = await openPage(cdp, pages.default);
  await settle(page);
  for (let s = 0; s < nStages; s++) {
    if (s > 0) {
      await page.key('ArrowRight');
      await settle(page);
    }
    const nodes = await axNames(page);
    const names = nodes.map((n) => n.name);
    const missing = expected[s].filter((name) => !names.includes(name));
    const inactive = everyName.filter((name) => !expected[s].includes(name) && names.includes(name));
    const twice = expected[s].filter((name) => names.filter((x) => x === name).length > 1);
    check(missing.length === 0, `stage ${s + 1}: the accessibility tree names its ${expected[s].length} parties and ties (missing: ${JSON.stringify(missing)})`);
    check(inactive.length === 0, `stage ${s + 1}: and none that is not active there (${JSON.stringify(inactive)})`);
    check(twice.length === 0, `stage ${s + 1}: each once (${JSON.stringify(twice)})`);
    const reachable = await page.eval(`[...document.querySelectorAll('#dg-targets .dg-t.on:not([aria-hidden])')].map((el) => el.getAttribute('aria-label')).sort()`);
    check(JSON.stringify(reachable) === JSON.stringify([...expected[s]].sort()),
          `stage ${s + 1}: exactly its parties and ties can be focused (${reachable.length})`);
    const stops = await page.eval(`[...document.querySelectorAll('#dg-targets [tabindex="0"]')].map((el) => el.getAttribute('aria-label'))`);
    check(stops.length === 1 && expected[s].includes(stops[0]),
          `stage ${s + 1}: the figure is one Tab stop, an active party or tie (${JSON.stringify(stops)})`);
  }

  // ---- the live region ---------------------------------------------------------------------
  await page.key('Home');
  await settle(page);
  for (let s = 1; s < nStages; s++) {
    await page.key('ArrowRight');
    await sleep(50);
    const said = await page.eval(`document.getElementById('dg-live').textContent`);
    const d = described[s];
    const changes = d.changes.map((c) => c.text);
    const missing = changes.filter((text) => !said.includes(text));
    check(said.startsWith(`Stage ${s + 1} of ${nStages}: ${d.stage.label}`) && changes.length > 0 && missing.length === 0,
          `ArrowRight to stage ${s + 1}: the live region says the stage and its ${changes.length} changes ("${said.slice(0, 120)}…")`);
    await settle(page);
  }
  const region = await page.eval(`(() => { const el = document.getElementById('dg-live'); return { live: el.getAttribute('aria-live'), role: el.getAttribute('role') }; })()`);
  check(region.live === 'polite' && region.role === 'status', 'the live region is a polite status');

  // ---- keyboard: Tab through the page ---------------------------------------------------------
  await page.key('Home');
  await settle(page);
  await page.eval('document.activeElement && document.activeElement.blur()');
  const reached = [];
  for (let i = 0; i < 40; i++) {
    await tab(page);
    const f = await page.eval(FOCUS);
    if (!f) continue;
    if (reached.some((r) => r.id === f.id && r.name === f.name)) break;
    reached.push(f);
  }
  const names = reached.map((f) => f.id || f.name);
  for (const id of ['dg-skip', 'dg-play', 'dg-next', 'dg-last', 'dg-slider', 'dg-step']) {
    check(names.includes(id), `Tab reaches #${id}`);
  }
  const inFigure = names.filter((n) => expected[0].includes(n));
  check(inFigure.length === 1, `the figure is one stop of the Tab order, whatever its size (${JSON.stringify(inFigure)})`);
  const firstTarget = names.indexOf(inFigure[0]);
  check(firstTarget >= 0 && firstTarget < names.indexOf('dg-play'), 'the figure comes before the controls in the tab order');
  // From there ↓ walks every party and tie of the stage, in order, and comes round again.
  await page.eval(`document.querySelector('#dg-targets [tabindex="0"]').focus()`);
  const walked = [await page.eval(FOCUS)];
  for (let i = 0; i < expected[0].length; i++) {
    await page.key('ArrowDown');
    walked.push(await page.eval(FOCUS));
  }
  const walkedNames = walked.map((f) => f && f.name);
  for (const name of expected[0]) check(walkedNames.includes(name), `↓ reaches "${name}"`);
  check(walkedNames[expected[0].length] === walkedNames[0], `↓ comes round to "${walkedNames[0]}" after ${expected[0].length} steps`);
  const stop = await page.eval(`[...document.querySelectorAll('#dg-targets [tabindex="0"]')].map((el) => el.getAttribute('aria-label'))`);
  check(stop.length === 1 && stop[0] === walkedNames[walkedNames.length - 1], `the Tab stop follows the focus (${JSON.stringify(stop)})`);
  reached.push(...walked.slice(1, expected[0].length).filter(Boolean));
  for (const f of reached) {
    const accent = rgb(f.indicator[0]?.stroke || '');
    const bg = rgb(f.bg);
    const visible = f.indicator.length > 0 && f.indicator.every((ind) => ind.opacity === '1' && ind.width >= 2
      && ind.stroke.replace(/\s/g, '') === f.indicator[0].stroke.replace(/\s/g, '') && ind.display !== 'none');
    const ratio = accent && bg ? contrast(accent, bg) : 0;
    check(f.focusVisible && visible && ratio >= 3,
          `focus on ${f.id || '"' + f.name + '"'} shows: ${f.indicator.length} ${f.target ? 'hit area' : 'outline'}(s) ${f.indicator[0]?.stroke} at ${f.indicator[0]?.width}px, ${ratio.toFixed(1)}:1 on the page`);
  }
  // ↑ goes back; a move to a stage without the focused tie hands focus to the figure.
  await page.eval(`document.querySelector('#dg-targets .dg-t.on').focus()`);
  await page.key('ArrowUp');
  const previous = await page.eval(`document.activeElement.getAttribute('aria-label')`);
  check(previous === walkedNames[expected[0].length - 1], `ArrowUp from the first goes round to the last ("${previous}")`);
  await page.eval(`[...document.querySelectorAll('#dg-targets .dg-t.on')].find((el) => / exclusive$/.test(el.getAttribute('aria-label'))).focus()`);
  await page.key('End');
  await settle(page);
  const after = await page.eval(`document.activeElement.id`);
  check(after === 'dg-fig', `a focused tie that ends hands focus to the figure (${after})`);
  await page.shot('a11y-end.png');
  check(page.errors.length === 0, `no console error ${JSON.stringify(page.errors)}`);

  // ---- reduced motion ----------------------------------------------------------------------------
  const calm = await openPage(cdp, pages.default);
  await calm.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
  check(await calm.eval(`matchMedia('(prefers-reduced-motion: reduce)').matches`), 'reduced motion is emulated');
  await sleep((hold + tween) * 1000 * 2);
  check(await calm.eval('window.dealgraphViewer.stage()') === 0, 'reduced motion: nothing plays by itself');
  await calm.eval('document.activeElement && document.activeElement.blur()');
  await calm.key('ArrowRight');
  const motion = await calm.eval(`(() => ({
    running: document.getAnimations().length,
    durations: [...new Set([...document.querySelectorAll('.dg-l')].map((el) => getComputedStyle(el).transitionDuration))],
    stage: window.dealgraphViewer.stage(),
  }))()`);
  check(motion.stage === 1 && motion.running === 0 && motion.durations.length === 1 && motion.durations[0] === '0s',
        `reduced motion: ArrowRight cuts to stage 2 (${motion.running} transitions, durations ${motion.durations.join(' ')})`);
  check(calm.errors.length === 0, `reduced motion: no console error ${JSON.stringify(calm.errors)}`);

  // ---- the animated SVG: it plays, and with reduced motion holds the first stage ---------------------
  const animSvg = path.join(tmp, 'deal-anim.svg');
  run(['animate', flagship, '-o', animSvg, '--hold', String(hold), '--tween', String(tween), '-q']);
  const LAYERS = `({ running: document.getAnimations().length,
    layers: [...document.querySelectorAll('g.a')].map((g) => [Number(g.style.opacity), Number(getComputedStyle(g).opacity)]) })`;
  const loop = await openPage(cdp, animSvg);
  await sleep((hold + tween) * 1000 * 2.5);
  const playing = await loop.eval(LAYERS);
  check(playing.running > 0 && playing.layers.some(([first, now]) => first !== now),
        `the animated SVG plays (${playing.running} animations; ${playing.layers.filter(([a, b]) => a !== b).length} layers moved on from stage 1)`);
  const held = await openPage(cdp, animSvg);
  await held.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
  await sleep((hold + tween) * 1000 * 2.5);
  const still = await held.eval(LAYERS);
  check(still.running === 0 && still.layers.length > 0 && still.layers.every(([first, now]) => first === now),
        `reduced motion: the animated SVG holds stage 1 (${still.running} animations, ${still.layers.filter(([a, b]) => a !== b).length} layers off it)`);
}

await runAndExit('a11y', main, { browser, tmp, shotsDir, check, counts });
