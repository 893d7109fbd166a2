/* Tessera tracking adapter "scorm12": the SCORM 1.2 run-time API (window.API of an LMS frame).
   Records status (incomplete → passed/failed, or completed for a lesson without questions),
   score 0–100, each checked answer as an interaction, location, session time and the saved
   state in cmi.suspend_data (compact, at most 4,096 characters: see common.js). */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const player = window.tesseraPlayer;
  if (!kit || !player) return;

  const SUSPEND_DATA_LIMIT = 4096;
  const LOCATION_LIMIT = 255;
  // Each commit may be a request to the LMS server: batch routine saves, commit results at once.
  const COMMIT_INTERVAL_MS = 15000;
  const DONE = ["passed", "completed"];

  function createScorm12Adapter() {
    let api = null;
    let startedAt = 0;
    let lastCommit = 0;
    let writable = true;
    let done = false;
    let finished = false;

    function get(element) {
      try {
        return String(api.LMSGetValue(element) ?? "");
      } catch (error) {
        return "";
      }
    }

    function set(element, value) {
      if (!writable) return false;
      if (String(api.LMSSetValue(element, String(value))) === "true") return true;
      const code = String(api.LMSGetLastError());
      kit.warn(`the LMS refused ${element} (error ${code}: ${String(api.LMSGetErrorString(code))}).`);
      return false;
    }

    function commit() {
      lastCommit = Date.now();
      api.LMSCommit("");
    }

    return {
      initialize() {
        api = kit.findApi("API");
        if (!api || String(api.LMSInitialize("")) !== "true") return false;
        startedAt = Date.now();
        // Browse and review launches may look but not change the learner's record.
        writable = !["browse", "review"].includes(get("cmi.core.lesson_mode"));
        const status = get("cmi.core.lesson_status");
        done = DONE.includes(status);
        if (status === "not attempted" || status === "") set("cmi.core.lesson_status", "incomplete");
        const mastery = Number.parseFloat(get("cmi.student_data.mastery_score"));
        return mastery >= 0 && mastery <= 100 ? { masteryScore: mastery / 100 } : {};
      },

      loadState() {
        const saved = get("cmi.suspend_data");
        return saved ? kit.unpackState(saved) : null;
      },

      saveState(stateJson) {
        const state = JSON.parse(stateJson);
        const packed = kit.packState(state, SUSPEND_DATA_LIMIT, true);
        if (packed !== null) set("cmi.suspend_data", packed);
        set("cmi.core.lesson_location", String(state.scroll.block).slice(0, LOCATION_LIMIT));
        if (Date.now() - lastCommit > COMMIT_INTERVAL_MS) commit();
      },

      recordAnswer(answer) {
        const n = Number.parseInt(get("cmi.interactions._count"), 10) || 0;
        const field = (name) => `cmi.interactions.${n}.${name}`;
        const keys = (indexes) => indexes.map(kit.choiceKey).filter(Boolean).join(",");
        if (!set(field("id"), kit.interactionId(answer))) return;
        set(field("type"), "choice");
        set(field("time"), kit.timeOfDay(new Date()));
        set(field("correct_responses.0.pattern"), keys(answer.correctResponse));
        set(field("student_response"), keys(answer.response));
        set(field("result"), answer.correct ? "correct" : "wrong");
        commit();
      },

      // SCORM 1.2 has no progress measure: the status stays "incomplete" until the end.
      setProgress() {},

      complete(score, passed) {
        if (score === null) {
          set("cmi.core.lesson_status", "completed");
        } else {
          set("cmi.core.score.min", "0");
          set("cmi.core.score.max", "100");
          set("cmi.core.score.raw", String(Math.round(score * 100)));
          set("cmi.core.lesson_status", passed ? "passed" : "failed");
        }
        done = passed;
        commit();
      },

      terminate() {
        if (finished) return;
        finished = true;
        set("cmi.core.session_time", kit.scorm12Duration(Date.now() - startedAt));
        // "suspend" keeps the answers for the next launch, so a learner who has not finished or
        // has failed comes back to where they were; once passed, the attempt may end.
        if (!done) set("cmi.core.exit", "suspend");
        api.LMSCommit("");
        api.LMSFinish("");
      },
    };
  }

  player.registerAdapter("scorm12", createScorm12Adapter);
})();
