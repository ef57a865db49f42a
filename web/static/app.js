// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users
  // learn at once that the form was not accepted.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
    // Select the whole API token secret on focus, for easy copying.
    var secret = document.querySelector(".secret-value");
    if (secret) {
      secret.addEventListener("focus", function () { secret.select(); });
    }
  });
})();
