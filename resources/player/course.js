/* Tessera course page (xAPI packages): the launch parameters the LMS gave this page (endpoint,
   auth, actor, registration, activity_id) are passed on to every lesson it links to, so each
   lesson reports to the same record store for the same learner. No other effect. */
(function () {
  "use strict";

  const query = window.location.search;
  if (!query) return;
  for (const link of document.querySelectorAll("a[data-ts-unit]")) {
    const href = link.getAttribute("href") || "";
    if (!href.includes("?")) link.setAttribute("href", href + query);
  }
})();
