// Saves a QA checklist section as a draft while the volunteer works, so closing the tab loses
// nothing. Progressive enhancement: without JavaScript the page's buttons save it.
// The form names its autosave address in data-autosave-url; the result is announced in the
// polite live region #autosave-status ("Draft saved at 14:05").
(function () {
  "use strict";

  var DELAY_MS = 2000;
  var form = document.querySelector("form[data-autosave-url]");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var timer = null;
  var FAILED = "Your draft could not be saved automatically. Use the Save as draft button.";

  function announce(message) {
    status.textContent = message;
  }

  function save() {
    timer = null;
    var data = new FormData(form);
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "X-CSRFToken": data.get("csrfmiddlewaretoken") || "",
      },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          announce(body.message || (response.ok ? "" : FAILED));
        });
      })
      .catch(function () {
        announce(FAILED);
      });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, DELAY_MS);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
  // A button press saves the whole section itself; a late autosave must not follow it.
  form.addEventListener("submit", function () {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
  });
})();
