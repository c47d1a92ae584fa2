// The installable app: registers the service worker (served at the site's root) and asks it to keep the pages a
// signed-in user needs offline; signing out makes it forget them. Without service workers the portal works as
// before, online.
(function () {
  "use strict";

  const script = document.getElementById("app-script");
  if (!script || !("serviceWorker" in navigator)) return;
  const user = script.dataset.user || "";
  const pages = (script.dataset.pages || "").split(" ").filter(Boolean);
  const warmedKey = `tpbis:warmed:${user}`;
  const WARM_EVERY = 6 * 3600 * 1000;

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  async function start() {
    try {
      await navigator.serviceWorker.register(script.dataset.worker, { scope: "/" });
      const registration = await navigator.serviceWorker.ready;
      const store = storage();
      const last = Number((store && store.getItem(warmedKey)) || 0);
      if (user && pages.length && navigator.onLine && Date.now() - last > WARM_EVERY && registration.active) {
        registration.active.postMessage({ type: "warm", urls: pages });
      }
    } catch (error) {
      /* no service worker (private window, old browser): the portal still works online */
    }
  }

  navigator.serviceWorker.addEventListener("message", (event) => {
    const store = storage();
    if (event.data && event.data.type === "warmed" && store) {
      store.setItem(warmedKey, String(Date.now()));
      document.documentElement.dataset.offlineReady = "1";
    }
  });

  document.querySelectorAll("form.js-logout").forEach((form) => {
    form.addEventListener("submit", () => {
      const store = storage();
      if (store) store.removeItem(warmedKey);
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "forget" });
    });
  });

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
