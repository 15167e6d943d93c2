/* The service worker of offline entry (core/offline.py, docs/adr/0010-offline-entry.md), built with Workbox.
   - The static files the data pages need are precached (CONFIG.precache); other static files are kept as they are
     first fetched. Static files hold no figures, so they share one cache.
   - The worklist and the grids (pages that carry the user header) are fetched from the network first and kept in
     a cache named after the user who fetched them; offline, the kept page is served. Keeping a page of one user
     deletes the pages kept for any other, so a second user never reads the first one's figures.
   - A page may ask the worker to keep more pages ({type: "keep", urls}): the worklist asks for the grids of the
     year, so they open offline without having been visited.
   Edits typed offline are not the worker's business: the page keeps them in IndexedDB (static/js/offline.js). */
"use strict";
const CONFIG = {{ config|safe }};
importScripts(CONFIG.workbox);
self.workbox.setConfig({ debug: false, modulePathCb: (name) => CONFIG.modules[name] });
const { precacheAndRoute, cleanupOutdatedCaches } = self.workbox.precaching;
const { registerRoute } = self.workbox.routing;
const { CacheFirst } = self.workbox.strategies;

const PAGES = "bdg-pages-";
const pagesOf = (user) => `${PAGES}${user}-v${CONFIG.version}`;

async function forgetOthers(user) {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(PAGES) && name !== pagesOf(user)).map((name) => caches.delete(name))
  );
}

async function fromKept(url) {
  const names = (await caches.keys()).filter((name) => name.startsWith(PAGES));
  for (const name of names) {
    const cache = await caches.open(name);
    const found = await cache.match(url);
    if (found) return found;
  }
  return undefined;
}

async function keep(url, response) {
  const user = response.headers.get(CONFIG.userHeader);
  if (!response.ok || response.redirected || !user) return false;
  await forgetOthers(user);
  const cache = await caches.open(pagesOf(user));
  await cache.put(url, response);
  return true;
}

async function networkFirst({ request, url }) {
  try {
    const response = await fetch(request);
    await keep(url.href, response.clone());
    return response;
  } catch (error) {
    const kept = await fromKept(url.href);
    return kept || new Response(CONFIG.offlinePage, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

precacheAndRoute(CONFIG.precache);
cleanupOutdatedCaches();
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(CONFIG.static),
  new CacheFirst({ cacheName: "bdg-static" })
);
registerRoute(
  ({ request, url }) =>
    request.mode === "navigate" && url.origin === self.location.origin && url.pathname.startsWith(CONFIG.scope),
  networkFirst
);

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const port = event.ports && event.ports[0];
  event.waitUntil(
    (async () => {
      let kept = 0;
      for (const raw of data.urls) {
        const url = new URL(raw, self.location.origin);
        if (url.origin !== self.location.origin || !url.pathname.startsWith(CONFIG.scope)) continue;
        try {
          const response = await fetch(url.href, { credentials: "same-origin", redirect: "follow" });
          if (await keep(url.href, response)) kept += 1;
        } catch (error) {
          break; // the connection went: what is kept so far stays kept
        }
        if (port) port.postMessage({ type: "progress", kept, total: data.urls.length });
      }
      if (port) port.postMessage({ type: "done", kept, total: data.urls.length });
    })()
  );
});

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
