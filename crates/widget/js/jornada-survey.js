// <jornada-survey>: loads the widget's wasm once and defines the custom element.
// It creates no inline script and no inline style (the widget's CSS is a constructable
// stylesheet adopted by its shadow root), so the host page's CSP needs only
//   script-src <this origin> 'wasm-unsafe-eval'
// On survey.html (the iframe mode) the same file boots the page instead.
import init, { mount } from './jornada-widget.js';

const ready = init({ module_or_path: new URL('./jornada-widget_bg.wasm', import.meta.url) });
ready.catch((error) => console.error('jornada-survey: the widget could not load', error));

// Changing any of these re-mounts the widget (the builder's live preview relies on it).
const CONFIG_ATTRIBUTES = ['kind', 'lang', 'csat-style', 'question', 'company', 'low-label', 'high-label',
  'follow-up', 'follow-up-question', 'thanks', 'theme', 'accent', 'background', 'foreground', 'radius',
  'font', 'placement', 'trigger', 'frequency-days', 'survey-id', 'endpoint', 'collect', 'comment-max'];

class JornadaSurvey extends HTMLElement {
  static observedAttributes = CONFIG_ATTRIBUTES;
  #widget = null;
  #queued = false;

  connectedCallback() { this.#remount(); }

  disconnectedCallback() {
    this.#widget?.free();
    this.#widget = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#remount();
  }

  #remount() {
    if (this.#queued) return;
    this.#queued = true;
    ready.then(() => {
      this.#queued = false;
      if (!this.isConnected) return;
      this.#widget?.free();
      this.#widget = mount(this);
    }, () => { this.#queued = false; });
  }

  /** Shows the survey now (trigger="manual"), unless the frequency cap hides it. */
  show() { return ready.then(() => this.#widget?.show()); }

  /** Hides the survey (counts as dismissed for the frequency cap). */
  hide() { return ready.then(() => this.#widget?.hide()); }
}

if (!customElements.get('jornada-survey')) customElements.define('jornada-survey', JornadaSurvey);
