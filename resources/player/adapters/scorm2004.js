/* Tessera tracking adapter "scorm2004": the SCORM 2004 (4th edition) run-time API (API_1484_11).
   Records completion and success separately, the score (scaled, raw 0–100), progress measure,
   each checked answer as an interaction with its correct response, location, session time,
   exit (suspend until passed, then normal) and the saved state in cmi.suspend_data. */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const player = window.tesseraPlayer;
  if (!kit || !player) return;

  const RUNTIME = Object.freeze({
    apiName: "API_1484_11",
    calls: Object.freeze({
      initialize: "Initialize", getValue: "GetValue", setValue: "SetValue", commit: "Commit",
      finish: "Terminate", getLastError: "GetLastError", getErrorString: "GetErrorString",
    }),
    modeElement: "cmi.mode",
    locationElement: "cmi.location",
    locationLimit: 1000,
    suspendDataLimit: 64000,
    asciiOnly: false,
    // 104 terminated; 112/113 terminate, 122/123 get, 132/133 set, 142/143 commit before/after the session.
    sessionOverCodes: ["104", "112", "113", "122", "123", "132", "133", "142", "143"],
    alreadyOpenCode: "103",
  });
  const DESCRIPTION_LIMIT = 250;

  function createScorm2004Adapter(host) {
    let done = false;
    // Written before every commit, so the LMS has them however the learner leaves. "normal" ends
    // the attempt: only once passed. Unfinished or failed, "suspend" keeps the answers so the
    // learner can come back and retry where they left off.
    const lms = kit.scormSession(RUNTIME, (elapsedMs) => {
      lms.set("cmi.session_time", kit.isoDuration(elapsedMs));
      lms.set("cmi.exit", done ? "normal" : "suspend");
    }, host.lost);

    return {
      initialize() {
        if (!lms.open()) return false;
        const completion = lms.get("cmi.completion_status");
        done = completion === "completed" && lms.get("cmi.success_status") === "passed";
        if (completion === "unknown" || completion === "not attempted" || completion === "") {
          lms.set("cmi.completion_status", "incomplete");
        }
        const passing = Number.parseFloat(lms.get("cmi.scaled_passing_score"));
        return passing >= 0 && passing <= 1 ? { masteryScore: passing } : {};
      },

      loadState: lms.loadState,
      saveState: lms.saveState,

      recordAnswer(answer) {
        const n = Number.parseInt(lms.get("cmi.interactions._count"), 10) || 0;
        const field = (name) => `cmi.interactions.${n}.${name}`;
        const labels = (indexes) => indexes.map((i) => kit.choiceLabel(i, answer.choices[i])).join("[,]");
        // The data model wants id first and type before any response.
        if (!lms.set(field("id"), kit.interactionId(answer))) return;
        lms.set(field("type"), "choice");
        lms.set(field("description"), answer.question.slice(0, DESCRIPTION_LIMIT));
        lms.set(field("timestamp"), kit.scormTimestamp(new Date()));
        lms.set(field("correct_responses.0.pattern"), labels(answer.correctResponse));
        lms.set(field("learner_response"), labels(answer.response));
        lms.set(field("result"), answer.correct ? "correct" : "incorrect");
        lms.commit();
      },

      setProgress(fraction) {
        lms.set("cmi.progress_measure", String(kit.round4(fraction)));
      },

      complete(score, passed) {
        if (score !== null) {
          lms.set("cmi.score.min", "0");
          lms.set("cmi.score.max", "100");
          lms.set("cmi.score.raw", String(Math.round(score * 100)));
          lms.set("cmi.score.scaled", String(kit.round4(score)));
        }
        // A lesson without questions is passed once read (the player's rule), so course rollups
        // that need every part satisfied still work.
        lms.set("cmi.success_status", passed ? "passed" : "failed");
        lms.set("cmi.progress_measure", "1");
        lms.set("cmi.completion_status", "completed");
        done = passed;
        lms.commit();
      },

      terminate() {
        lms.finish(true);
      },

      exit() {
        lms.finish(false);
      },
    };
  }

  player.registerAdapter("scorm2004", createScorm2004Adapter);
})();
