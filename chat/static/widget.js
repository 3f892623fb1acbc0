/* The Cantec privacy chat widget: one <script src=".../chat/widget.js" defer> on any page.
 * Dependency-free. Bot text is always inserted as text (textContent), never as HTML; buttons are
 * real <button>s; new bot messages are announced by an aria-live log; the conversation is kept in
 * sessionStorage (survives a reload, not the closing of the tab); network errors are retried and
 * announced. Optional attributes: data-lang="nb|nn|en", data-target="<id of the element to fill>". */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src).href.replace(/\/$/, "");
  var KEY = "personvern-chat";
  var TEXT = {
    nb: { title: "Chat om personvern", language: "Språk", label: "Skriv meldingen din", send: "Send",
          region: "Chat med Cantecs personvernassistent", offline: "Mistet forbindelsen. Prøver igjen …",
          failed: "Fikk ikke kontakt. Prøv igjen om litt, eller skriv til personvern@cantec.no.",
          restarted: "Samtalen ble startet på nytt.", you: "Du", bot: "Assistenten" },
    nn: { title: "Chat om personvern", language: "Språk", label: "Skriv meldinga di", send: "Send",
          region: "Chat med personvernassistenten til Cantec", offline: "Mista sambandet. Prøver att …",
          failed: "Fekk ikkje kontakt. Prøv att om litt, eller skriv til personvern@cantec.no.",
          restarted: "Samtalen vart starta på nytt.", you: "Du", bot: "Assistenten" },
    en: { title: "Privacy chat", language: "Language", label: "Type your message", send: "Send",
          region: "Chat with Cantec's privacy assistant", offline: "Connection lost. Trying again …",
          failed: "Could not connect. Try again shortly, or write to personvern@cantec.no.",
          restarted: "The conversation was restarted.", you: "You", bot: "Assistant" }
  };
  var NAMES = { nb: "Bokmål", nn: "Nynorsk", en: "English" };

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (e) { return null; }
  }
  var state = load() || { sender: null, language: script.dataset.lang || document.documentElement.lang || "nb", messages: [] };
  if (!TEXT[state.language]) { state.language = "nb"; }
  function save() { try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ } }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var root = el("section", { "class": "pv-chat" });
  var head = el("div", { "class": "pv-chat-head" });
  var title = el("h2", { id: "pv-chat-title" });
  var langLabel = el("label", { "for": "pv-chat-language" });
  var langSelect = el("select", { id: "pv-chat-language" });
  Object.keys(NAMES).forEach(function (code) {
    var option = el("option", { value: code, lang: code }, NAMES[code]);
    langSelect.appendChild(option);
  });
  var log = el("div", { "class": "pv-chat-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                        tabindex: "0" });
  var status = el("p", { "class": "pv-chat-status", role: "status" });
  var form = el("form", { "class": "pv-chat-form" });
  var inputLabel = el("label", { "for": "pv-chat-input" });
  var input = el("input", { id: "pv-chat-input", type: "text", autocomplete: "off", maxlength: "2000" });
  var send = el("button", { type: "submit" });
  var langText = el("span");
  head.appendChild(title); langLabel.appendChild(langText); langLabel.appendChild(langSelect); head.appendChild(langLabel);
  form.appendChild(inputLabel); form.appendChild(input); form.appendChild(send);
  root.appendChild(head); root.appendChild(log); root.appendChild(status); root.appendChild(form);

  function words() { return TEXT[state.language]; }
  function relabel() {
    var w = words();
    root.setAttribute("aria-label", w.region); root.setAttribute("lang", state.language);
    title.textContent = w.title; langText.textContent = w.language + " ";
    inputLabel.textContent = w.label; send.textContent = w.send; langSelect.value = state.language;
    log.setAttribute("aria-label", w.title);
  }

  function show(message, stored) {
    if (!stored) {  // a new message: the buttons of earlier ones are answered
      state.messages.forEach(function (m) { if (m.buttons && m.buttons.length) { m.used = true; } });
      Array.prototype.forEach.call(log.querySelectorAll(".pv-buttons button"), function (b) { b.disabled = true; });
    }
    var who = message.from === "user" ? words().you : words().bot;
    var p = el("p", { "class": "pv-msg pv-msg-" + (message.from === "user" ? "user" : "bot") });
    p.appendChild(el("span", { "class": "pv-visually-hidden" }, who + ": "));
    p.appendChild(document.createTextNode(message.text));
    log.appendChild(p);
    if (message.buttons && message.buttons.length) {
      var group = el("div", { "class": "pv-buttons" });
      message.buttons.forEach(function (b) {
        var button = el("button", { type: "button" }, b.title);
        if (message.used) { button.disabled = true; }
        button.addEventListener("click", function () {
          message.used = true; save();
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
          turn(b.payload, b.title);
          input.focus();
        });
        group.appendChild(button);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
    if (!stored) { state.messages.push(message); save(); }
  }

  function post(path, body) {
    return fetch(base + path, { method: "POST", credentials: "include",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }
  function session() {
    return post("/session", {}).then(function (r) {
      if (!r.ok) { throw new Error("session " + r.status); }
      return r.json();
    }).then(function (data) { state.sender = data.sender; save(); return data.sender; });
  }
  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function exchange(text, attempt) {
    var ready = state.sender ? Promise.resolve(state.sender) : session();
    return ready.then(function (sender) {
      return post("/webhook", { sender: sender, message: text, metadata: { language: state.language } });
    }).then(function (r) {
      if (r.status === 403 && attempt === 0) {  // the session is over: start a new one, once
        state.sender = null; status.textContent = words().restarted;
        return exchange(text, 1);
      }
      if (r.status >= 500) { throw new Error("server " + r.status); }
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).catch(function (error) {
      if (attempt >= 3) { throw error; }
      status.textContent = words().offline;
      return wait(1000 * Math.pow(2, attempt)).then(function () { return exchange(text, attempt + 1); });
    });
  }

  var busy = false;
  function turn(text, shown) {
    if (busy || !text.trim()) { return; }
    busy = true; send.disabled = true;
    show({ from: "user", text: shown || text });
    exchange(text, 0).then(function (result) {
      status.textContent = "";
      var replies = result.ok ? result.data : [{ text: result.data.error || words().failed }];
      replies.forEach(function (reply) { show({ from: "bot", text: String(reply.text || ""), buttons: reply.buttons || [] }); });
    }).catch(function () { status.textContent = words().failed; })
      .then(function () { busy = false; send.disabled = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value; input.value = ""; turn(text); input.focus();
  });
  langSelect.addEventListener("change", function () { state.language = langSelect.value; save(); relabel(); });

  function mount() {
    var target = script.dataset.target && document.getElementById(script.dataset.target);
    (target || document.body).appendChild(root);
    relabel();
    state.messages.forEach(function (m) { show(m, true); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mount); } else { mount(); }
})();
