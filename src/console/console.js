// The staff console. No framework and no build step: the page's own
// elements, the staff API on this origin, and the token in this tab's
// session storage (gone on sign-out or when the tab closes).
"use strict";

const KEY = "clinicfaq.staff-token";
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem(KEY), me: null, faqs: [], feedback: {}, slug: null, lang: "en", version: null, faq: null };
const LANGUAGES = { en: "English", es: "Español" };

/** The staff API path of the open FAQ's language version (`rest` after the slug). */
function faqPath(slug, rest = "", lang = state.lang) {
  return `/v1/staff/faqs/${encodeURIComponent(slug)}${rest}${lang && lang !== "en" ? `?lang=${lang}` : ""}`;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function say(text) { $("status").textContent = text; }

/** A comma-separated field's entries. */
const list = (id) => $(id).value.split(",").map((x) => x.trim()).filter(Boolean);

function alertBox(message, problems) {
  const box = $("alert");
  box.replaceChildren(el("strong", {}, message));
  if (problems && problems.length) box.append(el("ul", {}, problems.map((p) => el("li", {}, p))));
  box.hidden = false;
  box.focus?.();
}

function clearAlert() { $("alert").hidden = true; $("alert").replaceChildren(); }

async function api(method, path, body, ifMatch) {
  if (method !== "GET") say("");
  const headers = { Authorization: `Bearer ${state.token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  const etag = (res.headers.get("ETag") || "").replace(/\D/g, "");
  const json = await res.json().catch(() => ({}));
  if (res.status === 401) { signOut("Your access token is no longer valid. Sign in again."); }
  if (!res.ok) throw new ApiError(res.status, json.error?.code, json.error?.message || `The server answered ${res.status}.`);
  return { json, version: etag ? Number(etag) : null };
}

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/** What a person should read for a refusal: the server's words, with the
 *  publishing problems as a list. */
function explain(err) {
  if (err.code === "not_publishable") {
    const [, rest] = err.message.split(/^cannot publish: /);
    return alertBox("This text cannot go to patients yet:", (rest || err.message).split("; "));
  }
  if (err.code === "four_eyes") return alertBox("Another clinician must approve this: you wrote, restored or added text in it.");
  if (err.code === "version_mismatch") return alertBox("Someone else changed this FAQ since you opened it. Reload it and make your change again.");
  alertBox(err.message);
}

function show(view) {
  say("");
  for (const id of ["signin", "list", "detail", "inbox", "tokens", "changes", "audit"]) $(id).hidden = id !== view;
  for (const b of document.querySelectorAll("#tabs button")) {
    if (b.dataset.view === view || (view === "detail" && b.dataset.view === "list")) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
}

// --- sign in and out ---------------------------------------------------------

async function signIn(token) {
  state.token = token;
  try {
    const { json } = await api("GET", "/v1/staff/me");
    state.me = json;
  } catch (err) {
    state.token = null;
    sessionStorage.removeItem(KEY);
    show("signin");
    return alertBox(err.status === 401 ? "That access token was not accepted." : err.message);
  }
  sessionStorage.setItem(KEY, token);
  $("token").value = "";
  $("who-name").textContent = `${state.me.name} (${state.me.role})`;
  $("who").hidden = false;
  $("tabs").hidden = false;
  $("tokens-tab").hidden = state.me.role !== "admin";
  $("audit-tab").hidden = state.me.role !== "admin";
  clearAlert();
  await loadArticles();
  await openList();
}

/** The clinic's source articles, offered when adding a source. */
async function loadArticles() {
  let articles = [];
  try { articles = (await api("GET", "/v1/staff/articles")).json.articles || []; } catch { /* the list is a convenience */ }
  $("f-article").replaceChildren(...articles.map((a) => el("option", { value: a }, a)));
  $("f-article").closest(".add-source").hidden = !articles.length;
}

function addSource() {
  const box = $("f-sources");
  const lines = box.value.replace(/\s+$/, "");
  box.value = `${lines ? lines + "\n" : ""}${$("f-article").value} | `;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
  countWords();
}

/** The answer as patients will see it: the widget's own Markdown renderer. */
function renderPreview() {
  const render = window.clinicfaqMarkdown;
  if (render) $("f-preview").replaceChildren(render($("f-answer").value));
}

function signOut(message) {
  state.token = null; state.me = null;
  sessionStorage.removeItem(KEY);
  $("who").hidden = true; $("tabs").hidden = true;
  show("signin");
  say(message || "Signed out.");
  $("token").focus();
}

// --- the list ----------------------------------------------------------------

function stateOf(item) {
  if (item.retired) return "retired";
  const w = item.working;
  if (w) return w.status === "in_review" ? "waiting for review" : w.status === "approved" ? "approved, not yet published" : "draft";
  return "published";
}

async function openList() {
  clearAlert();
  show("list");
  try {
    const [{ json: list }, feedback] = await Promise.all([
      api("GET", "/v1/staff/faqs"),
      api("GET", "/v1/staff/feedback").catch(() => ({ json: { items: [] } })),
    ]);
    state.faqs = list.items;
    state.feedback = Object.fromEntries((feedback.json.items || []).map((f) => [f.slug, f]));
    renderList();
    const english = state.faqs.filter((f) => (f.lang || "en") === "en").length;
    const spanish = state.faqs.filter((f) => f.lang === "es").length;
    say(`${english} FAQs; ${spanish} of them have a Spanish version.`);
  } catch (err) { explain(err); }
}

function renderList() {
  const q = $("search").value.trim().toLowerCase();
  const filter = $("filter").value;
  const english = state.faqs.filter((item) => (item.lang || "en") === "en");
  const versions = (slug) => state.faqs.filter((x) => x.slug === slug && (x.lang || "en") !== "en");
  const rows = english.filter((item) => {
    const faq = (item.working || item.published || {}).faq || {};
    const text = `${item.slug} ${faq.question || ""} ${faq.answer || ""}`.toLowerCase();
    if (q && !text.includes(q)) return false;
    const s = stateOf(item);
    if (filter === "review") return s.startsWith("waiting") || s.startsWith("approved");
    if (filter === "draft") return s === "draft";
    if (filter === "overdue") return item.overdue || versions(item.slug).some((v) => v.overdue);
    if (filter === "retired") return item.retired;
    return true;
  });
  $("faq-rows").replaceChildren(...rows.map((item) => {
    const faq = (item.working || item.published || {}).faq || {};
    const s = stateOf(item);
    const fb = state.feedback[item.slug];
    return el("tr", {},
      el("td", { "data-label": "Question" }, el("button", { type: "button", class: "link", onclick: () => openFaq(item.slug) }, faq.question || item.slug)),
      el("td", { "data-label": "State" }, el("span", { class: `badge ${s.startsWith("waiting") ? "review" : ""}` }, s)),
      el("td", { "data-label": "Languages" }, languagesCell(item, versions(item.slug))),
      el("td", { "data-label": "Review due" }, item.overdue ? el("span", { class: "badge overdue" }, `overdue (${faq.next_review_due})`) : (faq.next_review_due || "not set")),
      el("td", { "data-label": "Feedback" }, fb ? `${fb.helpful ?? 0} helpful, ${fb.not_helpful ?? 0} not` : "none yet"));
  }));
  if (!rows.length) $("faq-rows").append(el("tr", {}, el("td", { colspan: "5" }, "No FAQ matches.")));
}

/** Each language version of an entry, with its state: English, and Spanish or a way to add it. */
function languagesCell(item, others) {
  const cell = [el("span", {}, `English: ${stateOf(item)}`)];
  const es = others.find((v) => v.lang === "es");
  if (es) {
    cell.push(el("button", { type: "button", class: "link", lang: "es", onclick: () => openFaq(item.slug, "es") },
      `Español: ${stateOf(es)}${es.overdue ? ", review overdue" : ""}`));
  } else if (state.me.role !== "admin") {
    cell.push(el("button", { type: "button", class: "link", onclick: () => addTranslation(item) }, "Add a Spanish version"));
  } else {
    cell.push(el("span", {}, "Español: none"));
  }
  return el("div", { class: "langs" }, ...cell);
}

/** Starts a Spanish version as a draft holding the English text, for a translator to replace. */
async function addTranslation(item) {
  clearAlert();
  const faq = (item.published || item.working || {}).faq;
  if (!faq) return;
  try {
    await api("POST", "/v1/staff/faqs?lang=es", { slug: item.slug, note: "Spanish version started from the English text", faq });
    say("Spanish draft created from the English text. Translate it, then submit it for review.");
    await openFaq(item.slug, "es");
  } catch (err) { explain(err); }
}

// --- one FAQ -----------------------------------------------------------------

async function openFaq(slug, lang = "en") {
  clearAlert();
  say("");
  try {
    const { json, version } = await api("GET", faqPath(slug, "", lang));
    state.slug = slug; state.lang = lang; state.version = version; state.faq = json;
    renderFaq();
    show("detail");
    $("detail-title").focus?.();
  } catch (err) { explain(err); }
}

function renderFaq() {
  const item = state.faq;
  const rev = item.working || item.published;
  const faq = rev.faq;
  $("detail-title").textContent = faq.question;
  $("detail-title").setAttribute("tabindex", "-1");
  $("detail-title").setAttribute("lang", state.lang);
  $("detail-lang").textContent = `${LANGUAGES[state.lang] || state.lang} version: reviewed and published on its own.`;
  const pub = item.published ? `Published version ${item.published.version}, reviewed by ${item.published.approval?.reviewer || item.published.approval?.by || "unknown"}.` : "Not published.";
  const work = item.working ? ` Working version ${item.working.version}: ${stateOf(item)}, by ${(item.working.authors || [item.working.created_by]).join(", ")}.` : "";
  const note = item.working?.review_note ? ` Sent back: “${item.working.review_note}”` : "";
  $("detail-state").textContent = pub + work + note;
  $("f-question").value = faq.question;
  $("f-summary").value = faq.summary || "";
  $("f-answer").value = faq.answer;
  $("f-alternates").value = (faq.alternates || []).join("\n");
  $("f-sources").value = (faq.sources || []).map((s) => `${s.article} | ${s.fact}`).join("\n");
  $("f-category").value = faq.category || "";
  $("f-kind").value = faq.provider_kind || "";
  $("f-due").value = faq.next_review_due || "";
  $("f-tags").value = (faq.tags || []).join(", ");
  $("f-note").value = "";
  countWords();
  $("submit").hidden = !(item.working && item.working.status === "draft");
  $("retire-box").hidden = !(state.me.role === "clinician" && item.published && !item.retired);
  $("history-diff").hidden = true;
  $("try-out").hidden = true;
  renderReview();
  renderHistory();
}

async function renderHistory() {
  try {
    const { json } = await api("GET", faqPath(state.slug, `/revisions`));
    const items = json.items || json;
    const writer = state.me.role !== "admin";
    $("history").replaceChildren(...items.slice().reverse().map((r) => el("li", {},
      el("span", {}, `Version ${r.version}: ${r.status.replace("_", " ")}, by ${r.created_by}, ${r.created_at.slice(0, 10)}${r.note ? ` — ${r.note}` : ""}`),
      r.version > 1
        ? el("button", { type: "button", class: "secondary", onclick: () => showChange(r.version) }, `Changes in version ${r.version}`)
        : "",
      writer && r.version !== state.faq.working_version
        ? el("button", { type: "button", class: "secondary", onclick: () => restore(r.version) }, `Restore version ${r.version} as a draft`)
        : "")));
  } catch (err) { explain(err); }
}

async function showChange(version) {
  try {
    const { json } = await api("GET", faqPath(state.slug, `/revisions/${version - 1}/diff/${version}`));
    const lines = (json.unified || "").split("\n").filter((l) => !l.startsWith("+++") && !l.startsWith("---"));
    const box = $("history-diff");
    box.replaceChildren(el("strong", {}, `Version ${version - 1} → ${version}\n`), ...lines.map((l) =>
      el("span", { class: l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "" }, `${l}\n`)));
    if (!json.unified) box.append("No changes to the text.");
    box.hidden = false;
    box.focus();
  } catch (err) { explain(err); }
}

async function tryQuestion(event) {
  event.preventDefault();
  clearAlert();
  const question = $("try-q").value.trim();
  if (!question) return alertBox("Type a question to try.");
  try {
    const { json } = await api("POST", "/v1/staff/explain", { question });
    $("try-out").textContent = json.reading;
    $("try-out").hidden = false;
  } catch (err) { explain(err); }
}

async function restore(version) {
  clearAlert();
  try {
    const { json, version: v } = await api("POST", faqPath(state.slug, `/revisions/${version}/restore`), undefined, state.version);
    state.faq = json; state.version = v;
    renderFaq();
    say(`Version ${version} restored as a new draft. It goes to review like any edit.`);
  } catch (err) { explain(err); }
}

async function renderReview() {
  const item = state.faq;
  const w = item.working;
  const waiting = w && (w.status === "in_review" || w.status === "approved");
  $("review").hidden = !waiting;
  if (!waiting) return;
  const clinician = state.me.role === "clinician";
  const wrote = (w.authors || [w.created_by]).some((a) => a.toLowerCase() === state.me.name.toLowerCase());
  $("review-who").textContent = `Written by ${(w.authors || [w.created_by]).join(", ")}. ` +
    (!clinician ? "A clinician reviews it." : wrote ? "You wrote part of it, so another clinician must approve it." : "");
  $("approve").hidden = !clinician || w.status !== "in_review";
  $("approve").disabled = wrote;
  $("publish").hidden = !clinician || w.status !== "approved";
  for (const id of ["reject", "reject-reason"]) $(id).hidden = !clinician;
  const from = item.published ? item.published.version : w.version;
  try {
    const { json } = await api("GET", faqPath(state.slug, `/revisions/${from}/diff/${w.version}`));
    const lines = (json.unified || "").split("\n").filter((l) => !l.startsWith("+++") && !l.startsWith("---"));
    $("diff").replaceChildren(...(item.published ? lines : (w.faq.answer || "").split("\n").map((l) => `+${l}`)).map((l) =>
      el("span", { class: l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "" }, `${l}\n`)));
    if (!lines.some((l) => l.startsWith("+") || l.startsWith("-")) && item.published) $("diff").textContent = "No changes to the text.";
  } catch (err) { explain(err); }
}

/** The editorial rules the server checks at submit, shown while typing. */
function countWords() {
  renderPreview();
  const n = $("f-answer").value.trim().split(/\s+/).filter(Boolean).length;
  $("f-words").textContent = `(${n} words)`;
  const mark = (id, problem, fine) => {
    $(id).textContent = problem || fine;
    $(id).classList.toggle("ok", !problem);
  };
  mark("f-answer-check", n < 60 || n > 180 ? `The answer needs 60-180 words; it has ${n}.` : "", "Length is within 60-180 words.");
  const alts = $("f-alternates").value.split("\n").map((l) => l.trim()).filter(Boolean);
  mark("f-alternates-check", alts.length < 6 ? `At least 6 other phrasings are needed; there are ${alts.length}.` : "", `${alts.length} phrasings.`);
  const sources = $("f-sources").value.split("\n").map((l) => l.trim()).filter(Boolean);
  const bad = sources.filter((l) => !l.includes("|") || !l.split("|")[1].trim());
  mark("f-sources-check", !sources.length ? "At least one source is needed." : bad.length ? `Each source needs "file | fact": check ${bad.length} line(s).` : "", `${sources.length} source(s).`);
}

function formContent() {
  const lines = (id) => $(id).value.split("\n").map((l) => l.trim()).filter(Boolean);
  const sources = lines("f-sources").map((l) => {
    const [article, ...fact] = l.split("|");
    return { article: article.trim(), fact: fact.join("|").trim() };
  });
  const content = {
    question: $("f-question").value.trim(),
    alternates: lines("f-alternates"),
    summary: $("f-summary").value.trim(),
    answer: $("f-answer").value,
    category: $("f-category").value.trim(),
    tags: list("f-tags"),
    sources,
    provider_kind: $("f-kind").value.trim(),
  };
  if ($("f-due").value) content.next_review_due = $("f-due").value;
  return content;
}

async function save(event) {
  event.preventDefault();
  clearAlert();
  const note = $("f-note").value.trim() || "Edited in the staff console";
  try {
    const { json, version } = await api("PUT", faqPath(state.slug), { faq: formContent(), note }, state.version);
    state.faq = json; state.version = version;
    renderFaq();
    say("Draft saved. Patients still see the published text. Submit it for review when it is ready.");
    $("submit").focus();
  } catch (err) { explain(err); }
}

async function step(name, body, done) {
  clearAlert();
  try {
    const { json, version } = await api("POST", faqPath(state.slug, `/${name}`), body, state.version);
    state.faq = json; state.version = version;
    renderFaq();
    say(done);
  } catch (err) { explain(err); }
}

// --- provider and clinic changes -------------------------------------------------

function describeChange(c) {
  if (c.target.kind === "provider") {
    if (c.remove) return `Remove provider ${c.target.id}`;
    const p = c.provider || {};
    const contact = [p.phone, p.email, p.booking_url].filter(Boolean).join(", ");
    return `Provider ${c.target.id}: ${p.name || ""}${p.credentials ? `, ${p.credentials}` : ""}${p.kinds ? ` (${p.kinds.join(", ")})` : ""}${contact ? `; ${contact}` : ""}`;
  }
  return "Clinic settings (contacts, referral, disclaimer, crisis card)";
}

async function openChanges() {
  clearAlert();
  show("changes");
  try {
    const { json } = await api("GET", "/v1/staff/changes");
    const clinician = state.me.role === "clinician";
    const items = json.items.slice().reverse();
    $("change-items").replaceChildren(...items.map((c) => {
      const open = c.status === "pending";
      const reason = el("input", { id: `why-${c.id}`, type: "text", placeholder: "Reason for refusing" });
      return el("li", {},
        el("p", {}, el("strong", {}, describeChange(c)), ` · ${c.status} · proposed by ${c.proposed_by} on ${c.proposed_at.slice(0, 10)}`),
        c.note ? el("p", { class: "hint" }, c.note) : "",
        c.decided_by ? el("p", { class: "hint" }, `Decided by ${c.decided_by}${c.reason ? `: ${c.reason}` : ""}`) : "",
        open && c.clinic ? el("pre", { class: "diff", tabindex: "0" }, JSON.stringify(c.clinic, null, 2)) : "",
        open && clinician ? el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => decide(c, "approve") }, "Approve and apply"),
          el("label", { for: `why-${c.id}`, class: "visually-hidden" }, "Reason for refusing"),
          reason,
          el("button", { type: "button", class: "secondary", onclick: () => decide(c, "reject", reason.value.trim()) }, "Refuse")) : "");
    }));
    if (!items.length) $("change-items").append(el("li", {}, "No proposals."));
    $("propose").hidden = state.me.role !== "admin";
    if (state.me.role === "admin") await loadProposalForms();
  } catch (err) { explain(err); }
}

// --- proposals (admins) ----------------------------------------------------------

const optional = (id) => $(id).value.trim() || null;

async function loadProposalForms() {
  const providers = (await (await fetch("/v1/providers")).json()).items || [];
  state.providers = providers;
  $("p-pick").replaceChildren(el("option", { value: "" }, "A new provider"), ...providers.map((p) => el("option", { value: p.id }, `${p.name} (${p.id})`)));
  fillProvider(null);
  $("p-note").value = "";
  $("c-note").value = "";
  state.clinic = await (await fetch("/v1/clinic")).json();
  const c = state.clinic;
  for (const [id, value] of [["c-name", c.name], ["c-phone", c.phone], ["c-email", c.email], ["c-website", c.website], ["c-address", c.address], ["c-hours", c.hours], ["c-referral", c.referral_message], ["c-disclaimer", c.disclaimer], ["c-nomatch", c.no_match_message]]) $(id).value = value || "";
}

function fillProvider(p) {
  const v = (x) => x || "";
  $("p-id").value = v(p?.id);
  $("p-id").readOnly = !!p;
  $("p-name").value = v(p?.name);
  $("p-credentials").value = v(p?.credentials);
  $("p-kinds").value = (p?.kinds || []).join(", ");
  $("p-specialties").value = (p?.specialties || []).join(", ");
  $("p-phone").value = v(p?.phone);
  $("p-email").value = v(p?.email);
  $("p-booking").value = v(p?.booking_url);
  $("p-remove").hidden = !p;
}

async function proposeProvider(e) {
  e.preventDefault();
  const id = $("p-id").value.trim();
  const before = state.providers.find((p) => p.id === id);
  const provider = {
    name: $("p-name").value.trim(), credentials: $("p-credentials").value.trim(), kinds: list("p-kinds"),
    specialties: list("p-specialties"), phone: $("p-phone").value.trim(), email: optional("p-email"),
    booking_url: $("p-booking").value.trim(), locations: before?.locations || [],
  };
  try {
    await api("PUT", `/v1/staff/providers/${encodeURIComponent(id)}`, { note: optional("p-note"), provider });
    await openChanges();
    say("Proposed: a clinician approves it before patients see it.");
  } catch (err) { explain(err); }
}

async function proposeRemoval() {
  const id = $("p-id").value.trim();
  try {
    await api("DELETE", `/v1/staff/providers/${encodeURIComponent(id)}`);
    await openChanges();
    say("Removal proposed: a clinician approves it before patients see it.");
  } catch (err) { explain(err); }
}

async function proposeClinic(e) {
  e.preventDefault();
  const clinic = {
    ...state.clinic, name: $("c-name").value.trim(), phone: $("c-phone").value.trim(), email: $("c-email").value.trim(),
    website: $("c-website").value.trim(), address: optional("c-address"), hours: optional("c-hours"),
    referral_message: $("c-referral").value.trim(), disclaimer: $("c-disclaimer").value.trim(), no_match_message: $("c-nomatch").value.trim(),
  };
  try {
    await api("PUT", "/v1/staff/clinic", { note: optional("c-note"), clinic });
    await openChanges();
    say("Proposed: a clinician approves it before patients see it.");
  } catch (err) { explain(err); }
}

async function decide(change, verb, reason) {
  if (verb === "reject" && !reason) return alertBox("Say why it is refused.");
  try {
    await api("POST", `/v1/staff/changes/${change.id}/${verb}`, verb === "reject" ? { reason } : undefined);
    await openChanges();
    say(verb === "approve" ? "Approved: the change is live." : "Refused.");
  } catch (err) { explain(err); }
}

// --- audit log and export (admins) -------------------------------------------------

async function openAudit(after) {
  clearAlert();
  show("audit");
  try {
    const { json } = await api("GET", `/v1/staff/audit?limit=50${after ? `&after=${after}` : ""}`);
    const rows = json.items.map((r) => el("tr", {},
      el("td", { "data-label": "When" }, r.at.replace("T", " ").slice(0, 19)),
      el("td", { "data-label": "Who" }, r.actor),
      el("td", { "data-label": "What" }, `${r.action} ${r.target}`),
      el("td", { "data-label": "Result" }, `${r.status} ${r.outcome}${r.detail ? ` (${r.detail})` : ""}`)));
    if (after) $("audit-rows").append(...rows); else $("audit-rows").replaceChildren(...rows);
    $("audit-more").hidden = json.next == null;
    $("audit-more").onclick = () => openAudit(json.next);
  } catch (err) { explain(err); }
}

async function exportCorpus() {
  try {
    const { json } = await api("GET", "/v1/staff/corpus/export");
    const link = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: "application/json" })), download: "clinicfaq-faqs.json" });
    document.body.append(link);
    link.click();
    link.remove();
    say("Downloaded all FAQs as JSON.");
  } catch (err) { explain(err); }
}

// --- staff access (admins) ------------------------------------------------------

async function openTokens() {
  clearAlert();
  show("tokens");
  try {
    const { json } = await api("GET", "/v1/staff/tokens");
    $("token-rows").replaceChildren(...json.items.map((t) => el("tr", {},
      el("td", { "data-label": "Name" }, t.name),
      el("td", { "data-label": "Role" }, t.role),
      el("td", { "data-label": "Shown to patients as" }, t.shown_as || "not set"),
      el("td", { "data-label": "Expires" }, t.revoked_at ? "revoked" : (t.expires_at || "never").slice(0, 10)),
      el("td", { "data-label": "Action" }, t.revoked_at ? "" : el("button", { type: "button", class: "secondary", onclick: () => revoke(t) }, `Revoke ${t.name}`)))));
  } catch (err) { explain(err); }
}

async function createToken(event) {
  event.preventDefault();
  clearAlert();
  const body = {
    name: $("t-name").value.trim(),
    role: $("t-role").value,
    display_name: $("t-display").value.trim(),
    days: Number($("t-days").value || 90),
  };
  if ($("t-cred").value.trim()) body.credentials = $("t-cred").value.trim();
  try {
    const { json } = await api("POST", "/v1/staff/tokens", body);
    const box = $("t-secret");
    box.replaceChildren(
      el("p", {}, el("strong", {}, `Access token for ${json.name}. Copy it now and give it to them privately: it is shown only once.`)),
      el("code", {}, json.token));
    box.hidden = false;
    for (const id of ["t-name", "t-display", "t-cred"]) $(id).value = "";
    await openTokens();
    say(`Created access for ${json.name}.`);
  } catch (err) { explain(err); }
}

async function revoke(token) {
  try {
    await api("DELETE", `/v1/staff/tokens/${token.id}`);
    await openTokens();
    say(`${token.name} can no longer sign in.`);
  } catch (err) { explain(err); }
}

// --- inbox -------------------------------------------------------------------

async function openInbox() {
  clearAlert();
  show("inbox");
  try {
    if (!state.faqs.length) state.faqs = (await api("GET", "/v1/staff/faqs")).json.items;
    const { json } = await api("GET", "/v1/staff/inbox");
    $("inbox-summary").textContent = `${json.questions} unanswered questions in ${json.groups.length} groups; ${json.crisis_count} crisis messages were counted but never stored.`;
    $("groups").replaceChildren(...json.groups.map((g) => {
      const select = el("select", { id: `to-${g.id}` }, state.faqs.filter((f) => (f.lang || "en") === "en").map((f) => el("option", { value: f.slug }, f.slug)));
      if (g.suggested && g.suggested[0]) select.value = g.suggested[0];
      return el("li", {},
        el("p", {}, el("strong", {}, `“${g.representative}”`), ` asked ${g.count} times`,
          g.small_talk ? el("span", { class: "badge" }, "small talk") : "",
          g.lang && g.lang !== "en" ? el("span", { class: "badge", lang: g.lang }, LANGUAGES[g.lang] || g.lang) : "",
          g.suggested && g.suggested[0] ? ` · most likely FAQ: ${g.suggested[0]}` : ""),
        el("label", { for: `to-${g.id}` }, "Add as a phrasing of"),
        select,
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => promote(g, select.value) }, "Add to that FAQ as a draft"),
          el("button", { type: "button", class: "secondary", onclick: () => dismiss(g) }, "Dismiss")));
    }));
  } catch (err) { explain(err); }
}

async function promote(group, slug) {
  try {
    // A Spanish question becomes a phrasing of the entry's Spanish version.
    const lang = group.lang || "en";
    const { version } = await api("GET", faqPath(slug, "", lang));
    await api("POST", `/v1/staff/inbox/${group.id}/promote`, { slug, lang }, version);
    await openInbox();
    say(`Added to ${slug} as a draft; it goes to review like any edit.`);
  } catch (err) { explain(err); }
}

async function dismiss(group) {
  try {
    await api("POST", `/v1/staff/inbox/${group.id}/dismiss`);
    await openInbox();
    say("Dismissed.");
  } catch (err) { explain(err); }
}

// --- wiring ------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("signin-form").addEventListener("submit", (e) => { e.preventDefault(); const t = $("token").value.trim(); if (t) signIn(t); else alertBox("Enter your access token."); });
  $("sign-out").addEventListener("click", () => signOut());
  $("search").addEventListener("input", renderList);
  $("filter").addEventListener("change", renderList);
  $("back").addEventListener("click", openList);
  $("edit-form").addEventListener("submit", save);
  $("try-form").addEventListener("submit", tryQuestion);
  for (const id of ["f-answer", "f-alternates", "f-sources"]) $(id).addEventListener("input", countWords);
  $("submit").addEventListener("click", () => step("submit", undefined, "Submitted. A clinician will review it."));
  $("approve").addEventListener("click", () => step("approve", undefined, "Approved. It can be published now."));
  $("publish").addEventListener("click", () => step("publish", undefined, "Published: patients see the new text now."));
  $("reject").addEventListener("click", () => {
    const reason = $("reject-reason").value.trim();
    if (!reason) return alertBox("Say why it goes back, so the author can fix it.");
    step("reject", { reason }, "Sent back to the author.");
  });
  const views = { inbox: openInbox, tokens: openTokens, list: openList, changes: openChanges, audit: () => openAudit() };
  $("export-corpus").addEventListener("click", exportCorpus);
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => views[b.dataset.view]());
  $("token-form").addEventListener("submit", createToken);
  $("f-add-source").addEventListener("click", addSource);
  $("p-pick").addEventListener("change", () => fillProvider(state.providers.find((p) => p.id === $("p-pick").value) || null));
  $("provider-form").addEventListener("submit", proposeProvider);
  $("p-remove").addEventListener("click", proposeRemoval);
  $("clinic-form").addEventListener("submit", proposeClinic);
  $("retire").addEventListener("click", () => step("retire", undefined, "Retired: patients no longer see this FAQ."));
  $("alert").setAttribute("tabindex", "-1");
  if (state.token) signIn(state.token); else { show("signin"); }
});
