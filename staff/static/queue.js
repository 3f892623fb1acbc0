// The queue keeps itself current: every 20 s (data-refresh-ms) it asks the server for the rows of the
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
        var empty = document.getElementById("queue-empty");
        if (empty) { empty.hidden = body.querySelector("tr") !== null; }
        if (update.total !== null && update.total !== total) {
          total = update.total;
          live.textContent = table.getAttribute("data-updated").replace("{n}", total);
        }
      })
      .catch(function () { /* offline or signed out: the next full page load tells the user */ });
  };
  var every = parseInt(table.getAttribute("data-refresh-ms"), 10) || 20000;
  window.setInterval(refresh, every);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
}());
