/* Tessera tracking adapter "scorm2004": the SCORM 2004 (4th edition) run-time API (API_1484_11).
   Records completion and success separately, the score (scaled, raw 0–100), progress measure,
   each checked answer as an interaction with its correct response, location, session time,
   exit (suspend until passed, then normal) and the saved state in cmi.suspend_data. */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const player = window.tesseraPlayer;
  if (!kit || !player) return;

  const SUSPEND_DATA_LIMIT = 64000;
  const LOCATION_LIMIT = 1000;
  const DESCRIPTION_LIMIT = 250;
  const COMMIT_INTERVAL_MS = 15000;   // see scorm12.js

  function createScorm2004Adapter() {
    let api = null;
    let startedAt = 0;
    let lastCommit = 0;
    let writable = true;
    let done = false;
    let finished = false;

    function get(element) {
      try {
        return String(api.GetValue(element) ?? "");
      } catch (error) {
        return "";
      }
    }

    function set(element, value) {
      if (!writable) return false;
      if (String(api.SetValue(element, String(value))) === "true") return true;
      const code = String(api.GetLastError());
      kit.warn(`the LMS refused ${element} (error ${code}: ${String(api.GetErrorString(code))}).`);
      return false;
    }

    function commit() {
      lastCommit = Date.now();
      api.Commit("");
    }

    return {
      initialize() {
        api = kit.findApi("API_1484_11");
        if (!api || String(api.Initialize("")) !== "true") return false;
        startedAt = Date.now();
        writable = !["browse", "review"].includes(get("cmi.mode"));
        const completion = get("cmi.completion_status");
        done = completion === "completed" && get("cmi.success_status") === "passed";
        if (completion === "unknown" || completion === "not attempted" || completion === "") {
          set("cmi.completion_status", "incomplete");
        }
        const passing = Number.parseFloat(get("cmi.scaled_passing_score"));
        return passing >= 0 && passing <= 1 ? { masteryScore: passing } : {};
      },

      loadState() {
        const saved = get("cmi.suspend_data");
        return saved ? kit.unpackState(saved) : null;
      },

      saveState(stateJson) {
        const state = JSON.parse(stateJson);
        const packed = kit.packState(state, SUSPEND_DATA_LIMIT, false);
        if (packed !== null) set("cmi.suspend_data", packed);
        set("cmi.location", String(state.scroll.block).slice(0, LOCATION_LIMIT));
        if (Date.now() - lastCommit > COMMIT_INTERVAL_MS) commit();
      },

      recordAnswer(answer) {
        const n = Number.parseInt(get("cmi.interactions._count"), 10) || 0;
        const field = (name) => `cmi.interactions.${n}.${name}`;
        const labels = (indexes) => indexes.map((i) => kit.choiceLabel(i, answer.choices[i])).join("[,]");
        // The data model wants id first and type before any response.
        if (!set(field("id"), kit.interactionId(answer))) return;
        set(field("type"), "choice");
        set(field("description"), answer.question.slice(0, DESCRIPTION_LIMIT));
        set(field("timestamp"), kit.scormTimestamp(new Date()));
        set(field("correct_responses.0.pattern"), labels(answer.correctResponse));
        set(field("learner_response"), labels(answer.response));
        set(field("result"), answer.correct ? "correct" : "incorrect");
        commit();
      },

      setProgress(fraction) {
        set("cmi.progress_measure", String(kit.round4(fraction)));
      },

      complete(score, passed) {
        if (score !== null) {
          set("cmi.score.min", "0");
          set("cmi.score.max", "100");
          set("cmi.score.raw", String(Math.round(score * 100)));
          set("cmi.score.scaled", String(kit.round4(score)));
        }
        // A lesson without questions is passed once read (the player's rule), so course rollups
        // that need every part satisfied still work.
        set("cmi.success_status", passed ? "passed" : "failed");
        set("cmi.progress_measure", "1");
        set("cmi.completion_status", "completed");
        done = passed;
        commit();
      },

      terminate() {
        if (finished) return;
        finished = true;
        set("cmi.session_time", kit.isoDuration(Date.now() - startedAt));
        // "normal" ends the attempt: only once passed. Unfinished or failed, "suspend" keeps the
        // answers so the learner can come back and retry where they left off.
        set("cmi.exit", done ? "normal" : "suspend");
        api.Commit("");
        api.Terminate("");
      },
    };
  }

  player.registerAdapter("scorm2004", createScorm2004Adapter);
})();
