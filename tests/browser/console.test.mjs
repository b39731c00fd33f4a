// End-to-end test of the staff console in Debian's headless Chromium, driven by playwright-core.
//
//   EDITOR=.. CLINICIAN=.. CLINICIAN2=.. node tests/browser/console.test.mjs <base-url> <shot-dir>
//
// One changed answer goes from an editor's draft to the public through a second person's
// review, with nothing but the page: sign in, edit, submit, review the diff, approve,
// publish. The bypasses are refused, axe-core finds no serious or critical violation on the
// main views, and screenshots at desktop and phone sizes land in <shot-dir>. Every check
// prints one line; the last line is "N passed, N failed".

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { checks } from './harness.mjs';

// A publish, or an approved provider change, rebuilds the catalog (matchers, their
// per-corpus calibration, the crisis screen): several seconds in a debug build on two
// busy cores. Waits for its result allow a minute; a hung server still fails.
const REBUILD = { timeout: 60_000 };

const [base, shots] = process.argv.slice(2);
const { EDITOR, CLINICIAN, CLINICIAN2, ADMIN } = process.env;
if (!base || !shots || !EDITOR || !CLINICIAN || !CLINICIAN2 || !ADMIN) {
  console.error('usage: EDITOR=.. CLINICIAN=.. CLINICIAN2=.. ADMIN=.. node console.test.mjs <base-url> <shot-dir>');
  process.exit(2);
}
const origin = new URL(base).origin;
const SLUG = 'telehealth';
const MARK = 'Console check: telehealth visits are for follow-up conversations.';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const userDataDir = mkdtempSync(path.join(tmpdir(), 'clinicfaq-console-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  reducedMotion: 'reduce',
  // axe-core is injected by the test; the page's own CSP allows only its own script.
  bypassCSP: true,
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(10_000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

const { check, tally } = checks();

async function signIn(token) {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'FAQs', level: 2 }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Access token').waitFor();
}

async function openFaq(question) {
  await page.getByLabel('Search').fill('telehealth');
  await page.getByRole('button', { name: question }).click();
  await page.getByRole('heading', { name: question, level: 2 }).waitFor();
}

async function axe(view) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(result, [], `axe on ${view}`);
}

async function publicAnswer() {
  const res = await fetch(`${origin}/v1/faqs/${SLUG}`);
  return (await res.json()).answer;
}

const question = (await (await fetch(`${origin}/v1/faqs/${SLUG}`)).json()).question;
const before = await publicAnswer();

try {
  await page.goto(`${origin}/staff/`);

  await check('the sign-in form is labelled and keyboard reachable', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.outerHTML.slice(0, 60));
    assert.equal(focused, 'token', `the second Tab (after the skip link) reaches the token field, not ${focused}`);
    await axe('sign-in');
  });

  await check('a wrong token is refused in words', async () => {
    await page.getByLabel('Access token').fill('cfq_' + '0'.repeat(64));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
  });

  await check('the editor signs in and sees every FAQ with its state', async () => {
    await signIn(EDITOR);
    await page.locator('#faq-rows tr').nth(21).waitFor();
    const rows = await page.locator('#faq-rows tr').count();
    assert.ok(rows >= 22, `${rows} rows`);
    await page.getByText('published').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'console-list-desktop.png') });
    await axe('list');
  });

  await check('the editor changes one answer and submits it; the public still sees the old text', async () => {
    await openFaq(question);
    const answer = page.getByLabel(/^Answer/);
    await answer.fill(`${MARK} ${await answer.inputValue()}`);
    // The preview is the widget's own rendering: Markdown becomes elements.
    const preview = page.locator('#f-preview');
    await preview.locator('p', { hasText: MARK }).waitFor();
    const bullets = (await answer.inputValue()).split('\n').filter((l) => /^\s*- /.test(l)).length;
    assert.equal(await preview.locator('li').count(), bullets, 'each "- " line is a list item');
    assert.equal(await preview.evaluate((p) => p.textContent.includes('- ')), false, 'no raw Markdown shows');
    // Sources are chosen from the clinic's articles.
    const articles = await page.locator('#f-article option').allTextContents();
    assert.ok(articles.length >= 5 && articles.every((a) => a.endsWith('.txt')), `articles offered: ${articles}`);
    const sources = page.getByLabel(/^Sources/);
    const sourcesBefore = await sources.inputValue();
    await page.getByLabel("The clinic's articles").selectOption(articles[1]);
    await page.getByRole('button', { name: 'Add as a source' }).click();
    assert.ok((await sources.inputValue()).endsWith(`${articles[1]} | `), 'the article starts a new source line');
    await sources.fill(sourcesBefore);
    await page.getByLabel('What changed and why').fill('Say what telehealth is for');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: /^Draft saved/ }).waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('status').filter({ hasText: /^Submitted/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).isVisible(), false, 'an editor sees no Approve');
    assert.equal(await publicAnswer(), before);
    await page.screenshot({ path: path.join(shots, 'console-detail-desktop.png'), fullPage: true });
    await axe('detail');
  });

  await check('sign-out forgets the token', async () => {
    await signOut();
    const stored = await page.evaluate(() => sessionStorage.length);
    assert.equal(stored, 0);
  });

  await check('a second person, a clinician, sees the change as a diff, approves and publishes', async () => {
    await signIn(CLINICIAN);
    await openFaq(question);
    await page.locator('#diff .add', { hasText: MARK }).waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: /^Approved/ }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: /^Published:/ }).waitFor(REBUILD);
    const now = await publicAnswer();
    assert.ok(now.includes(MARK), `the public sees the new text: ${now.slice(0, 120)}`);
    // And so does a patient in the widget, on the demo page.
    const patient = await context.newPage();
    await patient.goto(`${origin}/`);
    await patient.locator('clinicfaq-widget .launcher').click();
    await patient.locator('clinicfaq-widget input').fill('can i do my appointments by video');
    await patient.keyboard.press('Enter');
    await patient.locator('clinicfaq-widget .msg', { hasText: MARK }).waitFor();
    await patient.close();
    await page.getByLabel('Question to try').fill('can i do my visits by video call');
    await page.getByRole('button', { name: 'Try it' }).click();
    await page.locator('#try-out', { hasText: 'reply:' }).waitFor();
    await page.getByRole('button', { name: 'Changes in version 2' }).click();
    await page.locator('#history-diff .add', { hasText: MARK }).waitFor();
    const reviewed = (await (await fetch(`${origin}/v1/faqs/${SLUG}`)).json()).reviewed_by;
    assert.ok(reviewed.endsWith(', sample credentials'), `patients see the display name and credentials: ${reviewed}`);
  });

  await check('the clinician may not approve text they wrote: the page and the API refuse', async () => {
    const answer = page.getByLabel(/^Answer/);
    await answer.fill((await answer.inputValue()).replace(MARK, `${MARK} Again.`));
    await page.getByLabel('What changed and why').fill('Second sentence');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: /^Draft saved/ }).waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('status').filter({ hasText: /^Submitted/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).isDisabled(), true);
    const status = await page.evaluate(async ([slug, token]) => {
      const faq = await fetch(`/v1/staff/faqs/${slug}`, { headers: { Authorization: `Bearer ${token}` } });
      const res = await fetch(`/v1/staff/faqs/${slug}/approve`, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'If-Match': faq.headers.get('ETag') },
      });
      return [res.status, (await res.json()).error.code];
    }, [SLUG, CLINICIAN]);
    assert.deepEqual(status, [403, 'four_eyes']);
  });

  await check('text that breaks the editorial rules is refused with every reason listed', async () => {
    await signOut();
    await signIn(CLINICIAN2);
    await openFaq(question);
    await page.getByLabel(/^Answer/).fill('Too short.');
    await page.getByLabel(/^Other ways/).fill('one way');
    // The same rules, shown while typing, before the server is asked.
    await page.locator('#f-answer-check', { hasText: 'needs 60-180 words' }).waitFor();
    await page.locator('#f-alternates-check', { hasText: 'At least 6' }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: /^Draft saved/ }).waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'cannot go to patients' }).waitFor();
    const items = await alert.locator('li').allTextContents();
    assert.ok(items.some((t) => t.includes('words')) && items.some((t) => t.includes('alternates')), items.join(' | '));
  });

  await check('an admin gives a new person access in the page, and that token signs in', async () => {
    await signOut();
    await signIn(ADMIN);
    await page.getByRole('button', { name: 'Staff access' }).click();
    await page.getByLabel(/^Sign-in name/).fill('new-nurse');
    await page.getByLabel('Role').selectOption('editor');
    await page.getByLabel(/^Name patients see/).fill('Nat Sample');
    await page.getByLabel(/^Credentials/).fill('RN');
    await page.getByRole('button', { name: 'Create access token' }).click();
    const secret = (await page.locator('#t-secret code').textContent()).trim();
    assert.match(secret, /^cfq_[0-9a-f]{64}$/);
    await page.getByRole('cell', { name: 'Nat Sample, RN' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'console-access-desktop.png'), fullPage: true });
    await axe('staff access');
    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: /^POST tokens/ }).first().waitFor();
    await axe('audit log');
    await signOut();
    await signIn(secret);
    await page.getByText('new-nurse (editor)').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Staff access' }).isVisible(), false, 'an editor sees no staff access page');
  });

  await check('an admin proposes a provider change in the page; a clinician approves it there', async () => {
    await signOut();
    await signIn(ADMIN);
    await page.getByRole('button', { name: 'Provider and clinic changes' }).click();
    const pick = page.getByLabel('Provider to change');
    const rivera = await pick.locator('option', { hasText: 'dr-alex-rivera' }).getAttribute('value');
    await pick.selectOption(rivera);
    assert.equal(await page.getByLabel("Provider's name").inputValue(), 'Dr. Alex Rivera', 'the form loads the provider');
    await page.getByLabel("Provider's phone").fill('+1-555-0142');
    await page.getByLabel('Why this provider change').fill('new phone line');
    await page.getByRole('button', { name: 'Propose this provider' }).click();
    await page.getByRole('status').filter({ hasText: /^Proposed/ }).waitFor();
    await page.getByText(/Provider dr-alex-rivera: .* pending/).waitFor();
    const before = (await (await fetch(`${origin}/v1/providers`)).json());
    assert.ok(!JSON.stringify(before).includes('+1-555-0142'), 'nothing changes before a clinician approves');
    await page.screenshot({ path: path.join(shots, 'console-propose-desktop.png'), fullPage: true });
    await axe('changes, as an admin');
    await signOut();
    await signIn(CLINICIAN2);
    await page.getByRole('button', { name: 'Provider and clinic changes' }).click();
    await page.getByText(/Provider dr-alex-rivera: .* pending/).waitFor();
    await page.screenshot({ path: path.join(shots, 'console-changes-desktop.png'), fullPage: true });
    await axe('changes');
    await page.getByRole('button', { name: 'Approve and apply' }).click();
    await page.getByRole('status').filter({ hasText: /^Approved: the change is live/ }).waitFor(REBUILD);
    const providers = await (await fetch(`${origin}/v1/providers`)).json();
    assert.ok(JSON.stringify(providers).includes('+1-555-0142'), 'the public sees the new phone number');
  });

  await check('the Spanish version is its own document: edited, reviewed and published apart from the English', async () => {
    const spanish = async () => (await (await fetch(`${origin}/v1/faqs/${SLUG}?lang=es`)).json());
    const es = await spanish();
    assert.equal(es.lang, 'es');
    const englishBefore = await publicAnswer();
    const MARK_ES = 'Prueba de la consola: las visitas virtuales son para conversaciones de seguimiento.';
    const openSpanish = async () => {
      await page.getByRole('button', { name: 'FAQs', exact: true }).click();
      await page.getByLabel('Search').fill('telehealth');
      await page.getByRole('button', { name: /^Español: / }).first().click();
      await page.getByRole('heading', { name: es.question, level: 2 }).waitFor();
      await page.locator('#detail-lang', { hasText: 'Español version' }).waitFor();
    };
    await signOut();
    await signIn(EDITOR);
    await page.getByLabel('Search').fill('telehealth');
    await page.getByRole('button', { name: 'Español: published' }).waitFor();
    await openSpanish();
    const answer = page.getByLabel(/^Answer/);
    await answer.fill(`${MARK_ES} ${await answer.inputValue()}`);
    await page.getByLabel('What changed and why').fill('Decir para qué son las visitas virtuales');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: /^Draft saved/ }).waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('status').filter({ hasText: /^Submitted/ }).waitFor();
    assert.equal((await spanish()).answer, es.answer, 'the public still sees the old Spanish text');
    await page.screenshot({ path: path.join(shots, 'console-spanish-desktop.png'), fullPage: true });
    await signOut();
    await signIn(CLINICIAN);
    await openSpanish();
    await page.locator('#diff .add', { hasText: MARK_ES }).waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: /^Approved/ }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: /^Published:/ }).waitFor(REBUILD);
    assert.ok((await spanish()).answer.startsWith(MARK_ES), 'the public sees the new Spanish text');
    assert.equal(await publicAnswer(), englishBefore, 'the English text did not change');
  });

  await check('the console is readable at phone sizes', async () => {
    for (const [w, h] of [[390, 844], [360, 740]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole('button', { name: 'FAQs', exact: true }).click();
      await page.getByRole('heading', { name: 'FAQs', level: 2 }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${w}px: the page scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: path.join(shots, `console-list-${w}.png`) });
      await openFaq(question);
      await page.screenshot({ path: path.join(shots, `console-detail-${w}.png`) });
    }
    await axe('detail at 360 px');
  });

  await check('the page logged no errors', async () => {
    // The deliberate refusals above (401, 403, 422) are the only network errors.
    const unexpected = consoleErrors.filter((e) => !/\b(401|403|422)\b/.test(e));
    assert.deepEqual(unexpected, [], unexpected.join(' | '));
  });
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
