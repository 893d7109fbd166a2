/* Tessera tracking adapter "scorm12": the SCORM 1.2 run-time API (window.API of an LMS frame).
   Records status (incomplete → passed/failed, or completed for a lesson without questions),
   score 0–100, each checked answer as an interaction, location, session time and the saved
   state in cmi.suspend_data (compact, at most 4,096 characters: see common.js). */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  const player = window.tesseraPlayer;
  if (!kit || !player) return;

  const RUNTIME = Object.freeze({
    apiName: "API",
    calls: Object.freeze({
      initialize: "LMSInitialize", getValue: "LMSGetValue", setValue: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", getLastError: "LMSGetLastError", getErrorString: "LMSGetErrorString",
    }),
    modeElement: "cmi.core.lesson_mode",
    locationElement: "cmi.core.lesson_location",
    locationLimit: 255,
    suspendDataLimit: 4096,
    asciiOnly: true,
    // 1.2 LMSs answer 101 (general exception) or 301 (not initialized) once LMSFinish was called.
    sessionOverCodes: ["101", "301"],
    alreadyOpenCode: null,
  });
  const DONE = ["passed", "completed"];

  function createScorm12Adapter(host) {
    let done = false;
    // Written before every commit, so the LMS has them however the learner leaves. "suspend"
    // keeps the answers for the next launch, so a learner who has not finished or has failed
    // comes back to where they were; once passed, the attempt may end.
    const lms = kit.scormSession(RUNTIME, (elapsedMs) => {
      lms.set("cmi.core.session_time", kit.scorm12Duration(elapsedMs));
      lms.set("cmi.core.exit", done ? "" : "suspend");
    }, host.lost);

    return {
      initialize() {
        if (!lms.open()) return false;
        const status = lms.get("cmi.core.lesson_status");
        done = DONE.includes(status);
        if (status === "not attempted" || status === "") lms.set("cmi.core.lesson_status", "incomplete");
        const mastery = Number.parseFloat(lms.get("cmi.student_data.mastery_score"));
        return mastery >= 0 && mastery <= 100 ? { masteryScore: mastery / 100 } : {};
      },

      loadState: lms.loadState,
      saveState: lms.saveState,

      recordAnswer(answer) {
        const n = Number.parseInt(lms.get("cmi.interactions._count"), 10) || 0;
        const field = (name) => `cmi.interactions.${n}.${name}`;
        const keys = (indexes) => indexes.map(kit.choiceKey).filter(Boolean).join(",");
        if (!lms.set(field("id"), kit.interactionId(answer))) return;
        lms.set(field("type"), "choice");
        lms.set(field("time"), kit.timeOfDay(new Date()));
        lms.set(field("correct_responses.0.pattern"), keys(answer.correctResponse));
        lms.set(field("student_response"), keys(answer.response));
        lms.set(field("result"), answer.correct ? "correct" : "wrong");
        lms.commit();
      },

      // SCORM 1.2 has no progress measure: the status stays "incomplete" until the end.
      setProgress() {},

      complete(score, passed) {
        if (score === null) {
          lms.set("cmi.core.lesson_status", "completed");
        } else {
          lms.set("cmi.core.score.min", "0");
          lms.set("cmi.core.score.max", "100");
          lms.set("cmi.core.score.raw", String(Math.round(score * 100)));
          lms.set("cmi.core.lesson_status", passed ? "passed" : "failed");
        }
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

  player.registerAdapter("scorm12", createScorm12Adapter);
})();
