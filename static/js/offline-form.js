// Forms that survive a weak connection (progressive enhancement: without this script the form posts normally).
//
// - What is typed is kept in this browser (localStorage) until the server has confirmed it, and is restored
//   when the page is opened again.
// - The form is sent in the background; when the connection fails, nothing is lost and "Send again" repeats
//   it. The hidden submission token makes a repeat return what the first send created, never a copy.
// - Photos go one by one after the record is saved, shrunk on the phone first; a photo that fails is retried
//   and never costs the record.
// - Without a connection (or when the user asks, after a failed send), the record and its photos go to the
//   phone's outbox (static/js/outbox.js), which sends them with the same token once the connection returns.
//   A form opened again from the phone's copy of the page gets a new token, so two records never share one.
(function () {
  "use strict";

  const form = document.querySelector("form.js-offline-form");
  if (!form || !window.fetch || !window.FormData) return;

  const ACTIVITY_TIMEOUT = 45000;
  const PHOTO_TIMEOUT = 180000;
  const SHRINK_ABOVE = 1500000;
  const LONG_SIDE = 2048;

  const $ = (selector) => document.querySelector(selector);
  const ui = {
    restored: $(".js-offline-restored"),
    failed: $(".js-offline-failed"),
    session: $(".js-offline-session"),
    errors: $(".js-form-errors"),
    progress: $(".js-offline-progress"),
    photoFailed: $(".js-photo-failed"),
    photoList: form.querySelector(".js-photo-list"),
  };
  const text = form.dataset;
  const key = form.dataset.draftKey;
  const photoInput = form.dataset.photoField ? form.elements[form.dataset.photoField] : null;
  const submitButtons = Array.from(form.querySelectorAll("button[type=submit]"));
  let lastSubmitter = null;
  let pending = [];

  const show = (element, visible) => element && element.classList.toggle("d-none", !visible);
  const format = (template, values) =>
    (template || "").replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const storage = (function () {
    try {
      window.localStorage.setItem("tpbis:probe", "1");
      window.localStorage.removeItem("tpbis:probe");
      return window.localStorage;
    } catch (error) {
      return null;
    }
  })();

  // ---- keeping what was typed --------------------------------------------------------------------------------

  function fields() {
    return Array.from(form.elements).filter(
      (el) =>
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        !el.disabled &&
        !["file", "submit", "button", "reset"].includes(el.type)
    );
  }

  function snapshot() {
    const data = {};
    fields().forEach((el) => {
      if (el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
      } else if (el.type === "checkbox") {
        data[el.name] = el.checked;
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(data) {
    fields().forEach((el) => {
      if (!(el.name in data)) return;
      const value = data[el.name];
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = Boolean(value);
      else el.value = value;
    });
  }

  function saveDraft() {
    if (!storage || !key) return;
    try {
      storage.setItem(key, JSON.stringify({ saved: Date.now(), data: snapshot() }));
    } catch (error) {
      /* storage full: the form still works */
    }
  }

  function loadDraft() {
    if (!storage || !key) return null;
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function clearDraft() {
    if (storage && key) storage.removeItem(key);
  }

  // ---- showing the state ------------------------------------------------------------------------------------

  function setBusy(busy) {
    submitButtons.forEach((button) => {
      button.disabled = busy;
    });
  }

  function progress(message) {
    if (!ui.progress) return;
    ui.progress.textContent = message || "";
    show(ui.progress, Boolean(message));
  }

  function resetMessages() {
    [ui.failed, ui.session, ui.errors, ui.photoFailed, ui.restored].forEach((el) => show(el, false));
    form.querySelectorAll(".js-error").forEach((el) => el.remove());
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
  }

  function failed() {
    setBusy(false);
    progress("");
    saveDraft();
    show(ui.failed, true);
    ui.failed.scrollIntoView({ block: "center" });
  }

  function showErrors(errors, existingUrl) {
    setBusy(false);
    progress("");
    let first = null;
    const general = [];
    Object.entries(errors).forEach(([name, list]) => {
      const messages = list.map((item) => item.message || item);
      const field = name === "__all__" ? null : form.elements[name];
      const element = field && (field.length && !field.tagName ? field[field.length - 1] : field);
      if (!element) {
        general.push(...messages);
        return;
      }
      const feedback = document.createElement("div");
      feedback.className = "invalid-feedback d-block js-error";
      feedback.textContent = messages.join(" ");
      const wrapper = element.closest(".mb-3") || element.parentElement;
      wrapper.appendChild(feedback);
      (field.length && !field.tagName ? Array.from(field) : [field]).forEach((el) => el.classList.add("is-invalid"));
      first = first || wrapper;
    });
    if (general.length) {
      const item = document.createElement("div");
      item.className = "js-error mt-1";
      item.textContent = general.join(" ");
      if (existingUrl) {
        const link = document.createElement("a");
        link.href = existingUrl;
        link.className = "ms-1";
        link.textContent = text.msgOpenExisting || existingUrl;
        item.appendChild(link);
      }
      ui.errors.appendChild(item);
    }
    show(ui.errors, true);
    (first || ui.errors).scrollIntoView({ block: "center" });
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  function csrfToken() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function post(url, body, timeout) {
    const controller = window.AbortController ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), timeout) : null;
    try {
      return await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrfToken() },
        signal: controller ? controller.signal : undefined,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function readJson(response) {
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) return null;
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  async function send(button) {
    lastSubmitter = button || null;
    resetMessages();
    setBusy(true);
    saveDraft();
    if (outbox() && !navigator.onLine) {
      await queue(button);
      return;
    }
    progress(text.msgSending);
    const body = new FormData(form);
    if (photoInput) body.delete(photoInput.name);
    if (button && button.name) body.append(button.name, button.value);
    let response;
    try {
      response = await post(form.action || window.location.href, body, ACTIVITY_TIMEOUT);
    } catch (error) {
      if (outbox() && !navigator.onLine) await queue(button);
      else failed();
      return;
    }
    if (response.status === 401 || (response.redirected && response.url.includes("/accounts/login/"))) {
      setBusy(false);
      progress("");
      show(ui.session, true);
      return;
    }
    const data = await readJson(response);
    if (!data) {
      failed();
      return;
    }
    if (data.errors) {
      showErrors(data.errors, data.existing_url);
      return;
    }
    if (data.locked && data.url) {
      clearDraft();
      window.location.assign(data.url);
      return;
    }
    if (!data.ok) {
      failed();
      return;
    }
    clearDraft(); // the server has the record: from here on nothing typed can be lost
    if (outbox()) outbox().tokenUsed(form);
    const files = photoInput ? Array.from(photoInput.files) : [];
    if (files.length && data.photo_url) {
      const token = (form.elements.client_token && form.elements.client_token.value) || String(Date.now());
      pending = files.map((file, index) => ({ file, token: `${token}-${index}`, done: false }));
      await sendPhotos(data);
    } else {
      window.location.assign(data.url);
    }
  }

  // ---- the outbox: sent later, by itself (static/js/outbox.js) -------------------------------------------

  function outbox() {
    return window.tpbisOutbox || null;
  }

  async function queue(button) {
    try {
      await outbox().keep(form, {
        button,
        files: photoInput ? Array.from(photoInput.files) : [],
        shrink,
        draft: snapshot(),
        draftKey: key,
      });
    } catch (error) {
      failed(); // the phone could not keep it (storage full): what was typed stays in the form
      return;
    }
    clearDraft();
    window.location.assign(outbox().url);
  }

  // ---- photos -----------------------------------------------------------------------------------------------

  async function shrink(file) {
    // A phone photo of several megabytes takes minutes on one bar of signal; the server keeps 1600 px anyway.
    if (!window.createImageBitmap || file.size < SHRINK_ABOVE || !/^image\/(jpeg|png|webp)$/.test(file.type)) {
      return file;
    }
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      return blob && blob.size < file.size ? blob : file;
    } catch (error) {
      return file;
    }
  }

  async function uploadOne(url, item) {
    const image = await shrink(item.file);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      body.append("client_token", item.token);
      body.append("image", image, item.file.name);
      try {
        const response = await post(url, body, PHOTO_TIMEOUT);
        const data = await readJson(response);
        if (response.ok && data && data.ok) return null;
        if (response.status === 400 && data && data.errors) {
          // The photo itself was refused (not an image, too large): trying again will not help.
          return Object.values(data.errors)
            .flat()
            .map((error) => error.message || error)
            .join(" ");
        }
      } catch (error) {
        /* the connection failed: try again after a pause */
      }
      await sleep(1500 * (attempt + 1));
    }
    return text.msgNetwork || "";
  }

  async function sendPhotos(data) {
    setBusy(true);
    const problems = [];
    for (let index = 0; index < pending.length; index += 1) {
      const item = pending[index];
      if (item.done) continue;
      progress(format(text.msgPhoto, { n: index + 1, total: pending.length }));
      const error = await uploadOne(data.photo_url, item);
      if (error === null) item.done = true;
      else problems.push(format(text.msgPhotoFailed, { name: item.file.name, error }));
    }
    progress("");
    if (!problems.length) {
      window.location.assign(data.url);
      return;
    }
    if (ui.photoList) {
      ui.photoList.replaceChildren(
        ...problems.map((problem) => {
          const li = document.createElement("li");
          li.className = "text-danger";
          li.textContent = problem;
          return li;
        })
      );
    }
    const skip = ui.photoFailed.querySelector(".js-photo-skip");
    if (skip) skip.href = data.url;
    const retry = ui.photoFailed.querySelector(".js-photo-retry");
    if (retry) retry.onclick = () => sendPhotos(data);
    show(ui.photoFailed, true);
    ui.photoFailed.scrollIntoView({ block: "center" });
  }

  function listPhotos() {
    if (!ui.photoList || !photoInput) return;
    const limit = Number(photoInput.dataset.maxBytes || 0);
    ui.photoList.replaceChildren(
      ...Array.from(photoInput.files).map((file) => {
        const li = document.createElement("li");
        li.textContent = `${file.name} (${Math.round(file.size / 1024)} KB)`;
        if (limit && file.size > limit && !window.createImageBitmap) li.className = "text-danger";
        return li;
      })
    );
  }

  // ---- strategy-dependent fields, month pickers -------------------------------------------------------------

  function toggleMediaFields() {
    const chosen = form.querySelector("input[name=strategy]:checked");
    const strategy = chosen ? chosen.value : "";
    const media = form.querySelector(".js-media-fields");
    if (media) show(media, strategy === "media_publication");
    // Fields of some strategies only (data-strategies: a space-separated list).
    form.querySelectorAll(".js-strategy-fields").forEach((group) => {
      show(group, (group.dataset.strategies || "").split(" ").includes(strategy));
    });
  }

  form.querySelectorAll(".js-reload-on-change").forEach((element) => {
    element.addEventListener("change", () => {
      const params = new URLSearchParams();
      ["library", "period"].forEach((name) => {
        const field = form.elements[name];
        if (field && field.value) params.set(name, field.value);
      });
      clearDraft();
      window.location.assign(`${window.location.pathname}?${params.toString()}`);
    });
  });

  // ---- wiring -----------------------------------------------------------------------------------------------

  const draft = loadDraft();
  if (draft && draft.data && !form.querySelector(".is-invalid")) {
    const current = snapshot();
    const differs = Object.keys(draft.data).some(
      (name) => name !== "client_token" && String(draft.data[name]) !== String(current[name])
    );
    if (differs) {
      restore(draft.data);
      show(ui.restored, true);
    }
  }
  if (outbox()) outbox().freshToken(form);
  toggleMediaFields();

  form.addEventListener("input", saveDraft);
  form.addEventListener("change", (event) => {
    saveDraft();
    if (event.target.name === "strategy") toggleMediaFields();
    if (photoInput && event.target === photoInput) listPhotos();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(event.submitter || submitButtons[0]);
  });
  const resend = document.querySelector(".js-offline-resend");
  if (resend) resend.addEventListener("click", () => send(lastSubmitter));
  const later = document.querySelector(".js-offline-queue");
  if (later && outbox()) {
    later.classList.remove("d-none");
    later.addEventListener("click", () => {
      resetMessages();
      setBusy(true);
      queue(lastSubmitter);
    });
  }
  const discard = document.querySelector(".js-offline-discard");
  if (discard) {
    discard.addEventListener("click", () => {
      clearDraft();
      window.location.replace(window.location.href);
    });
  }
})();
