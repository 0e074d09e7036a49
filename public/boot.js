// Starts the app's WebAssembly. A separate file (not inline) so the page's CSP can forbid
// inline scripts. Trunk writes the hashed module and wasm names into this tag's attributes.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(new URL(tag.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });
