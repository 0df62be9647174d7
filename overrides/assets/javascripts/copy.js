/* "Copy" buttons: copy the text of the element named by data-copy, and say so. */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copy);
      var done = function () { button.textContent = button.dataset.copied; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent).then(done, function () { source.select(); });
      } else { source.select(); document.execCommand("copy"); done(); }
    });
  });
})();
