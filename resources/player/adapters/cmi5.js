/* Tessera tracking adapter "cmi5": an assignable unit launched by a cmi5 LMS. The launch URL
   carries endpoint, fetch, actor, registration and activityId; the AU trades the one-time fetch
   URL for an auth token, reads LMS.LaunchData (context template, launch mode, mastery score) from
   the State API and cmi5LearnerPreferences from the Agent Profile API, then reports through
   lrs.js with the cmi5 rules (verbs, categories, order). */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const lrs = window.tesseraLrs;
  const player = window.tesseraPlayer;
  if (!kit || !lrs || !player) return;

  const TOKEN_KEY = "tessera.cmi5.token ";
  const ENDED_KEY = "tessera.cmi5.ended ";

  // The fetch URL answers once per launch; a reload of the same launch, while its session is
  // open, reuses the token kept in this tab's session storage (when the frame allows storage).
  // Once the session sent terminated, the launch is over: a reload must not start it again
  // (cmi5 §9.3: nothing after terminated), the learner reopens the AU from the LMS.
  function remembered(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function remember(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (error) {
      /* storage refused: a reload will find the fetch URL used and say the launch ended */
    }
  }

  async function authToken(fetchUrl) {
    if (remembered(ENDED_KEY + fetchUrl)) throw kit.closedError("this cmi5 launch has already ended");
    const known = remembered(TOKEN_KEY + fetchUrl);
    if (known) return known;
    const response = await fetch(fetchUrl, { method: "POST", credentials: "omit", cache: "no-store" });
    const answer = response.ok ? await response.json() : null;
    if (!answer || typeof answer["auth-token"] !== "string") {
      const reason = answer && answer["error-text"] ? answer["error-text"] : `HTTP ${response.status}`;
      // The fetch URL answers once per launch: a refusal means this launch was used already.
      throw kit.closedError("the LMS gave no auth token: " + reason);
    }
    remember(TOKEN_KEY + fetchUrl, answer["auth-token"]);
    return answer["auth-token"];
  }

  // Where the AU goes after the learner exits (cmi5 §10.2.6); only web addresses are followed.
  function returnUrl(value) {
    try {
      const url = new URL(String(value || ""), window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
    } catch (error) {
      return "";
    }
  }

  // The learner's settings in the LMS (cmi5 agent profile); optional, so any failure means "none".
  async function learnerPreferences(request, actor) {
    try {
      return await request("GET", "agents/profile", { profileId: "cmi5LearnerPreferences",
        agent: JSON.stringify(actor) }) || {};
    } catch (error) {
      kit.warn("the learner preferences could not be read; using the lesson's defaults.", error);
      return {};
    }
  }

  // A lesson has one language, so only the audio preference applies: "off" starts media muted.
  function applyPreferences(preferences) {
    if (preferences.audioPreference !== "off") return;
    for (const media of document.querySelectorAll("video, audio")) media.muted = true;
  }

  async function openSession() {
    const params = kit.launchParameters();
    const launch = {};
    for (const name of ["endpoint", "fetch", "actor", "registration", "activityId"]) launch[name] = params.get(name);
    const missing = Object.keys(launch).filter((name) => !launch[name]);
    if (missing.length) {
      kit.warn(`not a cmi5 launch (missing ${missing.join(", ")}); progress is not recorded.`);
      return null;
    }
    const actor = lrs.normalizeActor(launch.actor);
    if (!actor) throw new Error("the launch actor is not a valid xAPI agent");
    const request = lrs.createClient(launch.endpoint, "Basic " + await authToken(launch.fetch));
    const launchData = await request("GET", "activities/state", {
      stateId: "LMS.LaunchData", activityId: launch.activityId, agent: JSON.stringify(actor),
      registration: launch.registration }) || {};
    applyPreferences(await learnerPreferences(request, actor));
    const mastery = Number(launchData.masteryScore);
    return lrs.createSession({
      request, actor, registration: launch.registration, activityId: launch.activityId, parentId: "",
      cmi5: true, contextTemplate: launchData.contextTemplate || {}, title: document.title,
      launchMode: launchData.launchMode || "Normal",
      masteryScore: launchData.masteryScore !== undefined && mastery >= 0 && mastery <= 1 ? mastery : null,
      returnUrl: returnUrl(launchData.returnURL),
      onEnd: () => remember(ENDED_KEY + launch.fetch, "1"),
    });
  }

  player.registerAdapter("cmi5", () => lrs.sessionAdapter(openSession));
})();
