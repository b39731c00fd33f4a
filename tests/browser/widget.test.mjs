// End-to-end test of the chat widget in Debian's headless Chromium, driven by playwright-core.
//
//   node tests/browser/widget.test.mjs <base-url> <screenshot-path>
//
// The server must serve the sample content plus one published entry whose answer contains
// `<img src=x onerror="window.__xss=1">`, and allow http://127.0.0.1:$CLINIC_SITE_PORT in its
// CORS allowlist (tests/browser.rs sets both up). Exits non-zero on the
// first failed check. Every check prints one line; the last line is "N passed, N failed".

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { checks } from './harness.mjs';

const [base, screenshot] = process.argv.slice(2);
if (!base || !screenshot) {
  console.error('usage: node widget.test.mjs <base-url> <screenshot-path>');
  process.exit(2);
}
const origin = new URL(base).origin;
const shotFor = (suffix) => screenshot.replace(/\.png$/, `-${suffix}.png`);
const TIMEOUT = 10_000;
const CHECKS = 17;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the open widget (its shadow DOM included): no serious or critical violation. */
async function axeWidget(p, view) {
  await p.evaluate(AXE);
  const found = await p.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run({ include: [['clinicfaq-widget']] }, { resultTypes: ['violations'] });
    return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(found, [], `axe on the widget, ${view}`);
}

// ------------------------------------------------------------------ the API, as ground truth

async function ask(question) {
  const res = await fetch(`${origin}/v1/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  assert.equal(res.status, 200, `POST /v1/ask ${question}`);
  return res.json();
}

async function getJson(p, headers = {}) {
  const res = await fetch(`${origin}${p}`, { headers });
  assert.equal(res.status, 200, `GET ${p}`);
  return res.json();
}

// ------------------------------------------------------------------ the browser

const userDataDir = mkdtempSync(path.join(tmpdir(), 'clinicfaq-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 860 },
  reducedMotion: 'reduce',
});

// Two other sites that embed the widget with one tag, served from loopback like the API
// (Chromium refuses loopback requests from pages it considers public). tests/browser.rs puts
// http://127.0.0.1:$CLINIC_SITE_PORT (only) in the server's CORS allowlist.
const embedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clinic</title></head>
<body><h1>A clinic's own site</h1><a href="#">A link</a>
<script src="${origin}/widget.js" data-api="${origin}" data-position="bottom-left" data-accent="#f5c542" defer></script>
</body></html>`;
// The same site's Spanish page: the widget speaks the page's language.
const spanishPage = embedPage.replace('<html lang="en">', '<html lang="es-US">').replace("A clinic's own site", 'El sitio de la clínica');
const serveSite = (port) => new Promise((resolve, reject) => {
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/es' ? spanishPage : embedPage);
  });
  srv.on('error', reject);
  srv.listen(port, '127.0.0.1', () => resolve(srv));
});
const sites = [await serveSite(Number(process.env.CLINIC_SITE_PORT || 0)), await serveSite(0)];
const [CLINIC_SITE, OTHER_SITE] = sites.map((s) => `http://127.0.0.1:${s.address().port}`);

// Anything else the pages ask of another origin is a third-party request: record it and refuse it.
const foreign = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if ([origin, CLINIC_SITE, OTHER_SITE].some((o) => url.startsWith(`${o}/`))) return route.continue();
  foreign.push(url);
  return route.abort();
});

const problems = [];
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(TIMEOUT);
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// Steps 6 and 6b fail /v1/ask on purpose; Chromium logs each as a console error.
const expectedError = /ERR_INTERNET_DISCONNECTED|status of 429/;
page.on('console', (m) => { if (m.type() === 'error' && !expectedError.test(m.text())) problems.push(`console error: ${m.text()}`); });

const W = 'clinicfaq-widget';
const log = page.locator(`${W} .log`);
const input = page.locator(`${W} #cf-input`);
const answers = page.locator(`${W} .msg[data-kind="answer"]`);

/** Which element inside the widget has focus (class or id), or null if focus is elsewhere. */
const widgetFocus = () => page.evaluate((tag) => {
  const host = document.querySelector(tag);
  if (!host || document.activeElement !== host) return null;
  const a = host.shadowRoot.activeElement;
  return a ? (a.id || a.className) : null;
}, W);

async function typeQuestion(q) {
  await input.focus();
  await input.fill('');
  await page.keyboard.type(q);
  await page.keyboard.press('Enter');
}

const { check, tally } = checks({
  stopOnFailure: true,
  onFailure: () => page.screenshot({ path: shotFor('failure'), fullPage: false }).catch(() => {}),
});

try {
  await check('1. the demo page loads and the widget opens with the keyboard alone', async () => {
    const res = await page.goto(`${origin}/`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.locator(`${W} .launcher`).waitFor();
    let presses = 0;
    while (presses < 40 && (await widgetFocus()) !== 'launcher') {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    assert.equal(await widgetFocus(), 'launcher', 'Tab never reached the launcher');
    assert.equal(presses, 1, 'the launcher is the first Tab stop of the page');
    await page.keyboard.press('Enter');
    await page.locator(`${W} .panel`).waitFor({ state: 'visible' });
    assert.equal(await widgetFocus(), 'cf-input', 'focus moves into the panel on open');
    assert.equal(await page.locator(`${W} .launcher`).getAttribute('aria-expanded'), 'true');
    assert.equal(await log.getAttribute('aria-live'), 'polite');
    await page.locator(`${W} .chips[aria-label="Popular questions"] .chip`).first().waitFor();
    assert.equal(await page.locator(`${W} .chips[aria-label="Popular questions"] .chip`).count(), 3);
  });

  await check('2. a question with a typo gets the right answer, review line, sources and referral card', async () => {
    const question = 'how long do the efects last';
    const truth = await ask(question);
    assert.equal(truth.kind, 'answer', 'the API answers the typo');
    await typeQuestion(question);
    const answer = answers.last();
    await answer.waitFor();
    assert.equal(await answer.getAttribute('data-slug'), truth.faq.slug);
    await assertFits(answer, 'desktop');
    await assertAnswerCard(answer, truth.faq, truth.referral.providers[0]);
    assert.equal(await input.inputValue(), '', 'the input clears once answered');
    // From the input, Tab goes on into the conversation (Send, then the log and the reply's
    // links and buttons), never straight out of the widget.
    await input.focus();
    await page.keyboard.press('Tab');
    assert.equal(await widgetFocus(), 'btn', 'Send');
    await page.keyboard.press('Tab');
    assert.equal(await widgetFocus(), 'log', 'then the conversation');
    await page.keyboard.press('Tab');
    const inReply = await page.evaluate((tag) => {
      const root = document.querySelector(tag).shadowRoot;
      return root.querySelector('.log').contains(root.activeElement);
    }, W);
    assert.ok(inReply, 'then the reply\'s own links and buttons');
    // The picture a reviewer wants: the answer's end, its review line and the referral card.
    await page.evaluate(() => window.scrollTo(0, 0));
    await answer.locator('.card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot });
  });

  await check('2b. "Was this helpful?" counts a vote for that FAQ', async () => {
    const answer = answers.last();
    const slug = await answer.getAttribute('data-slug');
    const before = await helpfulCount(slug);
    await answer.getByRole('button', { name: 'Yes, this was helpful' }).click();
    await answer.getByText('Thank you for your feedback.').waitFor();
    assert.equal(await helpfulCount(slug), before + 1);
  });

  await check('2b2. one referral per conversation: the same provider again is a compact line', async () => {
    const first = answers.first();
    assert.equal(await first.locator('.card:not(.compact)').count(), 1, 'the first answer has the full card');
    const question = 'how long do the effects last';
    const truth = await ask(question);
    await typeQuestion(question);
    const again = answers.last();
    await page.waitForFunction(() => document.querySelector('clinicfaq-widget').shadowRoot.querySelectorAll('.msg[data-kind="answer"]').length > 1);
    const card = again.locator('.card');
    assert.equal(await card.getAttribute('class'), 'card compact', 'the same provider twice: a compact line');
    assert.equal(await card.locator('.name').innerText(), `Talk to ${truth.referral.providers[0].name}`);
    assert.ok(await card.locator('a[href^="tel:"]').isVisible(), 'the call button stays');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotFor('compact-referral') });
  });

  await check('2c. an off-topic question gets an honest no-match, the referral and the clinic contact', async () => {
    const question = 'what is the weather on mars';
    assert.equal((await ask(question)).kind, 'no_match', 'the API has no answer for this');
    const clinic = await getJson('/v1/clinic');
    await typeQuestion(question);
    const msg = page.locator(`${W} .msg[data-kind="no_match"]`).last();
    await msg.waitFor();
    await msg.getByText("I don't have a vetted answer for that.").waitFor();
    assert.equal(await msg.locator('.card .name').first().innerText(), clinic.name, 'the clinic is named');
    const providers = (await getJson('/v1/providers')).items;
    const text = await msg.innerText();
    assert.ok(providers.every((p) => !text.includes(p.name)), 'no specialist for a question nobody understood');
    const hrefs = await msg.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes(`tel:${clinic.phone.replace(/[^0-9+]/g, '')}`), `clinic phone in ${hrefs}`);
    assert.ok(hrefs.includes(`mailto:${clinic.email}`), `clinic email in ${hrefs}`);
    assert.ok(await msg.locator('.chips .chip').count() >= 1, 'question chips to move on from a no-match');
    assert.ok(!/This answer/.test(await msg.innerText()), 'no "This answer..." where no answer was given');
    assert.equal((await msg.innerText()).match(/vetted answer/g).length, 1, 'says it once, in one sentence');
  });

  await check('3. a vague question shows "Did you mean…?" chips and a chip loads that FAQ', async () => {
    let vague = null;
    // The matcher is tuned often; take the first of these that the API finds vague today.
    for (const q of ['therapy options', 'how often', 'feel', 'safe', 'my treatment', 'therapy', 'ketamine infusion']) {
      if ((await ask(q)).kind === 'suggestions') { vague = q; break; }
    }
    assert.ok(vague, 'none of the vague questions yields kind=suggestions any more; add one that does');
    await typeQuestion(vague);
    const msg = page.locator(`${W} .msg[data-kind="suggestions"]`).last();
    await msg.waitFor();
    await msg.locator('.card .name').waitFor();
    const chip = msg.locator('.chips[aria-label="Did you mean…?"] .chip').first();
    const slug = await chip.getAttribute('data-slug');
    const count = await answers.count();
    await chip.click();
    await page.waitForFunction(([sel, n]) => {
      const all = document.querySelector('clinicfaq-widget').shadowRoot.querySelectorAll(sel);
      return all.length > n;
    }, ['.msg[data-kind="answer"]', count]);
    // The chip's answer carries the referral the server chose for that entry.
    const faq = await getJson(`/v1/faqs/${slug}`);
    assert.ok(faq.referral.providers.every((p) => p.kinds.includes(faq.provider_kind)), 'the server narrows the referral');
    await assertAnswerCard(answers.last(), faq, faq.referral.providers[0]);
    assert.equal(await answers.last().getAttribute('data-slug'), slug);
  });

  await check('4. a crisis message shows the crisis card first, with tel:988, sms:988 and tel:911', async () => {
    const message = 'I want to end my life';
    assert.equal((await ask(message)).kind, 'crisis', 'the API screens this as a crisis');
    await typeQuestion(message);
    const msg = page.locator(`${W} .msg[data-kind="crisis"]`).last();
    await msg.waitFor();
    const first = await msg.evaluate((m) => m.firstElementChild.getAttribute('role'));
    assert.equal(first, 'alert', 'the crisis card is the first thing in the reply');
    const card = msg.locator('[role="alert"]');
    assert.ok(await card.isVisible());
    const hrefs = await card.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const want of ['tel:988', 'sms:988', 'tel:911']) assert.ok(hrefs.includes(want), `${want} in ${hrefs}`);
    assert.equal(await msg.locator('.chip').count(), 0, 'nothing in a crisis reply hides behind a chip');
    const clinic = await getJson('/v1/clinic');
    assert.equal(await msg.locator('.card .name').innerText(), clinic.name, 'then only the clinic contact');
    assert.equal(await msg.locator('.card .cred').count(), 0, 'no specialist card after the crisis card');
    await page.screenshot({ path: shotFor('crisis') });
  });

  await check('4b. a message of concern gets its answer with the crisis card above it', async () => {
    const message = 'can ketamine help with suicidal thoughts';
    const reply = await ask(message);
    assert.equal(reply.kind, 'answer', 'the API answers this');
    assert.ok(reply.crisis, 'and attaches the crisis card');
    await typeQuestion(message);
    const msg = page.locator(`${W} .msg[data-kind="answer"]`).last();
    await msg.waitFor();
    await page.waitForFunction((q) => {
      const all = document.querySelector('clinicfaq-widget').shadowRoot.querySelectorAll('.msg[data-kind="answer"] h3');
      return [...all].some((h) => h.textContent === q);
    }, reply.faq.question);
    const first = await msg.evaluate((m) => m.firstElementChild.getAttribute('role'));
    assert.equal(first, 'alert', 'the crisis card leads the answer');
    const hrefs = await msg.locator('[role="alert"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const want of ['tel:988', 'tel:911']) assert.ok(hrefs.includes(want), `${want} in ${hrefs}`);
    assert.equal(await msg.locator('h3').last().textContent(), reply.faq.question, 'the answer follows');
    await page.screenshot({ path: shotFor('concern') });
  });

  await check('5. an answer containing <img onerror> is rendered inert, as literal text', async () => {
    const faqs = (await getJson('/v1/faqs')).items;
    const hostile = faqs.find((f) => f.answer.includes('<img'));
    assert.ok(hostile, 'the server was started without the hostile test entry');
    assert.equal((await ask(hostile.question)).faq?.slug, hostile.slug, 'its question finds it');
    await typeQuestion(hostile.question);
    const answer = page.locator(`${W} .msg[data-kind="answer"][data-slug="${hostile.slug}"]`);
    await answer.waitFor();
    await answer.getByText('<img src=x onerror="window.__xss=1">', { exact: false }).waitFor();
    const state = await page.evaluate((tag) => {
      const root = document.querySelector(tag).shadowRoot;
      return {
        xss: typeof window.__xss,
        imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
        scriptLinks: [...root.querySelectorAll('a')].filter((a) => !/^(https?|mailto|tel|sms):/.test(a.getAttribute('href'))).length,
      };
    }, W);
    assert.deepEqual(state, { xss: 'undefined', imgs: 0, scriptLinks: 0 });
  });

  await check('6. a network failure shows Retry and keeps the typed question', async () => {
    const question = 'what are the side effects';
    await page.route('**/v1/ask', (route) => route.abort('internetdisconnected'));
    await typeQuestion(question);
    const error = page.locator(`${W} .msg[data-kind="error"]`).last();
    await error.waitFor();
    assert.equal(await input.inputValue(), question, 'the question stays in the input');
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotFor('rate-limited') });
    await page.unroute('**/v1/ask');
    const count = await answers.count();
    await error.getByRole('button', { name: 'Retry' }).click();
    await answers.nth(count).waitFor();
    assert.equal(await answers.last().getAttribute('data-slug'), (await ask(question)).faq.slug);
    assert.equal(await input.inputValue(), '', 'cleared once the retry succeeds');
  });

  await check('6b. a rate-limited question gets a calm message with the crisis lines and keeps the question', async () => {
    const question = 'what are the side effects';
    const raw = 'too many requests; retry after 3 second(s)';
    // What the server's rate limit sends (src/api/rate_limit.rs), without spending its quota.
    await page.route('**/v1/ask', (route) => route.fulfill({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '3' },
      body: JSON.stringify({ error: { code: 'rate_limited', message: raw } }),
    }));
    const errors = page.locator(`${W} .msg[data-kind="error"]`);
    const before = await errors.count();
    await typeQuestion(question);
    const error = errors.nth(before);
    await error.waitFor();
    const text = await error.innerText();
    assert.ok(text.includes("You're sending messages quickly. Please wait a few seconds and try again."), text);
    assert.ok(!text.includes(raw), `the server's own wording reaches the patient: ${text}`);
    assert.ok(text.includes('If you are in crisis, call or text 988, or call 911.'), text);
    const hrefs = await error.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const want of ['tel:988', 'tel:911']) assert.ok(hrefs.includes(want), `${want} in ${hrefs}`);
    assert.equal(await input.inputValue(), question, 'the question stays in the input');
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotFor('rate-limited') });
    await page.unroute('**/v1/ask');
    // Once the wait is over, Enter sends the same text again.
    const count = await answers.count();
    await input.focus();
    await page.keyboard.press('Enter');
    await answers.nth(count).waitFor();
    assert.equal(await input.inputValue(), '', 'cleared once answered');
  });

  await check('7. Escape closes the panel and focus returns to the launcher', async () => {
    await input.focus();
    await page.keyboard.press('Escape');
    await page.locator(`${W} .panel`).waitFor({ state: 'hidden' });
    assert.equal(await widgetFocus(), 'launcher');
    assert.equal(await page.locator(`${W} .launcher`).getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    await page.locator(`${W} .panel`).waitFor({ state: 'visible' });
    assert.equal(await widgetFocus(), 'cf-input');
  });

  await check('8. private: no third-party requests, no cookies, no web storage, no CSP or JS errors', async () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(await context.cookies(), []);
    const storage = await page.evaluate(() => localStorage.length + sessionStorage.length);
    assert.equal(storage, 0);
    assert.deepEqual(problems, []);
    const animation = await page.evaluate((tag) => {
      const panel = document.querySelector(tag).shadowRoot.querySelector('.panel');
      return getComputedStyle(panel).animationName;
    }, W);
    assert.equal(animation, 'none', 'prefers-reduced-motion turns the open animation off');
  });

  await check('9. works on a 360 px wide phone screen', async () => {
    const phone = await context.newPage();
    phone.setDefaultTimeout(TIMEOUT);
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${origin}/`);
    await phone.locator(`${W} .launcher`).click();
    await phone.locator(`${W} #cf-input`).fill('how long do the efects last');
    await phone.keyboard.press('Enter');
    const answer = phone.locator(`${W} .msg[data-kind="answer"]`).last();
    await answer.waitFor();
    await assertFits(answer, 'phone');
    const box = await phone.locator(`${W} .panel`).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `panel fits: ${JSON.stringify(box)}`);
    const overflow = await phone.evaluate((tag) => {
      const root = document.querySelector(tag).shadowRoot;
      const log = root.querySelector('.log');
      return { log: log.scrollWidth - log.clientWidth, page: document.documentElement.scrollWidth - 360 };
    }, W);
    assert.deepEqual(overflow, { log: 0, page: 0 }, 'nothing scrolls sideways');
    for (const sel of ['.card a[href^="tel:"]', '#cf-input', 'form .btn', '.close']) {
      const b = await phone.locator(`${W} ${sel}`).last().boundingBox();
      assert.ok(b && b.x >= 0 && b.x + b.width <= 360, `${sel} is on screen`);
    }
    await phone.screenshot({ path: shotFor('mobile') });
    // The full-screen panel holds focus: Tab never walks into the hidden page.
    const inPanel = () => phone.evaluate((tag) => {
      const root = document.querySelector(tag).shadowRoot;
      return document.activeElement === document.querySelector(tag) && root.querySelector('.panel').contains(root.activeElement);
    }, W);
    await phone.locator(`${W} #cf-input`).focus();
    for (let i = 0; i < 60; i += 1) {
      await phone.keyboard.press('Tab');
      assert.ok(await inPanel(), `Tab ${i + 1} left the panel`);
    }
    for (let i = 0; i < 10; i += 1) {
      await phone.keyboard.press('Shift+Tab');
      assert.ok(await inPanel(), `Shift+Tab ${i + 1} left the panel`);
    }
    await phone.close();
  });

  await check('10. one tag on another site works when its origin is allowlisted, and only then', async () => {
    const site = await context.newPage();
    site.setDefaultTimeout(TIMEOUT);
    await site.goto(`${CLINIC_SITE}/`);
    const launcher = site.locator(`${W} .launcher`);
    await launcher.click();
    const box = await launcher.boundingBox();
    assert.ok(box.x < 100, 'data-position="bottom-left" puts the launcher on the left');
    const colours = await site.evaluate((tag) => {
      const cs = getComputedStyle(document.querySelector(tag).shadowRoot.querySelector('.launcher'));
      return [cs.backgroundColor, cs.color];
    }, W);
    assert.deepEqual(colours, ['rgb(245, 197, 66)', 'rgb(17, 17, 17)'], 'a light accent gets dark text');
    await site.locator(`${W} #cf-input`).fill('how long do the efects last');
    await site.keyboard.press('Enter');
    await site.locator(`${W} .msg[data-kind="answer"] .card`).waitFor();
    await site.close();

    const other = await context.newPage();
    other.setDefaultTimeout(TIMEOUT);
    await other.goto(`${OTHER_SITE}/`);
    await other.locator(`${W} .launcher`).click();
    await other.locator(`${W} #cf-input`).fill('how long do the efects last');
    await other.keyboard.press('Enter');
    await other.locator(`${W} .msg[data-kind="error"]`).waitFor();
    assert.equal(await other.locator(`${W} .msg[data-kind="answer"]`).count(), 0, 'CORS withholds the answer');
    assert.equal(await other.locator(`${W} #cf-input`).inputValue(), 'how long do the efects last');
    // Not "check your connection": the service is reachable, this site is not allowed.
    await other.locator(`${W} .msg[data-kind="error"]`, { hasText: "isn't set up to answer on this website" }).waitFor();
    assert.ok(await other.locator(`${W} .msg[data-kind="error"] a[href="tel:988"]`).isVisible(), 'the crisis lines stay');
    await other.close();
  });

  await check('10b. a typical answer and its question fit the conversation at 1280x800 and 390x844', async () => {
    for (const [width, height, question] of [[1280, 800, 'how long do the effects last'], [390, 844, 'what are the side effects']]) {
      const view = await context.newPage();
      view.setDefaultTimeout(TIMEOUT);
      await view.setViewportSize({ width, height });
      await view.goto(`${origin}/`);
      await view.locator(`${W} .launcher`).click();
      await view.locator(`${W} #cf-input`).fill(question);
      await view.keyboard.press('Enter');
      const answer = view.locator(`${W} .msg[data-kind="answer"]`).last();
      await answer.waitFor();
      await assertFits(answer, `${width}x${height}`);
      await axeWidget(view, `${width}x${height}`);
      await view.screenshot({ path: shotFor(`fit-${width}x${height}`) });
      await view.close();
    }
  });

  await check('11. a Spanish-speaking patient is answered in Spanish, from the greeting to the crisis card', async () => {
    const clinic = await getJson('/v1/clinic');
    const spanishFaqs = (await getJson('/v1/faqs?lang=es')).items;
    const site = await context.newPage();
    site.setDefaultTimeout(TIMEOUT);
    await site.goto(`${CLINIC_SITE}/es`);
    await site.locator(`${W} .launcher`, { hasText: '¿Preguntas? Escríbanos' }).click();
    const panel = site.locator(`${W} .panel`);
    await panel.getByText('¡Hola! Respondo preguntas frecuentes').waitFor();
    assert.equal(await site.locator(`${W} #cf-input`).getAttribute('placeholder'), 'Escriba su pregunta…');
    const chips = site.locator(`${W} .chips[aria-label="Preguntas frecuentes"] .chip`);
    await chips.first().waitFor();
    assert.equal(await chips.first().innerText(), spanishFaqs[0].question, 'the popular questions are in Spanish');

    const question = '¿cuánto tiempo duran los efectos de la ketamina?';
    const truth = await ask(question);
    assert.equal(truth.kind, 'answer', 'the API answers it');
    assert.equal(truth.faq.lang, 'es', 'in Spanish');
    await site.locator(`${W} #cf-input`).fill(question);
    await site.keyboard.press('Enter');
    const answer = site.locator(`${W} .msg[data-kind="answer"]`).last();
    await answer.waitFor();
    assert.equal(await answer.locator('h3').innerText(), truth.faq.question);
    assert.equal(await answer.locator('p.summary').innerText(), truth.faq.summary);
    await answer.locator('details.more > summary', { hasText: 'Leer más' }).click();
    assert.equal(await answer.locator('.md').getAttribute('lang'), 'es');
    await answer.getByText('Revisado médicamente por').waitFor();
    await answer.locator('summary', { hasText: 'Fuentes' }).waitFor();
    const card = answer.locator('.card');
    assert.equal(await card.getAttribute('aria-label'), 'Hable con un profesional');
    assert.ok((await card.locator('.name').innerText()).startsWith('Hable con '));
    assert.equal(await answer.locator('p.referral-note').innerText(), truth.referral.message, 'the referral in Spanish');
    await answer.getByText('¿Le fue útil?').first().waitFor();
    await answer.scrollIntoViewIfNeeded();
    await site.screenshot({ path: shotFor('spanish') });

    const crisis = 'ya no quiero vivir, esta noche me voy a quitar la vida';
    assert.equal((await ask(crisis)).kind, 'crisis');
    await site.locator(`${W} #cf-input`).fill(crisis);
    await site.keyboard.press('Enter');
    const alert = site.locator(`${W} .msg[data-kind="crisis"] [role="alert"]`).last();
    await alert.waitFor();
    assert.equal(await alert.locator('h3').innerText(), clinic.crisis_es.title, 'the Spanish crisis card');
    assert.ok(await alert.locator('a[href="tel:988"]').first().isVisible());
    assert.ok(await alert.locator('a[href^="sms:988"]').first().isVisible());
    await site.setViewportSize({ width: 390, height: 844 });
    await alert.scrollIntoViewIfNeeded();
    await site.screenshot({ path: shotFor('spanish-phone') });
    await site.close();

    // On an English page, the widget follows the patient into Spanish.
    const english = await context.newPage();
    english.setDefaultTimeout(TIMEOUT);
    await english.goto(`${CLINIC_SITE}/`);
    await english.locator(`${W} .launcher`).click();
    assert.equal(await english.locator(`${W} #cf-input`).getAttribute('placeholder'), 'Type your question…');
    await english.locator(`${W} #cf-input`).fill('que efectos secundarios tiene la ketamina');
    await english.keyboard.press('Enter');
    await english.locator(`${W} .msg[data-kind="answer"]`).last().locator('summary', { hasText: 'Leer más' }).waitFor();
    assert.equal(await english.locator(`${W} #cf-input`).getAttribute('placeholder'), 'Escriba su pregunta…');
    assert.equal(await english.locator(`${W} .launcher`).innerText(), '¿Preguntas? Escríbanos');
    await english.close();
  });
} catch {
  // Reported by check(); show what the page said, then fall through to the summary.
  for (const p of problems) console.log(`  ${p}`);
} finally {
  await context.close();
  for (const site of sites) site.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 && tally.passed === CHECKS ? 0 : 1);

// ------------------------------------------------------------------ shared assertions

async function assertAnswerCard(answer, faq, provider) {
  await answer.locator('h3').getByText(faq.question, { exact: true }).waitFor();
  // Short first: the summary, and the full answer, review line and sources behind "Read more".
  assert.equal(await answer.locator('p.summary').innerText(), faq.summary);
  assert.equal(await answer.locator('.md').isVisible(), false, 'the full answer waits for "Read more"');
  await answer.locator('details.more > summary', { hasText: 'Read more' }).click();
  await answer.locator('.md').waitFor();
  const text = await answer.innerText();
  assert.match(text, /Medically reviewed by .+ on [A-Z][a-z]+ \d{1,2}, \d{4}/);
  assert.ok(text.includes(faq.reviewed_by), 'names the reviewer');
  assert.match(text, new RegExp(`Sources \\(${faq.sources.length}\\)`));
  // Sources by their titles: a patient never sees a file name.
  await answer.locator('details:not(.more) summary').click();
  const sources = await answer.locator('details:not(.more) li').allInnerTexts();
  assert.equal(sources.length, faq.sources.length);
  sources.forEach((line, i) => assert.ok(line.includes(faq.sources[i].title), `${line} names ${faq.sources[i].title}`));
  assert.ok(!/\.txt\b/.test(await answer.innerText()), 'no file name in the answer');
  const card = answer.locator('.card');
  assert.equal(await card.locator('.name').first().innerText(), `Talk to ${provider.name}`);
  assert.equal(await card.locator('.cred').first().innerText(), provider.credentials);
  const tel = await card.locator('a[href^="tel:"]').first().getAttribute('href');
  assert.equal(tel, `tel:${provider.phone.replace(/[^0-9+]/g, '')}`);
  assert.equal(await card.locator('a', { hasText: 'Book a visit' }).getAttribute('href'), provider.booking_url);
}

/** A reply, before "Read more", fits in the visible conversation area with the patient's
 *  question still in view above it: both lie within the area as it is scrolled. */
async function assertFits(msg, size) {
  const fit = await msg.evaluate((m) => {
    const log = m.closest('.log').getBoundingClientRect();
    const asked = m.previousElementSibling.getBoundingClientRect();
    const reply = m.getBoundingClientRect();
    return {
      area: Math.round(log.height),
      question: Math.round(asked.height),
      reply: Math.round(reply.height),
      inView: asked.top >= log.top - 1 && reply.bottom <= log.bottom + 1,
    };
  });
  console.log(`  ${size}: question ${fit.question} px + reply ${fit.reply} px in a ${fit.area} px conversation area`);
  assert.ok(fit.inView, `${size}: the question and its reply are both in view: ${JSON.stringify(fit)}`);
}

async function helpfulCount(slug) {
  const auth = { authorization: `Bearer ${process.env.STAFF_TOKEN}` };
  const items = (await getJson('/v1/staff/feedback', auth)).items;
  return items.find((i) => i.slug === slug)?.helpful ?? 0;
}
