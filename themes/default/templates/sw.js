// Afterword's service worker, served as `sw.js` at the root of the site: it keeps a copy of
// the site in the browser, so a candidate who visited once can reload a checklist or a
// template offline (on a train). afterword.js registers it, over http(s) only.
//
// The build renders this template last, with `version` (a hash of every other file of the
// build) and `precache` (the URLs of the pages and theme files to keep). A new deploy is a
// new worker with a new cache; the old cache is deleted when the new worker takes over.
// Never a stale mix: theme files are named by their content (`?v=`) and read from the
// cache first; pages come from the network first, from the cache only when it fails; and a
// page is always served with the files of its own build, which the cache keeps beside it.
"use strict";
const VERSION = {{ version | json_encode }};
const PRECACHE = {{ precache | json_encode }};
// An origin may hold several sites, each in its own scope: a worker touches only its own.
const PREFIX = "afterword " + registration.scope + " ";
const CACHE = PREFIX + VERSION;

addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Past the browser's HTTP cache: the copies must be this build's.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
      // Take over at once only when no page of the site is open. An open page was built
      // with the old files; it keeps them (and the old cache) until it is closed.
      const open = await clients.matchAll({ type: "window", includeUncontrolled: true });
      if (!open.some((client) => client.url.startsWith(registration.scope))) {
        await skipWaiting();
      }
    })()
  );
});

addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) {
          await caches.delete(name);
        }
      }
      // Pages open now were loaded before any worker of this site, or by this build.
      await clients.claim();
    })()
  );
});

addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !url.href.startsWith(registration.scope)) {
    return;
  }
  if (url.searchParams.has("v")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    // A page is kept by its path: `?from=home` names the same page.
    event.respondWith(networkFirst(request, url.origin + url.pathname));
  } else if (request.destination) {
    // Images, the manifest and other files a page loads. Requests made by scripts
    // (`fetch`, a live-reload stream) have no destination and are left alone.
    event.respondWith(networkFirst(request, request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  return saved || fetch(request).then((response) => keep(cache, request, response));
}

// The network's answer whenever there is one, even a slow one: a page online is never an
// older copy. The saved copy only when the network fails.
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    return keep(cache, key, await fetch(request));
  } catch (error) {
    return (await cache.match(key)) || Response.error();
  }
}

// Keeps a copy of a complete answer from this site; passes any answer on.
function keep(cache, key, response) {
  if (response.ok && response.type === "basic") {
    cache.put(key, response.clone()).catch(() => {});
  }
  return response;
}
