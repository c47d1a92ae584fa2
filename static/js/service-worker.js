/* global workbox */
// The portal's service worker, on Workbox (static/vendor/workbox/). The server writes its configuration first
// (self.TPBIS_APP: foundation/views/app.py).
//
// - The app shell (scripts, styles, icons, the offline page) is precached: the portal opens without a connection.
// - Pages are network-first: the latest when there is a connection, the copy kept from the last visit when there
//   is none; a page never opened shows a kept page of the same address with other filters, else the offline page.
// - Pages a signed-in user needs offline are kept as soon as the app is installed (the page asks: static/js/app.js);
//   signing out forgets every kept page.
// Records made offline are queued by the page itself (static/js/outbox.js), not here.
(function () {
  "use strict";

  const config = self.TPBIS_APP;
  const { core, precaching, routing, strategies, expiration } = workbox;

  core.setCacheNameDetails({ prefix: "tpbis" });
  self.skipWaiting();
  core.clientsClaim();

  precaching.precacheAndRoute(config.precache);
  precaching.cleanupOutdatedCaches();

  const neverCache = (url) => config.neverCache.some((prefix) => url.pathname.startsWith(prefix));

  // Only whole HTML pages answered for this address are kept: not a redirect to the login page, not an error,
  // not a download.
  async function keepable(response) {
    if (!response || response.status !== 200 || response.redirected) return null;
    return (response.headers.get("Content-Type") || "").includes("text/html") ? response : null;
  }

  const pages = new strategies.NetworkFirst({
    cacheName: config.pagesCache,
    networkTimeoutSeconds: 8,
    matchOptions: { ignoreVary: true },
    plugins: [
      { cacheWillUpdate: async ({ response }) => keepable(response) },
      new expiration.ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: 30 * 24 * 3600 }),
    ],
  });

  routing.registerRoute(
    ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && !neverCache(url),
    pages
  );

  routing.setCatchHandler(async ({ request }) => {
    if (request.mode !== "navigate") return Response.error();
    const cache = await caches.open(config.pagesCache);
    const similar = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    return similar || (await precaching.matchPrecache(config.offline)) || Response.error();
  });

  async function warm(urls) {
    const cache = await caches.open(config.pagesCache);
    await Promise.all(
      urls.map(async (url) => {
        try {
          const response = await keepable(
            // a page that now redirects (the session ended) is not followed to the login page, whose new CSRF
            // cookie would replace the one of the login form on screen
            await fetch(url, { credentials: "same-origin", redirect: "manual" })
          );
          if (response) await cache.put(url, response);
        } catch (error) {
          /* no connection: kept on the next visit */
        }
      })
    );
  }

  self.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "warm" && Array.isArray(data.urls)) {
      event.waitUntil(
        warm(data.urls.filter((url) => !neverCache(new URL(url, self.location.origin)))).then(() => {
          if (event.source) event.source.postMessage({ type: "warmed" });
        })
      );
    } else if (data.type === "forget") {
      event.waitUntil(caches.delete(config.pagesCache));
    }
  });
})();
