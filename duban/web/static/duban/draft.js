/* A progress report survives a dropped connection: what the reporter types into a form
   marked data-draft-key is kept in the browser (localStorage) until the server has taken it.
   On submit the key is remembered (sessionStorage); the next page that is not the form again
   (the server accepted the report and moved on) deletes the draft. A failed send (no network,
   or the form back with an error) leaves it, and the form fills its empty fields from it.
   Files cannot be kept by a browser: the evidence is chosen again. No inline script (CSP). */
(function () {
  "use strict";
  var PREFIX = "duban-draft:";
  var store;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { return; }
  var sent = sessionStorage.getItem("duban-draft-sending");
  var form = document.querySelector("form[data-draft-key]");
  if (sent && (!form || form.getAttribute("data-draft-key") !== sent)) {
    store.removeItem(PREFIX + sent);  // taken by the server: the page moved on
  }
  sessionStorage.removeItem("duban-draft-sending");
  if (!form) { return; }
  var key = form.getAttribute("data-draft-key");
  var fields = function () {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "file" &&
        el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  };
  var saved = null;
  try { saved = JSON.parse(store.getItem(PREFIX + key) || "null"); } catch (e) { saved = null; }
  var note = document.getElementById("draft-note");
  if (saved && saved.values) {
    var restored = false;
    fields().forEach(function (el) {
      if (!(el.name in saved.values)) { return; }
      var value = saved.values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        var on = Array.isArray(value) && value.indexOf(el.value) >= 0;
        if (on !== el.checked) { el.checked = on; restored = true; }
      } else if (!el.value || el.tagName === "SELECT") {
        if (el.value !== value) { el.value = value; restored = true; }
      }
    });
    if (restored && note) { note.hidden = false; }
  }
  var timer = null;
  function save() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    try { store.setItem(PREFIX + key, JSON.stringify({ at: Date.now(), values: values })); } catch (e) { /* full */ }
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 300); });
  form.addEventListener("change", save);
  form.addEventListener("submit", function () { save(); sessionStorage.setItem("duban-draft-sending", key); });
  var discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", function (ev) {
      ev.preventDefault();
      store.removeItem(PREFIX + key);
      window.location.reload();
    });
  }
})();
