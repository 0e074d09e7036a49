// Offline support: a same-origin cache of the app's own files. Network first (so a new
// release is picked up at once), cache when offline. Navigations inside the app fall back to
// the cached index.html, so reloading any route works offline and on hosts without SPA
// fallback. Only this app's files are cached: the user's data never passes through here.
const CACHE = 'jornada-v1';
const WORKER_FILES = ['jornada-worker_loader.js', 'jornada-worker.js', 'jornada-worker_bg.wasm'];

async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch('./', { cache: 'no-cache' });
  const html = await index.clone().text();
  await cache.put('./', index);
  // Every same-directory asset the page references (hashed js/wasm/css, boot.js, icons).
  const refs = new Set(WORKER_FILES.concat(['boot.js', 'manifest.webmanifest', 'favicon.svg']));
  // (Files only: the start page's in-app links, ./journey and the like, are routes.)
  for (const m of html.matchAll(/(?:href|src|data-js|data-wasm)="\.\/([^"?#/]+\.[a-z0-9]+)"/g)) refs.add(m[1]);
  await Promise.all([...refs].map(async (name) => {
    try {
      // Hashed names never change content: the copy the page just loaded will do.
      const hashed = /-[0-9a-f]{16}[._]/.test(name);
      const res = await fetch('./' + name, { cache: hashed ? 'force-cache' : 'no-cache' });
      if (res.ok) await cache.put('./' + name, res);
    } catch (_) { /* offline during install: cached on first use instead */ }
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && req.mode !== 'navigate') cache.put(req, res.clone());
      if (res.ok && req.mode === 'navigate' && url.pathname === scope.pathname) cache.put('./', res.clone());
      if (res.status === 404 && req.mode === 'navigate') {
        const index = await cache.match('./');
        if (index) return index;
      }
      return res;
    } catch (err) {
      if (req.mode === 'navigate') {
        const index = await cache.match('./');
        if (index) return index;
      }
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
