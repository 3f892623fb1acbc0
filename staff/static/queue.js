// The queue keeps itself current: every 20 s it asks the server for the rows of the
// same view and filters (rendered and escaped there) and swaps them in, unless the
// user is working in the table (a box ticked, focus inside), so nothing moves under them.
(function () {
  "use strict";
  var table = document.querySelector("table.queue[data-fragment]");
  var live = document.getElementById("queue-live");
  if (!table || !live || !window.fetch) { return; }
  var body = document.getElementById("queue-rows");
  var total = table.getAttribute("data-total");
  var busy = function () {
    return table.contains(document.activeElement) || table.querySelector("input[type=checkbox]:checked") !== null;
  };
  var refresh = function () {
    if (document.hidden || busy()) { return; }
    fetch(table.getAttribute("data-fragment"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        var newTotal = response.headers.get("X-Queue-Total");
        return response.text().then(function (html) { return { html: html, total: newTotal }; });
      })
      .then(function (update) {
        if (busy() || update.html.trim() === body.innerHTML.trim()) { return; }
        body.innerHTML = update.html;
        if (update.total !== null && update.total !== total) {
          total = update.total;
          live.textContent = table.getAttribute("data-updated").replace("{n}", total);
        }
      })
      .catch(function () { /* offline or signed out: the next full page load tells the user */ });
  };
  window.setInterval(refresh, 20000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
}());
