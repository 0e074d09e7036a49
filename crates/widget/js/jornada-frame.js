// Host-page helper for the iframe mode of the Jornada survey. No wasm, no inline code: serve it
// from your own origin (script-src 'self'). For each <iframe data-jornada-survey> it
//  - resizes the iframe to the survey's height,
//  - re-emits the answer as a `jornada:response` event on the <iframe> (detail = the answer),
//  - re-emits `jornada:error` (an answer not delivered that cannot be kept, or one that stopped
//    being retried; detail = {reason, answer, csv}) on the <iframe>,
//  - hides the iframe when the visitor closes the survey.
// Messages are accepted only from that iframe's window and from the origin of its src.
// `JornadaFrame.show(iframe)` shows a survey configured with trigger=manual.
(() => {
  const surveys = () => document.querySelectorAll('iframe[data-jornada-survey]');
  const originOf = (frame) => new URL(frame.src, document.baseURI).origin;

  addEventListener('message', (event) => {
    for (const frame of surveys()) {
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== originOf(frame)) return;
      const data = event.data;
      if (!data || typeof data.type !== 'string') return;
      if (data.type === 'jornada:resize' && Number.isFinite(data.height)) {
        // CSSOM, not a style attribute: allowed by a strict style-src.
        frame.style.height = `${Math.ceil(data.height)}px`;
      } else if (data.type === 'jornada:response') {
        frame.dispatchEvent(new CustomEvent('jornada:response', { detail: data.answer, bubbles: true }));
      } else if (data.type === 'jornada:error') {
        const { reason, answer, csv } = data;
        frame.dispatchEvent(new CustomEvent('jornada:error', { detail: { reason, answer, csv }, bubbles: true }));
      } else if (data.type === 'jornada:close') {
        frame.hidden = true;
      }
      return;
    }
  });

  window.JornadaFrame = {
    show(frame) {
      frame.hidden = false;
      frame.contentWindow.postMessage({ type: 'jornada:show' }, originOf(frame));
    },
  };
})();
