// Offline support for this app and nothing else on the origin. Network first (so a new
// release is picked up at once), cache when offline. Navigations inside the app fall back to
// the cached index.html, so reloading any route works offline and on hosts without SPA
// fallback.
//
// It minds its own scope: scripts/build.sh writes the build's id and the list of the app's
// own build files below. Only those files are cached (never an API response or a page of
// another app under the same origin), never a response marked `no-store` or `private`,
// matched with their exact query; and only caches this worker made (its prefix, its scope)
// are ever deleted. The user's data never passes through here.
const BUILD = 'dev'; // scripts/build.sh: a hash of the build's files
const FILES = ['./']; // scripts/build.sh: the app's own build files, relative to the scope
const PREFIX = 'jornada-app-';
const SCOPE = new URL(self.registration.scope);
// Two copies of the app at two sub-paths of one origin keep two caches.
const MINE = (name) => name.startsWith(PREFIX) && name.endsWith(`@${SCOPE.pathname}`);
const CACHE = `${PREFIX}${BUILD}@${SCOPE.pathname}`;
const OWN = new Set(FILES.map((f) => new URL(f, SCOPE).href));

/** Whether a response may be kept: a 200 without `no-store` or `private`. */
function keepable(res) {
  if (!res || res.status !== 200 || res.type === 'opaque') return false;
  const cc = (res.headers.get('cache-control') || '').toLowerCase();
  return !/\b(no-store|private)\b/.test(cc);
}

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(FILES.map(async (name) => {
    try {
      // Hashed names never change content: the copy the page just loaded will do.
      const hashed = /-[0-9a-f]{16}[._]/.test(name);
      const res = await fetch(new URL(name, SCOPE), { cache: hashed ? 'force-cache' : 'no-cache' });
      if (keepable(res)) await cache.put(new URL(name, SCOPE), res);
    } catch (_) { /* offline during install: cached on first use instead */ }
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (MINE(key) && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const navigate = req.mode === 'navigate';
  // The app's own files, matched with their query; everything else is the network's alone.
  const own = OWN.has(url.href);
  if (!own && !navigate) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const index = new URL('./', SCOPE).href;
    try {
      const res = await fetch(req);
      if (own && keepable(res)) await cache.put(req, res.clone());
      else if (navigate && url.href === index && keepable(res)) await cache.put(index, res.clone());
      if (res.status === 404 && navigate) {
        const shell = await cache.match(index);
        if (shell) return shell;
      }
      return res;
    } catch (err) {
      if (navigate) {
        const shell = await cache.match(index);
        if (shell) return shell;
      }
      const hit = own ? await cache.match(req) : undefined;
      if (hit) return hit;
      throw err;
    }
  })());
});
