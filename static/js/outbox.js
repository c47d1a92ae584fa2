/* global idb */
// The outbox: records made on this phone without a connection wait here (IndexedDB, one list per user) and send
// themselves when the connection returns: on the "online" event, on every page load, every minute while some wait,
// and with "Send now". Each keeps the form's submission token, so a repeat is answered with what the first send
// created and nothing is stored twice; photos follow the record, one by one, each with its own token.
//
// A session that ended keeps everything queued and asks the user to log in again; a record the server refuses
// (a field to correct) stays in the list until it is opened in its form or discarded. The navbar's badge says how
// many wait. static/js/offline-form.js puts records here (window.tpbisOutbox.keep).
(function () {
  "use strict";

  const script = document.getElementById("outbox-script");
  if (!script || !window.indexedDB || !window.idb || !window.fetch) return;

  const user = script.dataset.user;
  const RETRY_EVERY = 60000;
  const SENT_KEPT = 20;
  const REQUEST_TIMEOUT = 180000;
  const $ = (selector) => document.querySelector(selector);
  const show = (element, visible) => element && element.classList.toggle("d-none", !visible);
  const format = (template, values) =>
    (template || "").replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
  const when = (time) => {
    try {
      const style = { dateStyle: "medium", timeStyle: "short" };
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, style).format(new Date(time));
    } catch (error) {
      return new Date(time).toLocaleString();
    }
  };

  const database = idb.openDB("tpbis-outbox", 1, {
    upgrade(db) {
      db.createObjectStore("waiting", { keyPath: "id", autoIncrement: true }).createIndex("user", "user");
      db.createObjectStore("sent", { keyPath: "id", autoIncrement: true }).createIndex("user", "user");
    },
  });

  async function waiting() {
    return (await database).getAllFromIndex("waiting", "user", user);
  }

  async function sent() {
    return (await database).getAllFromIndex("sent", "user", user);
  }

  async function save(entry) {
    return (await database).put("waiting", entry);
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function post(url, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT);
    try {
      // The form's own CSRF field may be older than the session (a page kept offline): the cookie is current.
      return await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrfToken() },
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function answer(response) {
    if (response.status === 401 || (response.redirected && response.url.includes(script.dataset.loginUrl))) {
      return { login: true };
    }
    if (!(response.headers.get("Content-Type") || "").includes("application/json")) {
      // A refused form token (a new session since the page was kept) also needs a fresh login.
      return response.status === 403 ? { login: true } : { retry: true };
    }
    try {
      return await response.json();
    } catch (error) {
      return { retry: true };
    }
  }

  function messages(errors) {
    return Object.values(errors || {})
      .flat()
      .map((error) => error.message || error)
      .join(" ");
  }

  async function sendPhotos(entry, photoUrl) {
    for (const photo of entry.photos) {
      if (photo.done) continue;
      const body = new FormData();
      body.append("client_token", photo.token);
      body.append("image", photo.blob, photo.name);
      let data;
      try {
        data = await answer(await post(photoUrl, body));
      } catch (error) {
        return "offline";
      }
      if (data.login) return "login";
      if (data.ok) photo.done = true;
      else if (data.errors) {
        // The photo itself was refused (not an image, too large): sending it again will not help.
        photo.done = true;
        entry.problems.push(`${photo.name}: ${messages(data.errors)}`);
      } else return "retry";
      await save(entry);
    }
    return "done";
  }

  async function sendOne(entry) {
    const body = new FormData();
    entry.fields.forEach(([name, value]) => body.append(name, value));
    let data;
    try {
      data = await answer(await post(entry.url, body));
    } catch (error) {
      return "offline";
    }
    if (data.login) return "login";
    if (data.errors) {
      entry.state = "rejected";
      entry.error = messages(data.errors);
      await save(entry);
      return "rejected";
    }
    const url = data.url;
    if (!url || !(data.ok || data.locked)) return "retry";
    if (entry.photos.length && data.photo_url) {
      const photos = await sendPhotos(entry, data.photo_url);
      if (photos !== "done") return photos;
    }
    const db = await database;
    await db.add("sent", { user, label: entry.label, url, sent: Date.now(), problems: entry.problems });
    await db.delete("waiting", entry.id);
    const old = (await sent()).sort((a, b) => b.sent - a.sent).slice(SENT_KEPT);
    await Promise.all(old.map((item) => db.delete("sent", item.id)));
    return "sent";
  }

  let flushing = null;

  async function flushNow() {
    for (const entry of await waiting()) {
      if (entry.state === "rejected") continue;
      entry.state = "sending";
      await save(entry);
      await render();
      const outcome = await sendOne(entry);
      if (outcome === "sent" || outcome === "rejected") continue;
      entry.state = outcome === "login" ? "login" : "waiting";
      entry.attempts = (entry.attempts || 0) + 1;
      await save(entry);
      break; // no connection, no session or a server in trouble: the others wait too
    }
  }

  function flush() {
    if (!flushing) {
      const run = () => flushNow().catch(() => undefined);
      // One tab at a time sends (the tokens would make a double send harmless, but not free).
      flushing = (navigator.locks ? navigator.locks.request("tpbis-outbox", run) : run()).finally(() => {
        flushing = null;
        render();
      });
    }
    return flushing;
  }

  // ---- what the user sees --------------------------------------------------------------------------------------

  async function renderBadge(entries) {
    const badge = $(".js-outbox-badge");
    if (badge) {
      badge.querySelector(".js-outbox-count").textContent = String(entries.length);
      show(badge, entries.length > 0);
    }
    show($(".js-outbox-login"), entries.some((entry) => entry.state === "login"));
  }

  function item(children, className) {
    const li = document.createElement("li");
    li.className = `list-group-item ${className || ""}`;
    li.append(...children);
    return li;
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  async function renderList(entries) {
    const list = $(".js-outbox-list");
    if (!list) return;
    const msg = list.dataset;
    const states = { waiting: msg.msgWaiting, sending: msg.msgSending, login: msg.msgLogin, rejected: msg.msgRejected };
    if (!entries.length) {
      list.replaceChildren(item([text("span", msg.msgEmpty)], "text-body-secondary"));
    } else {
      list.replaceChildren(
        ...entries.map((entry) => {
          const parts = [text("div", entry.label, "fw-semibold")];
          const details = [when(entry.created), states[entry.state] || states.waiting];
          if (entry.photos.length) details.push(format(msg.msgPhotos, { n: entry.photos.length }));
          parts.push(text("div", details.join(" · "), "small text-body-secondary"));
          if (entry.error) parts.push(text("div", entry.error, "small text-danger"));
          const actions = document.createElement("div");
          actions.className = "d-flex flex-wrap gap-2 mt-2";
          if (entry.state === "rejected") {
            const open = text("button", msg.msgOpen, "btn btn-sm btn-outline-primary");
            open.type = "button";
            open.addEventListener("click", () => reopen(entry));
            actions.append(open);
          }
          const discard = text("button", msg.msgDiscard, "btn btn-sm btn-outline-danger");
          discard.type = "button";
          discard.addEventListener("click", async () => {
            if (!window.confirm(msg.msgConfirmDiscard)) return;
            await (await database).delete("waiting", entry.id);
            render();
          });
          actions.append(discard);
          parts.push(actions);
          return item(parts);
        })
      );
    }
    const done = $(".js-outbox-sent");
    if (done) {
      const items = (await sent()).sort((a, b) => b.sent - a.sent);
      done.replaceChildren(
        ...(items.length
          ? items.map((entry) => {
              const link = text("a", entry.label);
              link.href = entry.url;
              const parts = [link, text("div", when(entry.sent), "small text-body-secondary")];
              entry.problems.forEach((problem) => parts.push(text("div", problem, "small text-danger")));
              return item(parts);
            })
          : [item([text("span", done.dataset.msgEmpty)], "text-body-secondary")])
      );
    }
  }

  async function render() {
    try {
      const entries = (await waiting()).sort((a, b) => a.created - b.created);
      await renderBadge(entries);
      await renderList(entries);
    } catch (error) {
      /* storage unavailable: nothing to show */
    }
  }

  function reopen(entry) {
    // The form opens with what was typed (static/js/offline-form.js restores its draft) and its errors on sending.
    try {
      window.localStorage.setItem(entry.draftKey, JSON.stringify({ saved: Date.now(), data: entry.draft }));
    } catch (error) {
      return;
    }
    database.then((db) => db.delete("waiting", entry.id)).then(() => window.location.assign(entry.formUrl));
  }

  // ---- submission tokens ---------------------------------------------------------------------------------------
  // A page kept on the phone carries the token of its first showing: a record already made with it would answer
  // every later send, so a form whose token was used gets a new one.

  const USED_TOKENS = "tpbis:used-tokens";

  function usedTokens() {
    try {
      return JSON.parse(window.localStorage.getItem(USED_TOKENS) || "[]");
    } catch (error) {
      return [];
    }
  }

  function markUsed(token) {
    if (!token) return;
    const tokens = usedTokens().filter((item) => item !== token);
    tokens.push(token);
    try {
      window.localStorage.setItem(USED_TOKENS, JSON.stringify(tokens.slice(-200)));
    } catch (error) {
      /* storage unavailable: a kept page may repeat a token, which the server answers, never duplicates */
    }
  }

  function newToken() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  const tokenOf = (form) => (form.elements.client_token && form.elements.client_token.value) || "";

  function freshToken(form) {
    if (tokenOf(form) && usedTokens().includes(tokenOf(form))) form.elements.client_token.value = newToken();
  }

  // ---- taking records in ---------------------------------------------------------------------------------------

  function label(form) {
    const heading = document.querySelector("main h1");
    const named = form.dataset.queueTitle && form.elements[form.dataset.queueTitle];
    const first = named || Array.from(form.elements).find((el) => el.type === "text" && el.name && el.value);
    const title = first && first.value ? `: ${first.value}` : "";
    return `${heading ? heading.textContent.trim() : document.title}${title}`;
  }

  async function keep(form, { button, files, shrink, draft, draftKey }) {
    // The form's fields as the server expects them (its CSRF field is replaced by the cookie's when sent).
    const fields = [];
    new FormData(form).forEach((value, name) => {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    if (button && button.name) fields.push([button.name, button.value]);
    const token = tokenOf(form) || String(Date.now());
    const photos = [];
    for (let index = 0; index < files.length; index += 1) {
      photos.push({ blob: await shrink(files[index]), name: files[index].name, token: `${token}-${index}` });
    }
    await add({
      url: form.action || window.location.href,
      label: label(form),
      fields,
      photos,
      draft,
      draftKey,
      formUrl: window.location.pathname + window.location.search,
    });
    markUsed(token);
    try {
      window.sessionStorage.setItem("tpbis:queued", "1");
    } catch (error) {
      /* no confirmation banner */
    }
  }

  async function add(entry) {
    const id = await save({
      ...entry,
      user,
      state: "waiting",
      created: Date.now(),
      attempts: 0,
      problems: [],
      photos: (entry.photos || []).map((photo) => ({ ...photo, done: false })),
    });
    await render();
    return id;
  }

  window.tpbisOutbox = {
    keep,
    flush,
    freshToken,
    tokenUsed: (form) => markUsed(tokenOf(form)),
    url: script.dataset.outboxUrl,
  };

  window.addEventListener("online", () => flush());
  const sendButton = $(".js-outbox-send");
  if (sendButton) sendButton.addEventListener("click", () => flush());
  try {
    if (window.sessionStorage.getItem("tpbis:queued")) {
      window.sessionStorage.removeItem("tpbis:queued");
      show($(".js-outbox-queued"), true);
    }
  } catch (error) {
    /* no session storage: no confirmation banner */
  }
  render().then(() => {
    if (navigator.onLine) flush();
  });
  setInterval(() => {
    if (navigator.onLine) waiting().then((entries) => entries.length && flush());
  }, RETRY_EVERY);
})();
