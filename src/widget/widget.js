/*! clinicfaq chat widget. One tag, no cookies, no storage, no third parties.
 *
 * <script src="https://faq.example.org/widget.js" data-api="https://faq.example.org" defer></script>
 *
 * Options (data- attributes on the tag): data-api, data-position (bottom-right | bottom-left),
 * data-accent (a CSS colour), data-greeting, data-title, data-questions (comma-separated slugs),
 * data-lang (en | es). Without data-lang the widget speaks the host page's language (<html lang>)
 * when it is Spanish, else English, and follows the language the patient writes in.
 * data-role="markdown" mounts nothing and lends the Markdown renderer to the staff console.
 *
 * Safety rules this file keeps:
 * - Text from the API only ever reaches the page through textContent and attribute setters;
 *   Markdown is parsed into DOM nodes here, and links are kept only for http(s), mailto and tel.
 * - A crisis reply renders the crisis card first, as role="alert", never behind a chip.
 * - Any other reply that carries the crisis card (the concern tier) shows it first too,
 *   then the answer.
 * - Nothing is stored: no cookies, no localStorage/sessionStorage; requests omit credentials.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (document.querySelector('clinicfaq-widget')) return; // embedded twice: keep the first

  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var config = {
    api: safeBase(data.api) || scriptOrigin,
    position: data.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
    accent: data.accent || '#0f766e',
    greeting: data.greeting || '',
    title: data.title || '',
    questions: (data.questions || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean),
  };
  var REQUEST_TIMEOUT_MS = 15000;
  var MAX_QUESTION_CHARS = 500;
  /** Every word the widget itself says, in English and Spanish. */
  var STRINGS = {
    en: {
      title: 'Questions? Ask us',
      greeting: 'Hi! I answer common questions with answers reviewed by our clinical team. What would you like to know?',
      close: 'Close chat', conversation: 'Conversation', placeholder: 'Type your question…', send: 'Send',
      yourQuestion: 'Your question', help: 'In crisis? Get help now', team: 'Answers reviewed by our clinical team',
      foot: 'General information, not medical advice.', popular: 'Popular questions', didYouMean: 'Did you mean…?',
      notSure: "I'm not sure I understood. Did you mean one of these?", related: 'Related questions',
      noAnswer: "I don't have a vetted answer for that.", reviewedBy: 'Medically reviewed by ', on: ' on ',
      helpful: 'Was this helpful?', thanks: 'Thank you for your feedback.',
      voteFailed: "Sorry, that didn't send. Please try again.", yes: 'Yes', no: 'No',
      yesLabel: 'Yes, this was helpful', noLabel: 'No, this was not helpful',
      slowDown: "You're sending messages quickly. Please wait a few seconds and try again.",
      notSent: 'Sorry, that question could not be sent.', retry: 'Retry',
      offline: "Sorry, we couldn't reach the clinic's answer service. Please check your connection and try again. Your question is still in the box below.",
      notHere: "Sorry, this chat isn't set up to answer on this website yet. Please contact the clinic directly.",
      lines: ['If you are in crisis, call or text ', ', or call ', '.'], you: 'You: ', looking: 'Looking for an answer',
      talk: 'Talk to a provider', talkTo: 'Talk to ', call: 'Call', callLabel: function (n, p) { return 'Call ' + n + ' at ' + p; },
      book: 'Book a visit', bookLabel: 'Book a visit with ', callClinic: 'Call the clinic: ', email: 'Email ',
      sources: 'Sources', sourceArticle: 'Source article', readMore: 'Read more',
      months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
      date: function (d, m, y) { return m + ' ' + d + ', ' + y; },
    },
    es: {
      title: '¿Preguntas? Escríbanos',
      greeting: '¡Hola! Respondo preguntas frecuentes con respuestas revisadas por nuestro equipo clínico. ¿Qué le gustaría saber?',
      close: 'Cerrar el chat', conversation: 'Conversación', placeholder: 'Escriba su pregunta…', send: 'Enviar',
      yourQuestion: 'Su pregunta', help: '¿En crisis? Busque ayuda ahora', team: 'Respuestas revisadas por nuestro equipo clínico',
      foot: 'Información general, no es un consejo médico.', popular: 'Preguntas frecuentes', didYouMean: '¿Quiso decir…?',
      notSure: 'No estoy seguro de haber entendido. ¿Quiso decir alguna de estas?', related: 'Preguntas relacionadas',
      noAnswer: 'No tengo una respuesta revisada para eso.', reviewedBy: 'Revisado médicamente por ', on: ' el ',
      helpful: '¿Le fue útil?', thanks: 'Gracias por su opinión.',
      voteFailed: 'Lo sentimos, no se envió. Inténtelo de nuevo.', yes: 'Sí', no: 'No',
      yesLabel: 'Sí, me fue útil', noLabel: 'No, no me fue útil',
      slowDown: 'Está enviando mensajes muy rápido. Espere unos segundos e inténtelo de nuevo.',
      notSent: 'Lo sentimos, no se pudo enviar esa pregunta.', retry: 'Reintentar',
      offline: 'Lo sentimos, no pudimos conectar con el servicio de respuestas de la clínica. Revise su conexión e inténtelo de nuevo. Su pregunta sigue en el cuadro de abajo.',
      notHere: 'Lo sentimos, este chat todavía no está configurado para responder en este sitio web. Comuníquese directamente con la clínica.',
      lines: ['Si está en crisis, llame o envíe un mensaje de texto al ', ', o llame al ', '.'], you: 'Usted: ', looking: 'Buscando una respuesta',
      talk: 'Hable con un profesional', talkTo: 'Hable con ', call: 'Llamar', callLabel: function (n, p) { return 'Llamar a ' + n + ' al ' + p; },
      book: 'Pedir una cita', bookLabel: 'Pedir una cita con ', callClinic: 'Llame a la clínica: ', email: 'Escribir a ',
      sources: 'Fuentes', sourceArticle: 'Artículo de referencia', readMore: 'Leer más',
      months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
      date: function (d, m, y) { return d + ' de ' + m + ' de ' + y; },
    },
  };
  /** The widget's language: data-lang, else the host page's when it is Spanish, else English.
   *  Unless data-lang fixes it, it then follows the language the service answers the patient in. */
  var fixedLang = STRINGS[(data.lang || '').toLowerCase()] ? data.lang.toLowerCase() : null;
  var lang = fixedLang || (/^es\b/i.test(document.documentElement.lang || '') ? 'es' : 'en');
  function t(key) { return STRINGS[lang][key]; }

  var STYLES = [
    ':host{all:initial!important;display:block!important;position:static!important}',
    '*,*::before,*::after{box-sizing:border-box}',
    '.cf{--ink:#1f2933;--muted:#4a5563;--line:#d9dee3;--soft:#f2f5f7;--danger:#b42318;',
    'font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);',
    'position:fixed;bottom:20px;z-index:2147483000;display:flex;flex-direction:column;gap:12px}',
    '.cf.right{right:20px;align-items:flex-end}.cf.left{left:20px;align-items:flex-start}',
    'button,input{font:inherit;color:inherit}',
    ':focus-visible{outline:3px solid var(--accent-ink);outline-offset:2px}',
    '.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    '.launcher{order:2;display:inline-flex;align-items:center;gap:8px;min-height:52px;padding:0 20px 0 16px;border:0;border-radius:26px;',
    'background:var(--accent);color:var(--on-accent);font-weight:600;cursor:pointer;box-shadow:0 6px 20px rgba(16,24,40,.22)}',
    '.launcher:hover{filter:brightness(1.07)}.launcher svg{width:24px;height:24px;flex:none}',
    '.panel{order:1;width:380px;height:min(700px,calc(100vh - 100px));display:flex;flex-direction:column;background:#fff;',
    'border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(16,24,40,.28);border:1px solid var(--line);',
    'animation:cf-in .18s ease-out}',
    '.panel[hidden]{display:none}',
    '@keyframes cf-in{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}',
    'header{display:flex;align-items:flex-start;gap:12px;padding:12px 14px 10px 18px;background:var(--accent);color:var(--on-accent)}',
    'header .who{flex:1;min-width:0}',
    'h2{margin:0;font-size:17px;line-height:1.3;font-weight:700}',
    'header p{margin:2px 0 0;font-size:13px;opacity:.95}',
    '.close{flex:none;width:36px;height:36px;border:0;border-radius:18px;background:transparent;color:inherit;cursor:pointer;display:grid;place-items:center}',
    '.close:hover{background:rgba(127,127,127,.25)}.close svg{width:20px;height:20px}',
    'header :focus-visible{outline-color:currentColor}',
    '.log{order:1;flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:12px;background:#fbfcfd;scroll-behavior:smooth}',
    '.msg{max-width:100%;border-radius:14px;padding:12px 14px;word-wrap:break-word;overflow-wrap:anywhere}',
    '.msg.user{align-self:flex-end;max-width:85%;background:var(--accent);color:var(--on-accent);border-bottom-right-radius:4px}',
    '.msg.bot{align-self:stretch;background:#fff;border:1px solid var(--line);border-bottom-left-radius:4px}',
    '.msg p,.msg ul,.msg ol{margin:0 0 8px}.msg>:last-child,.md>:last-child{margin-bottom:0}',
    '.msg ul,.msg ol{padding-left:20px}.msg li{margin:2px 0}',
    '.msg h3{margin:0 0 6px;font-size:15px;line-height:1.35}',
    'a{color:var(--accent-ink);text-underline-offset:2px}',
    '.muted{color:var(--muted);font-size:13px}',
    '.reviewed{display:flex;gap:6px;align-items:flex-start;margin:10px 0 0;color:var(--muted);font-size:13px}',
    '.reviewed svg{flex:none;width:16px;height:16px;margin-top:2px;color:var(--accent-ink)}',
    'details{margin-top:8px;font-size:13px;color:var(--muted)}',
    'details.more{font-size:inherit;color:inherit;margin-top:4px}',
    'details.more>summary{display:inline-block;font-size:14px;margin-bottom:6px}',
    'details.more[open]>summary{margin-bottom:8px}',
    '.summary{margin:0 0 4px}',
    'summary{cursor:pointer;color:var(--accent-ink);font-weight:600;padding:2px 0}',
    'details ul{margin:6px 0 0;padding-left:18px}',
    '.chips{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px}',
    '.chips-label{width:100%;margin:0;font-size:13px;font-weight:600;color:var(--muted)}',
    '.chip{border:1.5px solid var(--accent-ink);background:#fff;color:var(--accent-ink);border-radius:18px;padding:6px 12px;',
    'font-size:14px;line-height:1.35;text-align:left;cursor:pointer}',
    '.chip:hover{background:var(--accent-soft)}',
    '.card{margin-top:8px;padding:12px;border-radius:12px;background:var(--soft);border:1px solid var(--line)}',
    '.card h4{margin:0 0 4px;font-size:12px;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}',
    '.card .name{font-weight:700;margin:0}.card .cred{margin:0 0 8px;color:var(--muted);font-size:13px}',
    '.card.compact{margin-top:8px;padding:8px 12px;display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px}',
    '.card .talk{font-weight:400}.card.compact .cred{margin:0;flex:1 1 100%}',
    '.card.compact .actions{margin:0}',
    '.clinic{margin-top:12px;padding-top:10px;border-top:1px solid var(--line)}',
    '.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}',
    '.btn{display:inline-flex;align-items:center;gap:6px;min-height:40px;padding:8px 14px;border-radius:10px;font-weight:600;',
    'font-size:14px;text-decoration:none;border:1.5px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer}',
    '.btn svg{flex:none;width:18px;height:18px}',
    '.btn.ghost{background:#fff;color:var(--accent-ink);border-color:var(--accent-ink)}',
    '.btn:hover{filter:brightness(1.07)}',
    '.crisis{padding:14px 14px 14px 16px;border-radius:12px;background:#f4f7fb;border:1px solid #c9d6e3;border-left:4px solid #1d4f7a;color:var(--ink)}',
    '.crisis h3{color:#173f62;font-size:16px}',
    '.crisis .actions{flex-direction:column}',
    '.crisis .btn{background:#fff;border:1px solid #1d4f7a;color:#173f62;justify-content:flex-start;min-height:44px;font-weight:600}',
    '.crisis .btn:first-child{background:#1d4f7a;color:#fff}',
    '.feedback{display:flex;align-items:center;flex-wrap:wrap;gap:6px;margin-top:12px;font-size:13px;color:var(--muted)}',
    '.feedback button{display:inline-flex;align-items:center;gap:5px;min-height:36px;padding:0 12px;border:1px solid #b8c0c8;border-radius:18px;background:#fff;cursor:pointer;font-size:13px;font-weight:600;color:var(--ink)}',
    '.feedback svg{width:16px;height:16px;color:var(--accent-ink)}.feedback .down svg{transform:rotate(180deg)}',
    '.feedback button:hover{background:var(--soft)}',
    '.error{border-color:var(--danger)!important;background:#fff}',
    '.lines{font-weight:600;color:#7a271a}.lines a{color:inherit}',
    '.typing{display:inline-flex;gap:4px;padding:14px}',
    '.typing i{width:7px;height:7px;border-radius:50%;background:#8a94a0;animation:cf-dot 1s infinite ease-in-out}',
    '.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}',
    '@keyframes cf-dot{0%,80%,100%{opacity:.3}40%{opacity:1}}',
    'form{order:2;display:flex;gap:8px;padding:12px;border-top:1px solid var(--line);background:#fff}',
    'input{flex:1;min-width:0;font-size:16px;padding:10px 12px;border:1.5px solid #8a94a0;border-radius:10px;background:#fff}',
    'input:focus-visible{outline-offset:0;border-color:var(--accent-ink)}',
    'form .btn{min-height:44px}',
    '.foot{order:3;display:flex;justify-content:space-between;align-items:center;gap:8px;padding:0 12px 10px;font-size:12px;color:var(--muted);background:#fff}',
    '.linkish{border:0;background:none;padding:4px 0;color:var(--danger);font-size:12px;font-weight:600;text-decoration:underline;cursor:pointer}',
    '@media (max-width:480px){.cf{bottom:12px}.cf.right{right:12px}.cf.left{left:12px}',
    '.cf.open .panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0;border:0}',
    '.cf.open .launcher{display:none}}',
    '@media (prefers-reduced-motion:reduce){.panel,.typing i{animation:none}.log{scroll-behavior:auto}}',
  ].join('\n');

  function start() {
    var host = document.createElement('clinicfaq-widget');
    var root = host.attachShadow({ mode: 'open' });
    adoptStyles(root, STYLES);
    applyAccent(host, config.accent);
    // First in the page's Tab order, so a keyboard user reaches the launcher at once.
    document.body.insertBefore(host, document.body.firstChild);
    var ui = buildShell(root);
    var chat = new Chat(ui);
    chat.bind();
  }

  // ---------------------------------------------------------------- layout

  function buildShell(root) {
    var wrap = el('div', { class: 'cf ' + (config.position === 'bottom-left' ? 'left' : 'right') });
    var title = el('span', {});
    var launcher = el('button', {
      type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'cf-panel',
    }, [icon('chat'), title]);
    var close = el('button', { type: 'button', class: 'close' }, [icon('close')]);
    var log = el('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0',
    });
    var input = el('input', {
      id: 'cf-input', type: 'text', autocomplete: 'off', enterkeyhint: 'send',
      maxlength: String(MAX_QUESTION_CHARS),
    });
    var send = el('button', { type: 'submit', class: 'btn' });
    var label = el('label', { for: 'cf-input', class: 'sr' });
    var form = el('form', { novalidate: '' }, [label, input, send]);
    var help = el('button', { type: 'button', class: 'linkish' });
    var heading = el('h2', { id: 'cf-title' }), team = el('p', {}), foot = el('span', {});
    var panel = el('section', {
      id: 'cf-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'cf-title', hidden: '',
    }, [
      // The form comes before the conversation in the DOM (the CSS shows it below), so Tab from
      // the input goes on to the replies' buttons and chips instead of leaving the widget.
      el('header', {}, [el('div', { class: 'who' }, [heading, team]), close]),
      form, log,
      el('div', { class: 'foot' }, [foot, help]),
    ]);
    wrap.append(panel, launcher);
    root.appendChild(wrap);
    var ui = { root: root, wrap: wrap, launcher: launcher, panel: panel, close: close, log: log, form: form, input: input, help: help };
    /** Writes the shell's words in the current language (again when it changes). */
    ui.relabel = function () {
      wrap.setAttribute('lang', lang);
      title.textContent = heading.textContent = config.title || t('title');
      close.setAttribute('aria-label', t('close'));
      log.setAttribute('aria-label', t('conversation'));
      input.setAttribute('placeholder', t('placeholder'));
      send.textContent = t('send');
      label.textContent = t('yourQuestion');
      help.textContent = t('help');
      team.textContent = t('team');
      foot.textContent = t('foot');
    };
    ui.relabel();
    return ui;
  }

  // ------------------------------------------------------------------ chat

  function Chat(ui) {
    this.ui = ui;
    this.started = false;
    this.busy = false;
    this.clinic = null;
  }

  Chat.prototype.bind = function () {
    var self = this, ui = this.ui;
    ui.launcher.addEventListener('click', function () { self.isOpen() ? self.close() : self.open(); });
    ui.close.addEventListener('click', function () { self.close(); });
    ui.wrap.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && self.isOpen()) { e.preventDefault(); self.close(); }
      if (e.key === 'Tab' && self.isOpen() && self.fullScreen()) self.holdFocus(e);
    });
    ui.form.addEventListener('submit', function (e) {
      e.preventDefault();
      var q = ui.input.value.trim();
      if (q) self.ask(q, false);
    });
    ui.help.addEventListener('click', function () { self.showCrisisHelp(); });
  };

  Chat.prototype.isOpen = function () { return !this.ui.panel.hidden; };

  /** On a phone the open panel covers the page (the CSS at 480 px). */
  Chat.prototype.fullScreen = function () {
    return window.matchMedia('(max-width:480px)').matches;
  };

  /** While the panel covers the page, Tab cycles inside it: the page behind
   *  is hidden, so focus must not walk into it. */
  Chat.prototype.holdFocus = function (e) {
    var focusable = Array.prototype.filter.call(
      this.ui.panel.querySelectorAll('a[href],button:not([disabled]),input,textarea,select,summary,[tabindex]:not([tabindex="-1"])'),
      function (n) { return n.getClientRects().length > 0; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    var active = this.ui.root.activeElement;
    if (e.shiftKey && (active === first || !this.ui.panel.contains(active))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (active === last || !this.ui.panel.contains(active))) { e.preventDefault(); first.focus(); }
  };

  Chat.prototype.open = function () {
    var ui = this.ui;
    ui.panel.hidden = false;
    ui.wrap.classList.add('open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.input.focus();
    if (!this.started) { this.started = true; this.greet(); }
  };

  Chat.prototype.close = function () {
    var ui = this.ui;
    ui.panel.hidden = true;
    ui.wrap.classList.remove('open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    ui.launcher.focus();
  };

  /** The greeting, then the opening chips once the FAQ list arrives (best effort). */
  Chat.prototype.greet = function () {
    var self = this;
    var msg = this.bot([el('p', {}, [config.greeting || t('greeting')])]);
    this.loadPopular().then(function () {
      if (self.popular.length) msg.appendChild(self.chips(t('popular'), self.popular));
    }).catch(function () { /* the greeting still works; asking shows a retry if the network is down */ });
  };

  /** The questions offered as chips (data-questions, else the first three), in the widget's language. */
  Chat.prototype.loadPopular = function () {
    var self = this;
    return api('GET', '/v1/faqs?lang=' + lang).then(function (list) {
      var items = list.items || [];
      self.popular = config.questions.length
        ? config.questions.map(function (s) { return items.find(function (f) { return f.slug === s; }); }).filter(Boolean)
        : items.slice(0, 3);
    });
  };

  /** Sends a typed question. On a network failure the text stays in the input. */
  Chat.prototype.ask = function (question, isRetry) {
    var self = this;
    if (this.busy) return; // a double Enter must not ask twice
    this.busy = true;
    if (!isRetry) this.user(question);
    var typing = this.typing();
    var body = { question: question };
    if (fixedLang) body.lang = fixedLang;
    api('POST', '/v1/ask', body).finally(function () { self.busy = false; }).then(function (reply) {
      typing.remove();
      if (self.ui.input.value.trim() === question) self.ui.input.value = '';
      self.reply(reply);
    }, function (err) {
      typing.remove();
      self.failed(err, function () { self.ask(question, true); });
    });
  };

  /** A chip names a vetted FAQ: load exactly that entry, with the referral the server chose for it. */
  Chat.prototype.openFaq = function (faq, isRetry) {
    var self = this;
    if (this.busy) return;
    this.busy = true;
    if (!isRetry) this.user(faq.question);
    var typing = this.typing();
    var loads = [api('GET', '/v1/faqs/' + encodeURIComponent(faq.slug) + '?lang=' + lang), this.catalog()];
    Promise.all(loads).finally(function () { self.busy = false; }).then(function (r) {
      typing.remove();
      self.answer(r[0], r[0].referral, []);
    }, function (err) {
      typing.remove();
      self.failed(err, function () { self.openFaq(faq, true); });
    });
  };

  /** Clinic settings, fetched once, for chips and the crisis help link. */
  Chat.prototype.catalog = function () {
    var self = this;
    if (this.clinic) return Promise.resolve();
    return api('GET', '/v1/clinic').then(function (c) { self.clinic = c; });
  };

  Chat.prototype.showCrisisHelp = function (isRetry) {
    var self = this;
    if (!this.isOpen()) this.open();
    var typing = this.typing();
    this.catalog().then(function () {
      typing.remove();
      var card = (lang === 'es' && self.clinic.crisis_es) || self.clinic.crisis;
      self.bot([crisisCard(card)], 'crisis');
    }, function (err) {
      typing.remove();
      self.failed(err, function () { self.showCrisisHelp(true); });
    });
  };

  /** Switches the widget's own words to `to` (en | es), unless data-lang fixed them. */
  Chat.prototype.speak = function (to) {
    if (fixedLang || !STRINGS[to] || to === lang) return;
    lang = to;
    this.ui.relabel();
    this.loadPopular().catch(function () { /* the old chips stay */ }); // in the new language
  };

  Chat.prototype.reply = function (r) {
    // The widget speaks the language the service answered the patient in.
    if (r.lang) this.speak(r.lang);
    if (r.kind === 'crisis' && r.crisis) {
      // The crisis card comes first and is never folded away behind anything.
      // Nothing after the crisis card but the clinic's own contact.
      this.bot([crisisCard(r.crisis), clinicCard(r.referral)], 'crisis');
      return;
    }
    // The concern tier: an ordinary reply that also carries the crisis card
    // (distress, or a message that mentions suicide or dying). The card
    // leads, the answer follows.
    var card = r.crisis ? [crisisCard(r.crisis)] : [];
    if (r.kind === 'answer' && r.faq) {
      this.answer(r.faq, r.referral, r.suggestions || [], card.concat(notice(r)));
    } else if (r.kind === 'suggestions' && r.suggestions && r.suggestions.length) {
      this.bot(card.concat([
        el('p', {}, [t('notSure')]),
        this.chips(t('didYouMean'), r.suggestions),
        this.referral(r.referral, false),
      ]), 'suggestions');
    } else {
      var parts = card.concat(notice(r), [
        el('p', {}, [el('strong', {}, [t('noAnswer')])]),
        // No vetted answer: the clinic's own contact, not a specialist picked for a question
        // nobody understood (a billing question would get a psychiatrist).
        clinicCard(r.referral),
      ]);
      // Somewhere to go next: related questions, else the popular ones.
      if (r.suggestions && r.suggestions.length) parts.push(this.chips(t('related'), r.suggestions));
      else if (this.popular && this.popular.length) parts.push(this.chips(t('popular'), this.popular));
      this.bot(parts, 'no_match');
    }
  };

  Chat.prototype.answer = function (faq, referral, related, lead) {
    // An English text shown to a Spanish reader keeps its own language for screen readers.
    var textLang = faq.lang || lang;
    var full = [el('div', { class: 'md', lang: textLang }, [renderMarkdown(faq.answer)])];
    if (faq.reviewed_by) {
      var when = faq.reviewed_at ? t('on') + formatDate(faq.reviewed_at) : '';
      full.push(el('p', { class: 'reviewed' }, [icon('check'), el('span', {}, [t('reviewedBy') + faq.reviewed_by + when])]));
    }
    if (faq.sources && faq.sources.length) full.push(sourcesList(faq.sources));
    // The referral's own words go with the full answer; the card below says who to talk to.
    if (referral && referral.message) full.push(el('p', { class: 'muted referral-note' }, [referral.message]));
    // Related questions are more to read too: with a summary they wait behind "Read more".
    if (related.length && faq.summary) full.push(this.chips(t('related'), related));
    var heading = el('h3', { lang: textLang }, [faq.question]);
    var parts = (lead || []).concat([heading]);
    if (faq.summary) {
      // Short first: the summary answers; the full answer, review line and sources on request.
      parts.push(el('p', { class: 'summary', lang: textLang }, [faq.summary]),
        el('details', { class: 'more' }, [el('summary', {}, [t('readMore')])].concat(full)));
    } else {
      parts = parts.concat(full);
    }
    parts.push(this.referral(referral, false));
    parts.push(this.feedback(faq.slug));
    if (related.length && !faq.summary) parts.push(this.chips(t('related'), related));
    var msg = this.bot(parts, 'answer');
    msg.setAttribute('data-slug', faq.slug);
  };

  /** One referral per conversation: the full card the first time a provider
   *  is named, then a compact "Talk to …" line while it stays the same one. */
  Chat.prototype.referral = function (ref, withClinic) {
    var p = ref && (ref.providers || [])[0];
    var compact = !!p && this.referred === p.id;
    if (p) this.referred = p.id;
    return referralCard(ref, withClinic, compact);
  };

  Chat.prototype.feedback = function (slug) {
    var box = el('div', { class: 'feedback', role: 'group', 'aria-label': t('helpful') });
    var label = el('span', {}, [t('helpful')]);
    var status = el('span', {});
    function vote(helpful) {
      buttons.forEach(function (b) { b.disabled = true; });
      api('POST', '/v1/feedback', { slug: slug, helpful: helpful }).then(function () {
        box.replaceChildren(el('span', {}, [t('thanks')]));
      }, function () {
        buttons.forEach(function (b) { b.disabled = false; });
        status.textContent = t('voteFailed');
      });
    }
    // Drawn thumbs (👍/👎) rather than emoji, which some systems lack fonts for.
    var buttons = [
      el('button', { type: 'button', 'aria-label': t('yesLabel') }, [icon('thumb'), t('yes')]),
      el('button', { type: 'button', class: 'down', 'aria-label': t('noLabel') }, [icon('thumb'), t('no')]),
    ];
    buttons[0].addEventListener('click', function () { vote(true); });
    buttons[1].addEventListener('click', function () { vote(false); });
    box.append(label, buttons[0], buttons[1], status);
    return box;
  };

  Chat.prototype.chips = function (label, faqs) {
    var self = this;
    var group = el('div', { class: 'chips', role: 'group', 'aria-label': label }, [el('p', { class: 'chips-label' }, [label])]);
    faqs.forEach(function (f) {
      var chip = el('button', { type: 'button', class: 'chip', 'data-slug': f.slug }, [f.question]);
      chip.addEventListener('click', function () { self.openFaq(f, false); });
      group.appendChild(chip);
    });
    return group;
  };

  /** The service's note on the reply's language, if any: an answer not yet in Spanish, or a
   *  message in a language the service does not read. */
  function notice(r) {
    return r.notice ? [el('p', { class: 'muted notice' }, [r.notice])] : [];
  }

  /** Every failure says so and keeps the crisis lines in view; the typed text stays in the box. */
  Chat.prototype.failed = function (err, retry) {
    var self = this;
    if (err && err.status === 429) {
      // Rate limited. The server's wording is for developers; a patient gets a calm, plain one.
      this.notice([el('p', {}, [t('slowDown')])]);
      return;
    }
    if (err && err.status && err.status < 500) {
      // The API refused the request (e.g. too long): say why.
      this.notice([el('p', {}, [err.message || t('notSent')])]);
      return;
    }
    var button = el('button', { type: 'button', class: 'btn' }, [t('retry')]);
    var text = el('p', {}, [t('offline')]);
    var msg = this.notice([text, el('div', { class: 'actions' }, [button])]);
    button.addEventListener('click', function () {
      msg.remove();
      retry();
      self.ui.input.focus();
    });
    // Reachable, yet the reply was withheld: this site is not on the
    // service's CORS allowlist. Say so, instead of blaming the connection.
    notAllowedHere().then(function (blocked) {
      if (!blocked) return;
      text.textContent = t('notHere');
      button.remove();
      if (window.console) console.warn('clinicfaq: ' + location.origin + ' is not in the service\'s CLINICFAQ_CORS_ORIGINS, so browsers withhold its replies.');
    });
  };

  /** True when the API answers an opaque request but a CORS one failed. */
  function notAllowedHere() {
    if (new URL(config.api).origin === location.origin) return Promise.resolve(false);
    return fetch(config.api + '/health', { mode: 'no-cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function () { return true; }, function () { return false; });
  }

  /** An error message. A message that failed never reached the server's crisis screen, and
   *  the clinic's crisis card may be out of reach too, so the crisis lines are built in. */
  Chat.prototype.notice = function (parts) {
    var words = t('lines');
    var lines = el('p', { class: 'lines' }, [
      words[0], el('a', { href: 'tel:988' }, ['988']),
      words[1], el('a', { href: 'tel:911' }, ['911']), words[2],
    ]);
    var msg = this.bot(parts.concat(lines), 'error');
    msg.classList.add('error');
    return msg;
  };

  Chat.prototype.user = function (text) {
    return this.add(el('div', { class: 'msg user' }, [el('span', { class: 'sr' }, [t('you')]), text]));
  };

  Chat.prototype.bot = function (children, kind) {
    var msg = el('div', { class: 'msg bot', 'data-kind': kind || 'text' }, children);
    return this.add(msg);
  };

  Chat.prototype.typing = function () {
    return this.add(el('div', { class: 'msg bot typing', role: 'status', 'aria-label': t('looking') },
      [el('i', {}), el('i', {}), el('i', {})]));
  };

  Chat.prototype.add = function (node) {
    var log = this.ui.log;
    log.appendChild(node);
    // Show the start of the new message: long answers are read from the top. A reply shows
    // the patient's question above it too, when both fit.
    var top = node;
    var asked = node.previousElementSibling;
    if (asked && asked.classList.contains('user') && !node.classList.contains('user') &&
        node.offsetTop + node.offsetHeight - asked.offsetTop <= log.clientHeight - 8) top = asked;
    log.scrollTop = Math.max(0, top.offsetTop - log.offsetTop - 8);
    return node;
  };

  // ------------------------------------------------------------- cards

  function crisisCard(crisis) {
    var links = (crisis.resources || []).map(function (r) {
      var href = resourceHref(r);
      return href ? el('a', { class: 'btn', href: href }, [icon(r.kind === 'sms' ? 'sms' : 'phone'), r.label]) : el('p', {}, [r.label]);
    });
    return el('section', { class: 'crisis', role: 'alert', 'aria-label': crisis.title }, [
      el('h3', {}, [crisis.title]),
      el('p', {}, [crisis.message]),
      el('div', { class: 'actions' }, links),
    ]);
  }

  function referralCard(ref, withClinic, compact) {
    if (!ref) return document.createTextNode('');
    // "Talk to <name>": the full card adds the credentials; the compact line keeps it to a row.
    var card = el('section', { class: compact ? 'card compact' : 'card', 'aria-label': t('talk') }, []);
    var p = (ref.providers || [])[0];
    if (p) {
      var actions = el('div', { class: 'actions' });
      var tel = telHref(p.phone);
      if (tel) actions.appendChild(el('a', { class: 'btn', href: tel, 'aria-label': t('callLabel')(p.name, p.phone) }, [icon('phone'), t('call')]));
      var book = safeUrl(p.booking_url, ['https:', 'http:']);
      if (book) actions.appendChild(external(book, t('book'), 'btn ghost', t('bookLabel') + p.name));
      var name = el('p', { class: 'name' }, [el('span', { class: 'talk' }, [t('talkTo')]), p.name]);
      card.append(name, el('p', { class: 'cred' }, [p.credentials]), actions);
    }
    if (withClinic && ref.clinic) card.appendChild(clinicContact(ref.clinic));
    return card;
  }

  /** The no-match referral: the clinic's contact, no provider. The reply has already said, in one
   *  sentence, that there is no vetted answer; the server's longer wording would say it twice. */
  function clinicCard(ref) {
    if (!ref || !ref.clinic) return document.createTextNode('');
    return el('section', { class: 'card', 'aria-label': t('talk') },
      [clinicContact(ref.clinic)]);
  }

  function clinicContact(c) {
    var actions = el('div', { class: 'actions' });
    var tel = telHref(c.phone);
    if (tel) actions.appendChild(el('a', { class: 'btn ghost', href: tel }, [icon('phone'), t('callClinic') + c.phone]));
    var mail = safeUrl('mailto:' + c.email, ['mailto:']);
    if (c.email && mail) actions.appendChild(el('a', { class: 'btn ghost', href: mail }, [t('email') + c.email]));
    return el('div', { class: 'clinic' }, [el('p', { class: 'name' }, [c.name]), actions]);
  }

  /** Each fact with the title of its article (a link when it is public); never a file name. */
  function sourcesList(sources) {
    var items = sources.map(function (s) {
      var link = safeUrl(s.url, ['https:', 'http:']);
      var title = s.title || t('sourceArticle');
      return el('li', {}, [s.fact, ' ', link ? external(link, title, '', null) : el('cite', {}, ['(' + title + ')'])]);
    });
    return el('details', {}, [el('summary', {}, [t('sources') + ' (' + sources.length + ')']), el('ul', {}, items)]);
  }

  // --------------------------------------------------- safe Markdown subset

  /** Paragraphs, "- "/"1. " lists, **bold**, *italic*, `code` and safe links, as DOM nodes. */
  function renderMarkdown(md) {
    var out = document.createDocumentFragment();
    var para = [], list = null;
    function flush() {
      if (para.length) out.appendChild(el('p', {}, inline(para.join(' '), 0)));
      para = [];
    }
    String(md || '').replace(/\r\n?/g, '\n').split('\n').forEach(function (line) {
      var bullet = /^\s*[-*+]\s+(.*)$/.exec(line), numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      var item = bullet || numbered;
      if (!line.trim()) { flush(); list = null; return; }
      if (item) {
        flush();
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tagName.toLowerCase() !== tag) { list = el(tag, {}); out.appendChild(list); }
        list.appendChild(el('li', {}, inline(item[1], 0)));
      } else if (list && /^\s+/.test(line)) {
        list.lastChild.append(' ', ...inline(line.trim(), 0)); // a wrapped list item
      } else {
        list = null;
        para.push(line.trim());
      }
    });
    flush();
    return out;
  }

  var INLINE = /\*\*([^*]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|\*([^*\s](?:[^*]*[^*\s])?)\*|`([^`]+)`/g;

  function inline(text, depth) {
    var nodes = [], last = 0, m;
    var re = new RegExp(INLINE.source, 'g');
    while ((m = re.exec(text))) {
      if (m.index > last) nodes.push(text.slice(last, m.index));
      if (m[1] !== undefined) nodes.push(el('strong', {}, depth < 3 ? inline(m[1], depth + 1) : [m[1]]));
      else if (m[2] !== undefined) {
        var href = safeUrl(m[3], ['https:', 'http:', 'mailto:', 'tel:']);
        nodes.push(href ? external(href, m[2], '', null) : m[0]);
      } else if (m[4] !== undefined) nodes.push(el('em', {}, depth < 3 ? inline(m[4], depth + 1) : [m[4]]));
      else nodes.push(el('code', {}, [m[5]]));
      last = re.lastIndex;
    }
    if (last < text.length) nodes.push(text.slice(last));
    return nodes;
  }

  // ---------------------------------------------------------------- helpers

  /** Builds an element. Children that are strings become text nodes, never markup. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function external(href, text, cls, label) {
    var a = el('a', { href: href, rel: 'noopener noreferrer nofollow' }, [text]);
    if (!/^(mailto|tel):/i.test(href)) a.target = '_blank';
    if (cls) a.className = cls;
    if (label) a.setAttribute('aria-label', label);
    return a;
  }

  function safeUrl(raw, schemes) {
    try {
      var u = new URL(String(raw));
      return schemes.indexOf(u.protocol) >= 0 ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function safeBase(raw) {
    var u = raw && safeUrl(raw, ['https:', 'http:']);
    return u ? u.replace(/\/+$/, '') : null;
  }

  function telHref(phone) {
    var digits = String(phone || '').replace(/[^0-9+]/g, '');
    return /^\+?[0-9]{2,15}$/.test(digits) ? 'tel:' + digits : null;
  }

  function resourceHref(r) {
    if (r.kind === 'phone') return telHref(r.value);
    if (r.kind === 'sms') { var t = telHref(r.value); return t && 'sms:' + t.slice(4); }
    if (r.kind === 'url') return safeUrl(r.value, ['https:']);
    return null;
  }

  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? t('date')(+m[3], t('months')[+m[2] - 1], m[1]) : iso;
  }

  /** fetch without cookies or referrer; rejects with {status, message} or a network error. */
  function api(method, path, body) {
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl && setTimeout(function () { ctrl.abort(); }, REQUEST_TIMEOUT_MS);
    var init = { method: method, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: ctrl && ctrl.signal };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    return fetch(config.api + path, init).then(function (res) {
      clearTimeout(timer);
      if (res.status === 204) return null;
      return res.json().catch(function () { return null; }).then(function (json) {
        if (res.ok && json) return json;
        var e = new Error((json && json.error && json.error.message) || 'HTTP ' + res.status);
        e.status = res.status;
        throw e;
      });
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }

  /** Constructed stylesheets need no 'unsafe-inline' in the host page's CSP. */
  function adoptStyles(root, css) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el('style', {}, [css]));
    }
  }

  /** Sets the accent and derives colours that keep WCAG AA contrast with it and with white. */
  function applyAccent(host, accent) {
    var rgb = parseColor(accent) || parseColor('#0f766e');
    var onAccent = contrast(rgb, [255, 255, 255]) >= 4.5 ? '#ffffff' : '#111111';
    var ink = rgb;
    for (var i = 0; i < 20 && contrast(ink, [255, 255, 255]) < 4.5; i++) ink = ink.map(function (c) { return Math.round(c * 0.85); });
    var soft = rgb.map(function (c) { return Math.round(c * 0.1 + 255 * 0.9); });
    host.style.setProperty('--accent', css(rgb));
    host.style.setProperty('--on-accent', onAccent);
    host.style.setProperty('--accent-ink', css(ink));
    host.style.setProperty('--accent-soft', css(soft));
    function css(c) { return 'rgb(' + c.join(',') + ')'; }
  }

  function parseColor(value) {
    if (!window.CSS || !window.CSS.supports('color', value)) return null;
    var probe = document.createElement('span');
    probe.style.color = value;
    probe.style.display = 'none';
    document.documentElement.appendChild(probe);
    var m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
    probe.remove();
    return m ? [+m[1], +m[2], +m[3]] : null;
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  var ICONS = {
    chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM7 9h10v2H7zm0-3h10v2H7zm0 6h7v2H7z',
    close: 'M6 6l12 12M18 6L6 18',
    check: 'M12 2l2.4 1.8 3-.2.9 2.9 2.5 1.7-1 2.8 1 2.8-2.5 1.7-.9 2.9-3-.2L12 22l-2.4-1.8-3 .2-.9-2.9-2.5-1.7 1-2.8-1-2.8 2.5-1.7.9-2.9 3 .2zM8.5 12l2.3 2.3 4.7-4.6',
    phone: 'M6.62 10.79a15.05 15.05 0 0 0 6.59 6.59l2.2-2.2a1 1 0 0 1 1.01-.24c1.12.37 2.33.57 3.58.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.46.57 3.58a1 1 0 0 1-.25 1.01z',
    sms: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM8 11H6V9h2zm5 0h-2V9h2zm5 0h-2V9h2z',
    thumb: 'M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l.95-4.57.03-.32a1.5 1.5 0 0 0-.44-1.06L13.17 1 6.6 7.59A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73z',
  };
  var FILLED = ['chat', 'phone', 'sms', 'thumb'];

  function icon(name) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    var filled = FILLED.indexOf(name) >= 0;
    path.setAttribute('fill', filled ? 'currentColor' : 'none');
    path.setAttribute('stroke', filled ? 'none' : 'currentColor');
    path.setAttribute('stroke-width', '2');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    return svg;
  }

  // The staff console previews an answer with this file's own Markdown
  // renderer (<script src="/widget.js" data-role="markdown">): no widget then.
  if (data.role === 'markdown') {
    window.clinicfaqMarkdown = renderMarkdown;
    return;
  }

  // Last, so every declaration above has run before the widget starts.
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
