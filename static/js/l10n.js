// The interface's strings for scripts, translated by the page: base.html embeds them as
// JSON (accounts/context_processors.py, JS_STRINGS). l10n("key", {name: value}) fills the
// %(name)s placeholders, as Python's gettext strings do.
(() => {
  let strings = null;
  window.l10n = (key, values = {}) => {
    if (strings === null) {
      const element = document.getElementById("interface-strings");
      strings = element ? JSON.parse(element.textContent) : {};
    }
    const text = strings[key] ?? key;
    return text.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
  };
})();
