// Starts the app. A separate file (not inline) so the page's CSP can forbid inline scripts.
// Trunk writes the hashed module and wasm names into this tag's attributes.
//
// index.html carries the start page as static markup (#boot-shell, put in the user's language
// by shell.js before the first paint). Only after that first paint does this script fetch and
// start the app, which replaces the shell with the same markup (`start` in src/lib.rs).

// The shell on screen first, then the app: its 400 KB of wasm must not compete with the first
// paint on a slow connection. Waits for the first contentful paint to be reported; a tab opened
// in the background paints nothing until shown, so it starts at once, and a browser that
// reports no paint gets the app after 3 s at worst.
await new Promise((painted) => {
  if (document.visibilityState === 'hidden') return painted();
  let observer;
  const timer = setTimeout(go, 3000);
  function go() {
    clearTimeout(timer);
    observer?.disconnect();
    painted();
  }
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length) go();
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch (_) {
    requestAnimationFrame(() => setTimeout(go, 0)); // no paint timing: after the next frame
  }
});
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(new URL(tag.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });

// The offline service worker (public/sw.js), once the app runs: its precache (the engine worker
// included) must not compete with the app's own download, nor serve it before it is installed.
navigator.serviceWorker?.register('./sw.js').catch(() => {});
