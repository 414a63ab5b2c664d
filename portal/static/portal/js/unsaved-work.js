// Unsaved work is not lost (issue 21, requirement 4). Kept in a file, not inline:
// the Content Security Policy forbids inline scripts.
//
// A <form data-unsaved-warning> remembers what it held when the page loaded.
// Leaving the page while it holds something else asks the browser to warn;
// sending the form itself does not.
//
// A form that also keeps a server-side draft (htmx posting it to a draft
// address, see portal/drafts.py) gets two more things here:
// - once the form is sent, no draft follows it (a draft sent after the save
//   would outlive it and come back as a stale "unsaved" draft);
// - the draft address's refusals (signed out, record locked) are shown where
//   "Draft saved at ..." goes; htmx leaves 4xx answers out unless told.
(() => {
  "use strict";

  const forms = Array.from(document.querySelectorAll("form[data-unsaved-warning]"));
  if (forms.length === 0) {
    return;
  }

  // Files count by name and size: their contents are not read.
  const serialize = (form) => {
    const fields = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken") {
        fields.push([name, typeof value === "string" ? value : `${value.name}:${value.size}`]);
      }
    }
    return JSON.stringify(fields);
  };

  const atLoad = new Map(forms.map((form) => [form, serialize(form)]));
  const sending = new Set();

  for (const form of forms) {
    form.addEventListener("submit", () => sending.add(form));
  }

  // Back to this page from the browser's cache: the form was not sent after all.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      sending.clear();
    }
  });

  window.addEventListener("beforeunload", (event) => {
    const changed = forms.some((form) => !sending.has(form) && serialize(form) !== atLoad.get(form));
    if (changed) {
      event.preventDefault();
      // Older browsers show the warning only when returnValue is set.
      event.returnValue = "";
    }
  });

  document.addEventListener("htmx:confirm", (event) => {
    if (sending.has(event.detail.elt)) {
      event.preventDefault();
    }
  });

  // Fired on the swap's target: the form that asked is in requestConfig.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { requestConfig, xhr } = event.detail;
    const form = requestConfig && requestConfig.elt;
    if (atLoad.has(form) && xhr.getResponseHeader("X-Portal-Draft") === "refused") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
