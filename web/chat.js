/* Sales Coach web chat: renders the coach's replies and talks to the server over socket.io.
 *
 * The first half is pure functions (text in, HTML string out) so they can be tested
 * under node: `require("./web/chat.js")`. The second half wires up the page and only
 * runs in a browser.
 *
 * Safety rule: every piece of text from the server (which quotes what trainees typed)
 * goes through escapeHtml() before any markup is added. HTML strings are only built
 * by the render functions below; user messages are inserted with textContent.
 */
(function () {
  "use strict";

  // The page's own words, in the language of the conversation (docs/languages.md): the
  // one last chosen in this browser (a language button, or a reply that names its
  // language), else the browser's, else English. The coach's replies bring their own.
  var LANGUAGE_KEY = "salesCoachLanguage";
  var UI = {
    en: {
      welcome: "Hi! Ask me about a customer situation (e.g. \"client says we're too expensive\"), " +
        "say \"let's role-play a hesitant customer\", or paste a draft with \"check my reply: ...\".",
      subtitle: "Tips from the playbook, role-play practice and draft review",
      newTrainee: "New trainee",
      newTraineeTitle: "Forget this browser's trainee and start fresh (for shared computers)",
      newTraineeConfirm: "Start as a new trainee?\n\nThis browser will forget the current " +
        "trainee (their role-play and progress stay on the server, but this page won't show them).",
      log: "Conversation with the Sales Coach",
      typing: "Coach is typing…",
      composerLabel: "Your message to the coach",
      placeholder: "Type a message (Enter sends, Shift+Enter for a new line)",
      composerHint: "Enter sends the message; Shift and Enter adds a new line.",
      send: "Send",
      connecting: "Connecting…",
      connected: "Connected",
      reconnecting: "Reconnecting…",
      unreachable: "Can't reach the coach yet, retrying…",
      noLibrary: "Could not load the chat library; reload the page.",
      history: "Earlier in this conversation",
      chart: "Your role-play scores over time",
      score: "Score",
      // How the coach's role-play replies start in this language (data/roleplay/texts/en.yml:
      // customer_label, scorecard.title, scorecard.score): a reply in any language is drawn
      // as a customer line or a scorecard, whatever the page's own language.
      customer: "Customer",
      scorecard: "Scorecard"
    },
    es: {
      welcome: "¡Hola! Cuéntame una situación con un cliente (por ejemplo, «el cliente dice que somos " +
        "muy caros»), di «practiquemos con un cliente indeciso» o pega un borrador con " +
        "«revisa mi respuesta: ...».",
      subtitle: "Consejos del manual, práctica de role-play y revisión de borradores",
      newTrainee: "Nuevo vendedor",
      newTraineeTitle: "Olvidar al vendedor de este navegador y empezar de cero (para ordenadores compartidos)",
      newTraineeConfirm: "¿Empezar como un vendedor nuevo?\n\nEste navegador olvidará al vendedor " +
        "actual (su role-play y su progreso siguen en el servidor, pero esta página no los mostrará).",
      log: "Conversación con el Sales Coach",
      typing: "El coach está escribiendo…",
      composerLabel: "Tu mensaje para el coach",
      placeholder: "Escribe un mensaje (Intro envía, Mayús+Intro para una línea nueva)",
      composerHint: "Intro envía el mensaje; Mayús e Intro añade una línea nueva.",
      send: "Enviar",
      connecting: "Conectando…",
      connected: "Conectado",
      reconnecting: "Reconectando…",
      unreachable: "Todavía no llego al coach, reintentando…",
      noLibrary: "No se pudo cargar la biblioteca del chat; recarga la página.",
      history: "Antes en esta conversación",
      chart: "Tus puntuaciones de role-play a lo largo del tiempo",
      score: "Puntuación",
      customer: "Cliente",
      scorecard: "Evaluación"
    }
  };
  var LANGUAGE_PAYLOAD = /^\/language\s*\{[^{}]{0,200}"lang"\s*:\s*"([a-z]{2})"/;
  var lang = "en";

  function t(key) {
    return (UI[lang] && UI[lang][key]) || UI.en[key];
  }

  // ---------------------------------------------------------------- rendering (pure)

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  // Escape first, then turn **bold** into <strong>. `*` is not touched by escaping,
  // so the markers survive and nothing the user typed can become a tag.
  function inline(text) {
    return escapeHtml(text).replace(/\*\*([\s\S]+?)\*\*/g, "<strong>$1</strong>");
  }

  // Python's str.strip() set, not String.trim()'s (which adds U+FEFF and lacks \x1c-\x1f
  // and \x85), and [\s\S] for Python's "." (JS's "." also stops at \r, U+2028, U+2029):
  // tests/unit/test_markup_renderers.py checks both readers agree on hostile text.
  var SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var EDGE_SPACE = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");

  // Mirrors parse() in coach/markup.py, so every channel reads the markup the same way.
  function parseLines(text) {
    var lines = [];
    String(text).replace(/\r\n/g, "\n").split("\n").forEach(function (raw) {
      var stripped = raw.replace(EDGE_SPACE, "");
      var previous = lines.length ? lines[lines.length - 1].kind : null;
      var match;
      if (!stripped) {
        lines.push({ kind: "blank", text: "" });
      } else if (raw.charAt(0) === " " &&
                 (previous === "bullet" || previous === "numbered" || previous === "continuation")) {
        lines.push({ kind: "continuation", text: stripped });
      } else if ((match = /^- ([\s\S]*)$/.exec(stripped))) {
        lines.push({ kind: "bullet", text: match[1] });
      } else if ((match = /^([0-9]{1,9})\. ([\s\S]*)$/.exec(stripped))) {
        lines.push({ kind: "numbered", text: match[2], number: parseInt(match[1], 10) });
      } else {
        lines.push({ kind: "text", text: stripped });
      }
    });
    return lines;
  }

  // Parsed lines -> HTML: consecutive text lines form one <p> (joined by <br>),
  // consecutive bullets one <ul>, consecutive numbered lines one <ol start=N>,
  // and a continuation line becomes a new line inside the list item above it.
  function renderLines(lines) {
    var html = [];
    var block = null; // "p", "ul" or "ol": the element currently open
    var itemOpen = false;

    function close() {
      if (itemOpen) html.push("</li>");
      if (block) html.push("</" + block + ">");
      block = null;
      itemOpen = false;
    }

    lines.forEach(function (line) {
      if (line.kind === "blank") {
        close();
      } else if (line.kind === "text") {
        if (block === "p") {
          html.push("<br>");
        } else {
          close();
          html.push("<p>");
          block = "p";
        }
        html.push(inline(line.text));
      } else if (line.kind === "bullet" || line.kind === "numbered") {
        var tag = line.kind === "bullet" ? "ul" : "ol";
        if (block !== tag) {
          close();
          html.push(tag === "ol" ? '<ol start="' + line.number + '">' : "<ul>");
          block = tag;
        } else if (itemOpen) {
          html.push("</li>");
        }
        // Each item keeps the number written in the markup, as the other channels show it.
        html.push((tag === "ol" ? '<li value="' + line.number + '">' : "<li>") + inline(line.text));
        itemOpen = true;
      } else if (line.kind === "continuation") {
        if (itemOpen) {
          html.push("<br>" + inline(line.text));
        } else { // not under a list item (only possible in a scorecard): plain text
          close();
          html.push("<p>" + inline(line.text) + "</p>");
        }
      }
    });
    close();
    return html.join("");
  }

  function renderMarkdown(text) {
    return renderLines(parseLines(text));
  }

  // One of every language's words for `key`, as a regex alternation.
  function anyLanguage(key) {
    return Object.keys(UI).map(function (code) {
      return UI[code][key].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|");
  }
  var SCORECARD_TITLE = new RegExp("^\\*\\*((?:" + anyLanguage("scorecard") + "): .*)\\*\\*$");
  var SCORE_TOTAL = new RegExp("^\\*\\*(?:" + anyLanguage("score") +
    "): (-?\\d+(?:\\.\\d+)?)\\/(\\d+(?:\\.\\d+)?)\\*\\*$");
  // "Persona tactics: 30/40 (used 3 of 4: ...)"; the detail may itself hold brackets.
  var SCORE_PART = /^(.+?): (-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)(?: \((.*)\))?$/;

  function isScorecard(text) {
    return SCORECARD_TITLE.test(String(text).split("\n")[0].trim());
  }

  // Fill of a bar in percent, clamped, and a band for its colour.
  function fill(points, max) {
    var ratio = max > 0 ? points / max : 0;
    var percent = Math.max(0, Math.min(100, Math.round(ratio * 1000) / 10));
    var band = ratio >= 0.8 ? "high" : ratio >= 0.5 ? "mid" : "low";
    return { percent: percent, band: band };
  }

  function bar(points, max) {
    var f = fill(points, max);
    return '<span class="bar bar-' + f.band + '" aria-hidden="true">' +
      '<span class="bar-fill" style="width: ' + f.percent + '%"></span></span>';
  }

  // A scorecard: title bar, big total with a meter, one row per score part; every other
  // line (Outcome, Next time and its list) is ordinary markup, rendered in order.
  function renderScorecard(text) {
    var lines = parseLines(text);
    var title = SCORECARD_TITLE.exec(lines[0].text)[1];
    var html = ['<div class="scorecard-title">' + inline(title) + "</div>", '<div class="scorecard-body">'];
    var pending = []; // ordinary lines waiting to be rendered together
    var partsOpen = false;

    function flush() {
      if (partsOpen) { html.push("</div>"); partsOpen = false; }
      if (pending.length) { html.push(renderLines(pending)); pending = []; }
    }

    lines.slice(1).forEach(function (line) {
      var total = line.kind === "text" && SCORE_TOTAL.exec(line.text);
      var part = line.kind === "bullet" && SCORE_PART.exec(line.text);
      if (total) {
        flush();
        var points = parseFloat(total[1]), max = parseFloat(total[2]);
        html.push('<div class="score-total" data-points="' + points + '" data-max="' + max + '">' +
          '<span class="score-label">' + escapeHtml(t("score")) + '</span>' +
          '<span class="score-figure"><span class="score-points">' + escapeHtml(total[1]) +
          '</span><span class="score-max">/' + escapeHtml(total[2]) + "</span></span>" +
          bar(points, max) + "</div>");
      } else if (part) {
        if (pending.length) flush();
        if (!partsOpen) { html.push('<div class="score-parts">'); partsOpen = true; }
        var got = parseFloat(part[2]), of = parseFloat(part[3]);
        html.push('<div class="score-part" data-points="' + got + '" data-max="' + of + '">' +
          '<span class="part-label">' + inline(part[1]) + "</span>" +
          bar(got, of) +
          '<span class="part-figure">' + escapeHtml(part[2] + "/" + part[3]) + "</span>" +
          (part[4] !== undefined ? '<span class="part-detail">' + inline(part[4]) + "</span>" : "") +
          "</div>");
      } else if (line.kind === "continuation" && partsOpen) {
        // A wrapped detail under a score part: keep it with that row.
        html.push('<div class="part-detail part-more">' + inline(line.text) + "</div>");
      } else {
        if (partsOpen) { html.push("</div>"); partsOpen = false; }
        pending.push(line);
      }
    });
    flush();
    html.push("</div>");
    return html.join("");
  }

  var CUSTOMER = new RegExp("^(" + anyLanguage("customer") + "): ");

  // A coach text message -> the classes for its bubble and the HTML inside it.
  function renderBotText(text) {
    text = String(text);
    if (isScorecard(text)) {
      return { classes: ["scorecard"], html: renderScorecard(text) };
    }
    var customer = CUSTOMER.exec(text);
    if (customer) {
      // In a role-play the coach speaks as the customer: label it so it's clear who talks,
      // in the reply's own words ("Customer:", "Cliente:").
      var label = '<strong class="speaker">' + escapeHtml(customer[1]) + ":</strong>";
      var html = renderMarkdown(text.replace(CUSTOMER, ""))
        .replace(/^<p>/, "<p>" + label + " ");
      if (html.indexOf('class="speaker"') < 0) {
        html = "<p>" + label + "</p>" + html;
      }
      return { classes: ["customer"], html: html };
    }
    return { classes: [], html: renderMarkdown(text) };
  }

  // A tip's details (steps, why it works, every source) as sections that expand in the
  // same bubble: the first answer stays short and the rest is one click away, no round trip.
  function renderTipDetails(details) {
    if (!Array.isArray(details)) return "";
    var html = details.filter(function (d) {
      return d && typeof d.title === "string" && typeof d.text === "string";
    }).map(function (d) {
      var part = /^[a-z]+$/.test(d.part) ? d.part : "detail";
      return '<details class="tip-detail" data-part="' + part + '"><summary>' +
        escapeHtml(d.title) + '</summary><div class="tip-detail-body">' +
        renderMarkdown(d.text) + "</div></details>";
    });
    return html.length ? '<div class="tip-details">' + html.join("") + "</div>" : "";
  }

  // Only pictures we can show safely: inline data images or http(s) URLs.
  function safeImageSrc(src) {
    if (typeof src !== "string") return null;
    if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/.test(src)) return src;
    if (/^https?:\/\//i.test(src)) return src;
    return null;
  }

  var api = {
    escapeHtml: escapeHtml, inline: inline, parseLines: parseLines, renderLines: renderLines,
    renderMarkdown: renderMarkdown, isScorecard: isScorecard, renderScorecard: renderScorecard,
    renderBotText: renderBotText, safeImageSrc: safeImageSrc, renderTipDetails: renderTipDetails,
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") return; // under node: rendering only

  // ---------------------------------------------------------------- the page

  var STORAGE_KEY = "salesCoachSession";
  var TYPING_TIMEOUT_MS = 15000;
  // The server reads at most 5,200 characters (a draft review) and says so when it cuts.
  var MAX_CHARS = 20000;

  var el = {};
  var socket = null;
  var ready = false; // connected and the server has confirmed our session
  var typingTimer = null;
  var welcomed = false;

  // localStorage can throw (private mode, storage disabled): the chat still works, the
  // trainee just isn't remembered after a reload.
  function storedSession() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }
  function storeSession(id) {
    try { window.localStorage.setItem(STORAGE_KEY, id); } catch (e) { /* not remembered */ }
  }
  function forgetSession() {
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing stored */ }
  }


  function initialLanguage() {
    var stored = null;
    try { stored = window.localStorage.getItem(LANGUAGE_KEY); } catch (e) { /* not stored */ }
    if (stored && UI[stored]) return stored;
    var wanted = (navigator.languages && navigator.languages.length) ? navigator.languages
      : [navigator.language || "en"];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i] || "").slice(0, 2).toLowerCase();
      if (UI[code]) return code;
    }
    return "en";
  }

  // Every element marked data-i18n (text) or data-i18n-<attribute> gets its words.
  function applyLanguage(code, remember) {
    if (!UI[code]) return;
    lang = code;
    document.documentElement.setAttribute("lang", code);
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    ["title", "placeholder", "aria-label"].forEach(function (attribute) {
      var marked = document.querySelectorAll("[data-i18n-" + attribute + "]");
      Array.prototype.forEach.call(marked, function (node) {
        node.setAttribute(attribute, t(node.getAttribute("data-i18n-" + attribute)));
      });
    });
    if (el.status) el.status.textContent = t(el.status.getAttribute("data-label") || "connecting");
    if (remember) {
      try { window.localStorage.setItem(LANGUAGE_KEY, code); } catch (e) { /* not remembered */ }
    }
  }

  function socketPath() {
    var meta = document.querySelector('meta[name="socketio-path"]');
    var path = meta && meta.getAttribute("content");
    // Unreplaced placeholder (page opened from disk): fall back to the server's default.
    return path && path.indexOf("{{") < 0 ? path : "/webchat/socket.io";
  }

  // Keep the newest message in view, unless the trainee scrolled up to read: callers
  // check atEnd() before adding a message and scroll only if it was true.
  function atEnd() {
    var s = el.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }
  function scrollToEnd() {
    el.scroller.scrollTop = el.scroller.scrollHeight;
  }

  function addMessage(role, classes) {
    var msg = document.createElement("div");
    msg.className = ["msg", role].concat(classes || []).join(" ");
    msg.setAttribute("data-role", role); // who speaks is announced by CSS (::before), not text
    el.messages.appendChild(msg);
    return msg;
  }

  function addUserMessage(text) {
    var msg = addMessage("user");
    var body = document.createElement("div");
    body.className = "msg-body";
    body.textContent = text; // never parsed as markup; CSS keeps the line breaks
    msg.appendChild(body);
    scrollToEnd(); // the trainee just sent it: always show it
  }

  function addBotMessage(data) {
    var msg;
    var stick = atEnd();
    if (data && typeof data.text === "string") {
      var rendered = renderBotText(data.text);
      msg = addMessage("bot", rendered.classes);
      var body = document.createElement("div");
      body.className = "msg-body";
      body.innerHTML = rendered.html; // built from escaped text only (see renderBotText)
      msg.appendChild(body);
      if (data.tip && Array.isArray(data.tip.details)) {
        body.insertAdjacentHTML("beforeend", renderTipDetails(data.tip.details)); // escaped too
      }
    }
    var attachment = data && data.attachment;
    if (attachment && attachment.type === "image" && attachment.payload) {
      var src = safeImageSrc(attachment.payload.src);
      if (src) {
        msg = msg || addMessage("bot", ["image"]);
        var img = document.createElement("img");
        img.className = "chart";
        img.alt = t("chart");
        img.src = src;
        img.addEventListener("load", function () { if (stick) scrollToEnd(); });
        msg.appendChild(img);
      }
    }
    if (msg && data && Array.isArray(data.quick_replies) && data.quick_replies.length) {
      msg.appendChild(quickReplies(data.quick_replies));
    }
    if (msg && stick) scrollToEnd();
  }

  function quickReplies(replies) {
    var box = document.createElement("div");
    box.className = "quick-replies";
    replies.forEach(function (reply) {
      if (!reply || typeof reply.payload !== "string") return;
      var title = typeof reply.title === "string" && reply.title ? reply.title : reply.payload;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.setAttribute("data-payload", reply.payload);
      button.textContent = title;
      button.addEventListener("click", function () {
        // Show what the trainee chose (the title), send what the bot understands (payload);
        // then lock this message's buttons so an old choice can't be sent twice.
        if (!send(reply.payload, title)) return;
        Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = true; });
        button.classList.add("chosen");
      });
      box.appendChild(button);
    });
    return box;
  }

  // Earlier messages, shown again after a reload; their buttons are spent.
  function showHistory(items) {
    var spoken = null;  // the language of the last reply that says one
    items.forEach(function (item) {
      if (!item) return;
      if (item.role === "bot" && typeof item.language === "string" && UI[item.language]) {
        spoken = item.language;
      }
      if (item.role === "user" && typeof item.text === "string") addUserMessage(item.text);
      else if (item.role === "bot") addBotMessage(item);
      var msg = el.messages.lastElementChild;
      if (msg) msg.classList.add("history");
    });
    Array.prototype.forEach.call(el.messages.querySelectorAll(".history button"), function (b) {
      b.disabled = true;
    });
    if (spoken && spoken !== lang) applyLanguage(spoken, true);
    var note = document.createElement("p");
    note.className = "history-note";
    note.textContent = t("history");
    el.messages.insertBefore(note, el.messages.firstChild);
    scrollToEnd();
  }

  function showWelcome() {
    if (welcomed || el.messages.querySelector(".msg")) return;
    welcomed = true;
    var msg = addMessage("bot", ["welcome"]);
    var body = document.createElement("div");
    body.className = "msg-body";
    body.textContent = t("welcome");
    msg.appendChild(body);
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    el.typing.hidden = !on;
    // Don't wait forever for a reply that isn't coming.
    if (on) {
      typingTimer = setTimeout(function () { setTyping(false); }, TYPING_TIMEOUT_MS);
      scrollToEnd();
    }
  }

  // `label` names one of the page's words, so a change of language can redo it.
  function setStatus(state, label) {
    el.status.setAttribute("data-state", state);
    el.status.setAttribute("data-label", label);
    el.status.textContent = t(label);
    ready = state === "connected";
    el.send.disabled = !ready;
  }

  // Send a message: `shown` is what appears in the chat (a button's title), `text` what
  // the server gets. Returns false (nothing sent) while disconnected.
  function send(text, shown) {
    if (!ready || !text) return false;
    var asked = LANGUAGE_PAYLOAD.exec(text);
    if (asked) applyLanguage(asked[1], true);
    addUserMessage(shown || text);
    socket.emit("user_uttered", { message: text.slice(0, MAX_CHARS) });
    setTyping(true);
    return true;
  }

  function sendComposer() {
    var text = el.composer.value;
    if (!text.trim()) return;
    if (send(text)) {
      el.composer.value = "";
      autoGrow();
    }
    el.composer.focus();
  }

  // The textarea grows with its content up to a cap (CSS max-height), then scrolls.
  function autoGrow() {
    el.composer.style.height = "auto";
    el.composer.style.height = el.composer.scrollHeight + "px";
  }

  function connect() {
    if (typeof window.io !== "function") {
      setStatus("error", "noLibrary");
      return;
    }
    socket = window.io({
      path: socketPath(),
      // Websocket only: one connection stays on one server process, so the chat works
      // behind several workers or replicas without sticky sessions (channels/webchat.py).
      transports: ["websocket"],
    });
    socket.on("connect", function () {
      // On every (re)connect: show the server the session it issued us (a signed value we
      // only store), so replies reach this trainee. Anything else gets a new session.
      socket.emit("session_request", { session_id: storedSession() });
    });
    socket.on("history", function (items) {
      // Sent before session_confirm to a returning trainee. Only a fresh page shows it;
      // after a mere reconnect the messages are already on screen.
      if (!Array.isArray(items) || el.messages.querySelector(".msg")) return;
      showHistory(items);
    });
    socket.on("session_confirm", function (id) {
      if (typeof id === "string" && id) storeSession(id);
      else if (id && typeof id.session_id === "string") storeSession(id.session_id);
      setStatus("connected", "connected");
      showWelcome();
    });
    socket.on("bot_uttered", function (data) {
      setTyping(false);
      // A reply that says its language (data.language) moves the page's words with it.
      if (data && typeof data.language === "string" && UI[data.language] && data.language !== lang) {
        applyLanguage(data.language, true);
      }
      addBotMessage(data);
    });
    socket.on("disconnect", function (reason) {
      setTyping(false);
      setStatus("reconnecting", "reconnecting");
      // The client only retries by itself when the server didn't close on purpose.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", function () {
      // The client retries by itself unless the server refused us (socket.active false).
      if (!socket.active) setTimeout(function () { socket.connect(); }, 5000);
      setStatus("reconnecting", ready ? "reconnecting" : "unreachable");
    });
  }

  function init() {
    el.messages = document.getElementById("messages");
    el.scroller = document.getElementById("scroller");
    el.typing = document.getElementById("typing");
    el.status = document.getElementById("status");
    el.composer = document.getElementById("composer");
    el.send = document.getElementById("send");
    el.newTrainee = document.getElementById("new-trainee");
    el.form = document.getElementById("composer-form");

    el.form.addEventListener("submit", function (event) {
      event.preventDefault();
      sendComposer();
    });
    el.composer.addEventListener("keydown", function (event) {
      // Enter sends, Shift+Enter is a new line; not while an IME is composing a word.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendComposer();
      }
    });
    el.composer.addEventListener("input", autoGrow);
    el.newTrainee.addEventListener("click", function () {
      var sure = window.confirm(t("newTraineeConfirm"));
      if (!sure) return;
      forgetSession();
      window.location.reload();
    });

    applyLanguage(initialLanguage(), false);
    setStatus("connecting", "connecting");
    connect();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
