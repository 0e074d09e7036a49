// The static start page of index.html (#boot-shell), made right before its first paint: this
// classic script runs once the document is parsed and blocks rendering until it has run
// (`defer blocking="render"`), so the page is never painted in the wrong language or route.
// It puts the shell in the user's language (the app's own choice: the saved one, else the
// browser's), shows what the route will show, and keeps files chosen or dropped on the shell
// before the app is ready (the app loads them when it mounts). public/boot.js starts the app.
(function () {
// Views that show "no data loaded" (`EmptyState`) until files are loaded.
const EMPTY_ROUTES = ['mapping', 'journey', 'attraction', 'sales', 'service', 'loyalty', 'why'];

// English texts of the shell (pt-BR is in index.html); a native test checks both against i18n.rs.
const EN = {
  "skip": "Skip to content",
  "app.tagline": "Customer-journey analytics that never leaves your browser",
  "lang.label": "Language",
  "nav.label": "Main navigation",
  "nav.home": "Home",
  "nav.mapping": "Mapping",
  "nav.journey": "Journey",
  "nav.attraction": "Attraction",
  "nav.sales": "Sales",
  "nav.service": "Service",
  "nav.loyalty": "Loyalty",
  "nav.survey": "Surveys",
  "nav.settings": "Settings",
  "start.title": "Analyse your customer data",
  "start.lead": "Drop CSV exports of orders, subscriptions, tickets, surveys, leads, sessions or marketing spend here. Jornada recognises each file and computes the metrics of every journey stage.",
  "start.drop": "Drag and drop one or more files here",
  "start.or": "or",
  "start.pick": "Choose files",
  "start.paste.label": "Paste CSV data (with its header line)",
  "start.paste.button": "Analyse pasted text",
  "start.sample": "Try sample data",
  "start.sample.note": "A fictional company is generated right here in the browser, with no download.",
  "start.sample.size": "Sample size",
  "sample.10000": "10,000 orders",
  "sample.100000": "100,000 orders",
  "sample.1000000": "1,000,000 orders",
  "privacy.title": "Privacy",
  "privacy.statement": "Your data never leaves your browser.",
  "privacy.how": "Files are read and analysed on this device by WebAssembly code. The page sends nothing: its security policy (CSP) only allows connections to this same site, which only serves the app's files. To check, open the developer tools (F12), Network tab, and analyse a file: no request appears. You can also switch off the internet after opening the page; everything keeps working.",
  "privacy.remember": "Keep the loaded data on this device (IndexedDB) for the next visit",
  "privacy.forget": "Forget stored data",
  "empty.title": "No data loaded",
  "empty.body": "Load files or try the sample data on the start page.",
  "empty.go": "Go to start",
};

// The app's language choice (src/lib.rs `initial_lang`): saved as JSON "Pt"/"En", else the
// first browser language that is pt or en, else Portuguese.
function shellLang() {
  try {
    const saved = localStorage.getItem('jornada.lang');
    if (saved === '"En"') return 'en';
    if (saved === '"Pt"') return 'pt';
  } catch (_) { /* storage disabled: fall through to the browser's languages */ }
  for (const tag of navigator.languages || [navigator.language || '']) {
    const t = tag.toLowerCase();
    if (t.startsWith('pt')) return 'pt';
    if (t.startsWith('en')) return 'en';
  }
  return 'pt';
}

const shell = document.getElementById('boot-shell');
if (!shell) return;
if (shellLang() === 'en') {
  document.documentElement.lang = 'en';
  for (const el of shell.querySelectorAll('[data-i18n]')) el.textContent = EN[el.dataset.i18n];
  for (const el of shell.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', EN[el.dataset.i18nLabel]);
  shell.querySelector('#boot-lang-select').value = 'en';
}
// The route (src/lib.rs: the last path segment under the serving directory). The start page
// is the default; views that need data show the app's "no data loaded" state; the others show
// only the header until the app has mounted.
const route = location.pathname.slice(location.pathname.lastIndexOf('/') + 1);
if (route !== '' && route !== 'index.html') {
  shell.querySelector('#boot-start').remove();
  const empty = shell.querySelector('#boot-empty');
  if (EMPTY_ROUTES.includes(route)) empty.hidden = false;
  else empty.remove();
  for (const a of shell.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === './' + route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
} else {
  shell.querySelector('#boot-empty').remove();
}
// Files chosen or dropped before the app is ready wait here; the app loads them on mount.
const pending = [];
globalThis.jornadaPendingFiles = pending;
shell.querySelector('#boot-file-input')?.addEventListener('change', (ev) => pending.push(...ev.target.files));
const zone = shell.querySelector('.dropzone');
zone?.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('over'); });
zone?.addEventListener('dragleave', () => zone.classList.remove('over'));
zone?.addEventListener('drop', (ev) => {
  ev.preventDefault();
  zone.classList.remove('over');
  pending.push(...(ev.dataTransfer?.files || []));
});
})();
