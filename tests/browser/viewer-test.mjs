// viewer-test.mjs — drives the HTML viewer of `dealgraph animate` in headless Chromium over the DevTools protocol.
//
// Run by meson through tests/browser-test.sh, which finds node and chromium (and skips, or under CI fails,
// without them):
//   DEALGRAPH=build/dealgraph DG_SOURCE_ROOT=. node --experimental-websocket tests/browser/viewer-test.mjs [CHROMIUM]
// It needs no npm package: Node's own WebSocket speaks to Chromium. It writes the pages with the CLI, loads
// them from file://, steps through every stage by keyboard, slider, buttons and step mode, and checks the
// stage label, which ties are visible (against a table written from the graph by hand), tooltips, that
// hostile labels stay text, that no console error occurred and that no network request was made.
// DG_BROWSER_SHOTS=DIR keeps the screenshots.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, openPage as cdpOpenPage, runAndExit, sleep, testBed, webSocketClass } from './cdp.mjs';

const dealgraph = process.env.DEALGRAPH;
const root = process.env.DG_SOURCE_ROOT;
const chromium = process.argv[2] || process.env.CHROMIUM || 'chromium';
if (!dealgraph || !root) {
  console.error('viewer-test: set DEALGRAPH and DG_SOURCE_ROOT');
  process.exit(2);
}
// Node 22 has WebSocket, 20.10+ behind --experimental-websocket; older ones can use the `ws` package
// (cdp.mjs). Without any, the test is skipped (77 tells meson so; tests/browser-test.sh makes it a failure
// under CI).
const WebSocketClass = await webSocketClass();
if (!WebSocketClass) {
  console.log('viewer-test: skipped: this node has no WebSocket (use node >= 20.10 with --experimental-websocket, or install node-ws or npm install ws)');
  process.exit(77);
}

const { tmp, shotsDir, check, counts } = testBed('dg-viewer-');

function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

// A PNG as 8-bit RGB(A) pixels: enough of the format for Chromium's screenshots.
function decodePng(buf) {
  let at = 8, width = 0, height = 0, depth = 0, type = 0;
  const idat = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at), kind = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + len);
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4); depth = body[8]; type = body[9];
    } else if (kind === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  if (depth !== 8 || (type !== 2 && type !== 6)) throw new Error(`PNG: depth ${depth} type ${type}`);
  const bpp = type === 6 ? 4 : 3, stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, bpp, data: out };
}

// Pixels of @rect (CSS pixels = screenshot pixels here) that differ by more than a little between two
// screenshots given as base64.
const whole = { left: 0, top: 0, right: 1100, bottom: 1300 };

// Blocks of 4 × 4 pixels whose average colour differs by more than a little: insensitive to how edges
// are anti-aliased, sensitive to a line or a label that is there in one picture and not the other.
function changedBlocks(shotA, shotB) {
  const a = decodePng(Buffer.from(shotA, 'base64')), b = decodePng(Buffer.from(shotB, 'base64'));
  let changed = 0;
  for (let by = 0; by + 4 <= a.height; by += 4) {
    for (let bx = 0; bx + 4 <= a.width; bx += 4) {
      let d = 0;
      for (let k = 0; k < 3; k++) {
        let sa = 0, sb = 0;
        for (let y = by; y < by + 4; y++) {
          for (let x = bx; x < bx + 4; x++) {
            sa += a.data[(y * a.width + x) * a.bpp + k];
            sb += b.data[(y * a.width + x) * a.bpp + k];
          }
        }
        d = Math.max(d, Math.abs(sa - sb) / 16);
      }
      if (d > 24) changed++;
    }
  }
  return changed;
}

function changedPixels(shotA, shotB, rect) {
  const a = decodePng(Buffer.from(shotA, 'base64')), b = decodePng(Buffer.from(shotB, 'base64'));
  let changed = 0;
  const x0 = Math.max(0, Math.floor(rect.left)), x1 = Math.min(a.width, Math.ceil(rect.right));
  const y0 = Math.max(0, Math.floor(rect.top)), y1 = Math.min(a.height, Math.ceil(rect.bottom));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * a.bpp;
      let d = 0;
      for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs(a.data[i + k] - b.data[i + k]));
      if (d > 24) changed++;
    }
  }
  return changed;
}


// ---- the pages under test -------------------------------------------------

const flagship = path.join(root, 'graphs', 'microsoft-openai-2026.gv');
const flagshipPage = path.join(tmp, 'deal.html');
// Short times keep the test quick; the schedule is the same.
const hold = 0.3;
const tween = 0.4;
execFileSync(dealgraph, ['animate', flagship, '-o', flagshipPage, '--hold', String(hold), '--tween', String(tween), '-q']);

// The animated SVG, and the static figures of the stages to compare it with.
const animatedSvg = path.join(tmp, 'deal.svg');
execFileSync(dealgraph, ['animate', flagship, '-o', animatedSvg, '--hold', '2', '--tween', '1', '-q']);
execFileSync(dealgraph, ['render', flagship, '-o', path.join(tmp, 'static'), '-T', 'svg', '--no-book', '-q']);
const staticSvgs = ['01-before', '02-amazon', '03-agreement', '04-y2030', '05-y2032']
  .map((stem) => path.join(tmp, 'static', 'microsoft-openai-2026', stem + '.svg'));

// Hostile text in every place that reaches the page: the title, stage labels, party labels, kinds, terms,
// notes and sources. A stage label is shown by the viewer as text, a tie's note and source in tooltips.
const hostile = {
  title: '</script><script>window.__pwned=1</script> "q" \'a\' ]]> <!-- &amp; \u202Eevil',
  s1: '</script><script>window.__pwned=2</script>',
  s2: ']]><!-- \u202Egnp.exe <img src=x onerror="window.__pwned=3">',
  a: '<img src=x onerror=window.__pwned=4>',
  b: '</title><script>window.__pwned=5</script>',
  note: '</SCRIPT ><script>window.__pwned=6</script>\u2028\u2029',
  source: '"\'`${window.__pwned=7}` {{DATA}} {{FIGURE}} \u001b[31m',
};
const dot = (s) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
const hostileGraph = `digraph "hostile" {
  label = ${dot(hostile.title)};
  subgraph timeline { s1 [label = ${dot(hostile.s1)}]; s2 [label = ${dot(hostile.s2)}]; s1 -> s2; }
  a [label = ${dot(hostile.a)}, kind = company];
  b [label = ${dot(hostile.b)}, kind = lab];
  a -> b [kind = license, terms = "exclusive", until = s2, note = ${dot(hostile.note)}, source = ${dot(hostile.source)}];
  a -> b [kind = license, terms = "nonexclusive", from = s2, note = ${dot(hostile.note)}];
}
`;
const hostileFile = path.join(tmp, 'hostile.gv');
fs.writeFileSync(hostileFile, hostileGraph);
const hostilePage = path.join(tmp, 'hostile.html');
execFileSync(dealgraph, ['animate', hostileFile, '-o', hostilePage, '--tween', '0.2', '-q']);

// What each stage of the flagship shows, written by hand from graphs/microsoft-openai-2026.gv:
// "tail->head kind terms".
const expectedTies = [
  // Earlier terms: exclusive license and hosting
  ['OpenAI->Microsoft license exclusive', 'OpenAI->Azure channel exclusive', 'Microsoft->OpenAI revenue_share',
   'OpenAI->Microsoft revenue_share', 'Microsoft->OpenAI stake', 'Microsoft->OpenAI investment'],
  // Amazon announces up to $50B investment
  ['OpenAI->Microsoft license exclusive', 'OpenAI->Azure channel exclusive', 'Microsoft->OpenAI revenue_share',
   'OpenAI->Microsoft revenue_share', 'Microsoft->OpenAI stake', 'Microsoft->OpenAI investment',
   'Amazon->OpenAI investment'],
  // New agreement: exclusivity ends
  ['OpenAI->Microsoft license nonexclusive', 'OpenAI->Azure channel primary', 'OpenAI->AWS Bedrock channel',
   'Azure->Enterprises channel', 'AWS Bedrock->Enterprises channel', 'Amazon->OpenAI investment',
   'OpenAI->Microsoft revenue_share capped', 'Microsoft->OpenAI stake', 'Microsoft->OpenAI investment'],
  // 2030: revenue share to Microsoft ends
  ['OpenAI->Microsoft license nonexclusive', 'OpenAI->Azure channel primary', 'OpenAI->AWS Bedrock channel',
   'Azure->Enterprises channel', 'AWS Bedrock->Enterprises channel', 'Amazon->OpenAI investment',
   'Microsoft->OpenAI stake', 'Microsoft->OpenAI investment'],
  // 2032: Microsoft's license ends
  ['OpenAI->Azure channel primary', 'OpenAI->AWS Bedrock channel', 'Azure->Enterprises channel',
   'AWS Bedrock->Enterprises channel', 'Amazon->OpenAI investment', 'Microsoft->OpenAI stake',
   'Microsoft->OpenAI investment'],
];
// The ties each stage shows as ghosts: those that ended there (not continued by a tie that changed).
const expectedEnded = [
  [], [],
  ['Microsoft->OpenAI revenue_share'],
  ['OpenAI->Microsoft revenue_share capped'],
  ['OpenAI->Microsoft license nonexclusive'],
];
const expectedLabels = ['Earlier terms: exclusive license and hosting', 'Amazon announces up to $50B investment',
  'New agreement: exclusivity ends', '2030: revenue share to Microsoft ends',
  "2032: Microsoft's license ends"];

// ---- Chromium and the DevTools protocol (cdp.mjs) --------------------------------

const browser = launch(chromium, tmp, WebSocketClass);
const openPage = (cdp, file, hash = '') => cdpOpenPage(cdp, file, { hash, shotsDir });

// The stage shown, its label, and the ties whose layers are fully visible (or, for `fading`, any tie
// layer caught half-way).
const STATE = `(() => {
  const data = JSON.parse(document.getElementById('dg-data').textContent);
  const name = (i) => { const t = data.ties[i]; return t.tail + '->' + t.head + ' ' + t.kind + (t.terms.length ? ' ' + t.terms.join(',') : ''); };
  const visible = new Set(), ended = new Set(), hidden = new Set(), fading = [];
  document.querySelectorAll('#dg-fig .dg-l[data-tie]').forEach((el) => {
    const o = Number(getComputedStyle(el).opacity);
    if (o > 0.99 && el.dataset.ended !== undefined) ended.add(name(Number(el.dataset.tie)));
    else if (o > 0.99) visible.add(name(Number(el.dataset.tie)));
    else if (o < 0.01) hidden.add(name(Number(el.dataset.tie)));
    else fading.push(name(Number(el.dataset.tie)));
  });
  return {
    stage: Number(document.getElementById('dg-fig').dataset.stage),
    slider: Number(document.getElementById('dg-slider').value),
    label: document.getElementById('dg-stage-label').textContent,
    count: document.getElementById('dg-count').textContent,
    visible: [...visible].sort(), ended: [...ended].sort(), fading,
    stillHidden: [...hidden].filter((t) => !visible.has(t)),
  };
})()`;

// Waits until no transition is running or waiting for its delay, then returns the state.
async function settled(page) {
  let state;
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    const busy = await page.eval('document.getAnimations().length');
    state = await page.eval(STATE);
    if (busy === 0 && state.fading.length === 0) return state;
  }
  return state;
}

function checkStage(state, stage, how) {
  check(state.stage === stage && state.slider === stage, `${how}: at stage ${stage + 1} (slider ${state.slider})`);
  check(state.label === expectedLabels[stage], `${how}: label "${state.label}"`);
  check(state.count === `${stage + 1} / 5`, `${how}: counter "${state.count}"`);
  const expected = [...expectedTies[stage]].sort();
  if (!check(sameSet(state.visible, expected), `${how}: stage ${stage + 1} shows exactly its ${expected.length} ties`)) {
    console.log('#   shown:    ' + JSON.stringify(state.visible));
    console.log('#   expected: ' + JSON.stringify(expected));
  }
  const ghosts = [...expectedEnded[stage]].sort();
  if (!check(sameSet(state.ended, ghosts), `${how}: stage ${stage + 1} shows the ${ghosts.length} ties that ended there`)) {
    console.log('#   ended:    ' + JSON.stringify(state.ended));
    console.log('#   expected: ' + JSON.stringify(ghosts));
  }
}

async function run() {
  const cdp = await browser.connect();

  // ---- the flagship, by keyboard -----------------------------------------------------
  const page = await openPage(cdp, flagshipPage);
  let state = await settled(page);
  checkStage(state, 0, 'on load');
  const shots = [await page.shot('stage-1.png')];
  for (let s = 1; s < 5; s++) {
    await page.key('ArrowRight');
    // Right after the key the change is under way (transitions running or waiting for their turn): the
    // stages are animated, not cut.
    const busy = await page.eval('document.getAnimations().length');
    check(busy > 0, `ArrowRight to stage ${s + 1}: ${busy} transitions under way`);
    state = await settled(page);
    checkStage(state, s, 'ArrowRight');
    shots.push(await page.shot(`stage-${s + 1}.png`));
  }
  await page.key('ArrowRight');
  state = await settled(page);
  check(state.stage === 4, 'ArrowRight on the last stage stays there');
  await page.key('ArrowLeft');
  state = await settled(page);
  checkStage(state, 3, 'ArrowLeft');
  await page.key('Home');
  state = await settled(page);
  checkStage(state, 0, 'Home');
  await page.key('End');
  state = await settled(page);
  checkStage(state, 4, 'End');
  await page.key('PageUp');
  state = await settled(page);
  checkStage(state, 3, 'PageUp');

  // Where the screenshots differ: a party that begins (Amazon at stage 2) and a tie that ends (the
  // nonexclusive license at stage 5) change their region; a party that stays as it was (Azure) does not.
  const rects = await page.eval(`(() => {
    const data = JSON.parse(document.getElementById('dg-data').textContent);
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
    const party = (label) => box([...document.querySelectorAll('#dg-fig .dg-l[data-party]')]
      .find((el) => data.parties[el.dataset.party].label === label));
    const license = [...document.querySelectorAll('#dg-fig .dg-l[data-tie]')].find((el) => {
      const t = data.ties[el.dataset.tie]; return t.kind === 'license' && t.terms.includes('nonexclusive'); });
    return { amazon: party('Amazon'), azure: party('Azure'), license: box(license) };
  })()`);
  const amazonDiff = changedPixels(shots[0], shots[1], rects.amazon);
  const azureDiff = changedPixels(shots[0], shots[1], rects.azure);
  check(amazonDiff > 200, `stage 1 → 2: Amazon's region changes (${amazonDiff} pixels)`);
  check(azureDiff === 0, `stage 1 → 2: Azure's region does not (${azureDiff} pixels)`);
  const licenseDiff = changedPixels(shots[3], shots[4], rects.license);
  const azureDiff2 = changedPixels(shots[3], shots[4], rects.azure);
  check(licenseDiff > 200, `stage 4 → 5: the ending license's region changes (${licenseDiff} pixels)`);
  check(azureDiff2 === 0, `stage 4 → 5: Azure's region does not (${azureDiff2} pixels)`);
  const again = await page.shot('stage-4-again.png');
  const againDiff = changedPixels(again, shots[3], whole);
  check(againDiff < 50, `stage 4 reached from stage 5 looks as when reached from stage 3 (${againDiff} pixels differ)`);

  // ---- by the slider: real mouse clicks on the track ---------------------------------
  const track = await page.eval(`(() => { const r = document.getElementById('dg-slider').getBoundingClientRect();
    return { left: r.left, width: r.width, y: r.top + r.height / 2 }; })()`);
  for (const s of [2, 0, 4, 1]) {
    const thumb = 16;
    await page.click(track.left + thumb / 2 + (track.width - thumb) * s / 4, track.y);
    state = await settled(page);
    checkStage(state, s, 'slider click');
  }
  // The focused slider takes arrow keys itself; the page must not move twice.
  await page.key('ArrowRight');
  state = await settled(page);
  checkStage(state, 2, 'ArrowRight on the focused slider');

  // ---- buttons ------------------------------------------------------------------------
  const button = async (id) => {
    const r = await page.eval(`(() => { const r = document.getElementById('${id}').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`);
    await page.click(r[0], r[1]);
  };
  await button('dg-next');
  state = await settled(page);
  checkStage(state, 3, 'next button');
  await button('dg-prev');
  await button('dg-prev');
  state = await settled(page);
  checkStage(state, 1, 'previous button twice');
  await button('dg-first');
  state = await settled(page);
  checkStage(state, 0, 'first button');

  // ---- play and pause ---------------------------------------------------------------
  await page.eval('document.activeElement && document.activeElement.blur()');
  await page.key(' ');
  await sleep(100);
  check(await page.eval(`document.getElementById('dg-play').getAttribute('aria-pressed')`) === 'true', 'space starts playback');
  await sleep((hold + tween) * 1000 * 1.5 + 300);
  await page.key(' ');
  state = await settled(page);
  check(state.stage >= 2, `playback moved on by itself (now at stage ${state.stage + 1})`);
  const pausedAt = state.stage;
  await sleep((hold + tween) * 1000 * 1.5);
  state = await settled(page);
  check(state.stage === pausedAt, 'space pauses playback');

  // ---- tooltips -----------------------------------------------------------------------
  await page.key('Home');
  await settled(page);
  const at = await page.eval(`(() => {
    const data = JSON.parse(document.getElementById('dg-data').textContent);
    const hit = [...document.querySelectorAll('#dg-targets .dg-hit.on:not(.dg-box)')]
      .find((h) => data.ties[h.dataset.tie].kind === 'license');
    const p = hit.getPointAtLength(hit.getTotalLength() / 2), m = hit.getScreenCTM();
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  })()`);
  await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: at.x, y: at.y });
  await sleep(100);
  const tip = await page.eval(`(() => { const t = document.getElementById('dg-tip'); return { hidden: t.hidden, text: t.textContent }; })()`);
  check(!tip.hidden && tip.text.includes('OpenAI') && tip.text.includes('license') && tip.text.includes('exclusive')
        && tip.text.includes('Microsoft had exclusive access'), `hovering the license shows its kind, terms and source ("${tip.text.slice(0, 80)}…")`);
  await page.shot('tooltip.png');
  await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 5, y: 5 });
  await sleep(100);
  check(await page.eval(`document.getElementById('dg-tip').hidden`), 'the tooltip goes when the pointer leaves');

  check(page.errors.length === 0, `no console error on the flagship page ${JSON.stringify(page.errors)}`);
  const foreign = page.requests.filter((u) => u !== page.url);
  check(foreign.length === 0, `no request but the page itself (${page.requests.length} requests${foreign.length ? ': ' + foreign.join(' ') : ''})`);

  // ---- step mode ------------------------------------------------------------------------
  const step = await openPage(cdp, flagshipPage, '#step');
  state = await settled(step);
  check(await step.eval(`document.getElementById('dg-step').checked && document.getElementById('dg-play').disabled`),
        'step mode: checkbox set, play disabled');
  await step.key(' ');
  state = await settled(step);
  checkStage(state, 1, 'step mode space');
  await sleep((hold + tween) * 1000 * 2);
  state = await settled(step);
  check(state.stage === 1, 'step mode: no autoplay');
  const figure = await step.eval(`(() => { const r = document.getElementById('dg-fig').getBoundingClientRect(); return [r.left + 20, r.top + 20]; })()`);
  await step.click(figure[0], figure[1]);
  state = await settled(step);
  checkStage(state, 2, 'step mode click on the figure');
  check(step.errors.length === 0, `no console error in step mode ${JSON.stringify(step.errors)}`);

  // ---- the animated SVG: CSS animations alone, frozen at each stage's hold ------------------
  const anim = await openPage(cdp, animatedSvg);
  const info = await anim.eval(`(() => {
    const all = document.getAnimations();
    return { n: all.length, infinite: all.every((a) => a.effect.getComputedTiming().iterations === Infinity),
             duration: all.length ? all[0].effect.getComputedTiming().duration : 0,
             scripts: document.getElementsByTagName('script').length };
  })()`);
  check(info.n >= 13 && info.infinite && info.duration === 15000 && info.scripts === 0,
        `animated SVG: ${info.n} CSS animations, looping, 15 s, no script`);
  const freeze = (ms) => anim.eval(`(() => { document.getAnimations().forEach((a) => { a.pause(); a.currentTime = ${ms}; }); return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); })()`);
  const svgShots = [];
  for (let s = 0; s < 5; s++) {
    await freeze(s * 3000 + 1000);
    svgShots.push(await anim.shot(`svg-stage-${s + 1}.png`));
  }
  await freeze(3000 + 2500);
  const between = await anim.shot('svg-between-2-3.png');
  // Layers composited one by one anti-alias their edges a little differently from one drawing, so
  // compare by distance: each frozen frame must be nearest to its own stage's figure, by far.
  const stills = [];
  for (let s = 0; s < 5; s++) {
    const stat = await openPage(cdp, staticSvgs[s]);
    stills.push(await stat.shot(`static-stage-${s + 1}.png`));
    await cdp.send('Target.closeTarget', { targetId: stat.targetId });
  }
  for (let s = 0; s < 5; s++) {
    const d = stills.map((still) => changedBlocks(svgShots[s], still));
    const others = Math.min(...d.filter((_, k) => k !== s));
    check(d[s] < 20 && others > 100, `animated SVG at stage ${s + 1}'s hold shows that stage (${d[s]} blocks off its figure, ${others} off the nearest other)`);
  }
  const midDiff = Math.min(changedBlocks(between, svgShots[1]), changedBlocks(between, svgShots[2]));
  check(midDiff > 50, `animated SVG half-way from stage 2 to 3 is neither (${midDiff} blocks from the nearer)`);
  check(anim.errors.length === 0 && anim.requests.every((u) => u === anim.url),
        `animated SVG: no error, no request ${JSON.stringify(anim.errors)}`);

  // ---- hostile labels ----------------------------------------------------------------------
  const bad = await openPage(cdp, hostilePage);
  await settled(bad);
  const seen = await bad.eval(`(() => ({
    pwned: window.__pwned,
    scripts: document.scripts.length,
    title: document.title,
    label: document.getElementById('dg-stage-label').textContent,
    images: document.images.length,
  }))()`);
  check(seen.pwned === undefined, 'hostile page: no injected script ran');
  check(seen.scripts === 2 && seen.images === 0, `hostile page: only the viewer's two script elements, no <img> (${seen.scripts}, ${seen.images})`);
  check(seen.title.includes(hostile.title.slice(0, 40)), 'hostile page: the title is shown as text');
  check(seen.label === hostile.s1, `hostile page: stage label shown literally ("${seen.label}")`);
  await bad.key('ArrowRight');
  await settled(bad);
  const label2 = await bad.eval(`document.getElementById('dg-stage-label').textContent`);
  check(label2 === hostile.s2, 'hostile page: second stage label shown literally, bidi override kept as text');
  const notes = await bad.eval(`JSON.parse(document.getElementById('dg-data').textContent).ties.map((t) => [t.note, t.source])`);
  check(notes[0][0] === hostile.note && notes[0][1] === hostile.source,
        'hostile page: notes and sources survive the JSON round trip exactly');
  await bad.shot('hostile.png');
  check(bad.errors.length === 0, `hostile page: no console error or CSP violation ${JSON.stringify(bad.errors)}`);
  check(bad.requests.every((u) => u === bad.url), `hostile page: no request but the page (${bad.requests.join(' ')})`);
}

await runAndExit('browser', run, { browser, tmp, shotsDir, check, counts });
