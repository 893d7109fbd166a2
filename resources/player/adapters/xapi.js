/* Tessera tracking adapter "xapi": a lesson launched the Tin Can way. The launch URL carries
   endpoint, auth (the whole Authorization header), actor, registration and activity_id; this
   lesson's own activity IRI comes from the page config ("activity"). Reports through lrs.js. */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const lrs = window.tesseraLrs;
  const player = window.tesseraPlayer;
  if (!kit || !lrs || !player) return;

  function openSession(config) {
    const params = kit.launchParameters();
    const endpoint = params.get("endpoint");
    const auth = params.get("auth");
    const actor = lrs.normalizeActor(params.get("actor"));
    if (!endpoint || !auth || !actor) {
      kit.warn("not an xAPI launch (endpoint, auth and actor are needed); progress is not recorded.");
      return null;
    }
    const own = config.activity.id || "";
    const launched = params.get("activity_id") || "";
    // A lesson inside a course is opened from the course page, which passes the course's
    // activity id along: the lesson keeps its own id and names the course as its parent.
    const inCourse = Boolean(config.activity.parent);
    const activityId = inCourse ? own : launched || own;
    if (!activityId) throw new Error("no activity id in the launch or the page");
    return lrs.createSession({
      request: lrs.createClient(endpoint, auth), actor, registration: params.get("registration") || "",
      activityId, parentId: inCourse ? launched || config.activity.parent : "", cmi5: false,
      contextTemplate: {}, launchMode: "Normal", masteryScore: null, title: document.title,
    });
  }

  player.registerAdapter("xapi", () => lrs.sessionAdapter(openSession));
})();
