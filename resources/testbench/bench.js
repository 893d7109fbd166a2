/* Tessera test bench: a recording SCORM 1.2 / 2004 LMS (publishing/testbench/). It puts an API
   object where a package looks for one (window.API, window.API_1484_11), answers calls with the
   session rules of the standard (one Initialize per launch, nothing after Terminate, the
   standard's error codes), stores values, and reports every call and every stored commit to
   the bench server (POST /bench/record), which keeps them as data for rules and a live log.
   A second launch hands the stored data back like an LMS (1.2 always; 2004 after exit=suspend).
   This is a recording LMS for authors, not a conformance checker: values are not validated. */
(function () {
  "use strict";

  const STANDARDS = {
    scorm12: {
      global: "API",
      names: { initialize: "LMSInitialize", finish: "LMSFinish", getValue: "LMSGetValue",
        setValue: "LMSSetValue", commit: "LMSCommit", lastError: "LMSGetLastError",
        errorString: "LMSGetErrorString", diagnostic: "LMSGetDiagnostic" },
      codes: { again: "101", ended: "101", finishBefore: "301", finishAfter: "101", getBefore: "301",
        getAfter: "101", setBefore: "301", setAfter: "101", commitBefore: "301", commitAfter: "101" },
      start: { "cmi.core.lesson_status": "not attempted", "cmi.core.lesson_mode": "normal",
        "cmi.core.credit": "credit", "cmi.core.entry": "ab-initio", "cmi.core.student_id": "bench-learner",
        "cmi.core.student_name": "Learner, Test" },
      passing: "cmi.student_data.mastery_score",
      exit: "cmi.core.exit",
      entry: "cmi.core.entry",
      kept: ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
        "cmi.core.score.max", "cmi.suspend_data"],
      keepsAttempt: () => true,
    },
    scorm2004: {
      global: "API_1484_11",
      names: { initialize: "Initialize", finish: "Terminate", getValue: "GetValue", setValue: "SetValue",
        commit: "Commit", lastError: "GetLastError", errorString: "GetErrorString", diagnostic: "GetDiagnostic" },
      codes: { again: "103", ended: "104", finishBefore: "112", finishAfter: "113", getBefore: "122",
        getAfter: "123", setBefore: "132", setAfter: "133", commitBefore: "142", commitAfter: "143" },
      start: { "cmi.completion_status": "unknown", "cmi.success_status": "unknown", "cmi.mode": "normal",
        "cmi.credit": "credit", "cmi.entry": "ab-initio", "cmi.learner_id": "bench-learner",
        "cmi.learner_name": "Learner, Test" },
      passing: "cmi.scaled_passing_score",
      exit: "cmi.exit",
      entry: "cmi.entry",
      kept: ["cmi.location", "cmi.completion_status", "cmi.success_status", "cmi.score.raw", "cmi.score.min",
        "cmi.score.max", "cmi.score.scaled", "cmi.suspend_data"],
      keepsAttempt: (exit) => exit === "suspend",
    },
  };
  const ERROR_TEXT = { "0": "No error", "101": "General exception", "103": "Already initialized",
    "104": "Content instance terminated", "112": "Termination before initialization",
    "113": "Termination after termination", "122": "Retrieve data before initialization",
    "123": "Retrieve data after termination", "132": "Store data before initialization",
    "133": "Store data after termination", "142": "Commit before initialization",
    "143": "Commit after termination", "301": "Not initialized" };

  const frame = document.getElementById("content");
  const bench = { launches: 0, page: 0, dismissing: false, log: [], popup: null, stored: null };

  // Records reach the bench server one after the other, in the order the calls were made.
  let sending = Promise.resolve();
  function report(kind, detail) {
    const record = Object.assign({ kind: kind, order: bench.log.length, launch: bench.launches,
      page: bench.page, dismissing: bench.dismissing }, detail);
    bench.log.push(record);
    const body = JSON.stringify(record);
    sending = sending.then(() => fetch("/bench/record", { method: "POST", body: body, keepalive: true }))
      .catch(() => { /* the server went away: the run is over */ });
  }

  function interactionCount(data) {
    let count = 0;
    while (`cmi.interactions.${count}.id` in data) count += 1;
    return String(count);
  }

  function createApi(spec, data) {
    const names = spec.names;
    let state = "new";
    let lastError = "0";
    const api = {};

    function answer(name, args, result, error) {
      lastError = error;
      report("call", { name: name, args: args.map(String), result: String(result), error: error });
      return result;
    }

    // The same guard for every call: before Initialize and after Terminate it is refused.
    function guarded(name, before, after, run) {
      return (...args) => {
        if (state === "new") return answer(name, args, name === names.getValue ? "" : "false", spec.codes[before]);
        if (state === "ended") return answer(name, args, name === names.getValue ? "" : "false", spec.codes[after]);
        return run(args);
      };
    }

    api[names.initialize] = (...args) => {
      bench.page += 1;
      bench.dismissing = false;
      if (state !== "new") return answer(names.initialize, args, "false", state === "ended" ? spec.codes.ended : spec.codes.again);
      state = "running";
      return answer(names.initialize, args, "true", "0");
    };
    api[names.finish] = guarded(names.finish, "finishBefore", "finishAfter", (args) => {
      state = "ended";
      report("commit", { values: Object.assign({}, data), terminate: true });
      bench.stored = Object.assign({}, data);
      return answer(names.finish, args, "true", "0");
    });
    api[names.getValue] = guarded(names.getValue, "getBefore", "getAfter", (args) => {
      const element = String(args[0]);
      const value = element === "cmi.interactions._count" ? interactionCount(data) : data[element] || "";
      return answer(names.getValue, args, value, "0");
    });
    api[names.setValue] = guarded(names.setValue, "setBefore", "setAfter", (args) => {
      data[String(args[0])] = String(args[1]);
      return answer(names.setValue, args, "true", "0");
    });
    api[names.commit] = guarded(names.commit, "commitBefore", "commitAfter", (args) => {
      report("commit", { values: Object.assign({}, data), terminate: false });
      bench.stored = Object.assign({}, data);
      return answer(names.commit, args, "true", "0");
    });
    api[names.lastError] = () => lastError;
    api[names.errorString] = (code) => ERROR_TEXT[String(code)] || "Unknown error";
    api[names.diagnostic] = (code) => ERROR_TEXT[String(code)] || "";
    return api;
  }

  // What the LMS hands to the next launch, from what the previous one stored.
  function resumeData(spec, stored) {
    if (!stored || !spec.keepsAttempt(String(stored[spec.exit] || ""))) return {};
    const data = {};
    for (const element of spec.kept) if (stored[element]) data[element] = stored[element];
    data[spec.entry] = stored[spec.exit] === "suspend" ? "resume" : "";
    return data;
  }

  window.bench = {
    // Starts a launch of `standard`: a fresh API with the data kept from the previous launch.
    launch(standard, url, passingScore, popup) {
      const spec = STANDARDS[standard];
      if (!spec) throw new Error(`unknown standard ${standard}`);
      const data = Object.assign({}, spec.start, resumeData(spec, bench.stored));
      if (passingScore) data[spec.passing] = String(passingScore);
      bench.launches += 1;
      bench.page = 0;
      bench.dismissing = false;
      for (const other of Object.values(STANDARDS)) delete window[other.global];
      window[spec.global] = createApi(spec, data);
      if (popup) {
        bench.popup = window.open(url, "lesson");
        return true;
      }
      frame.src = url;
      return true;
    },
    close() {
      if (bench.popup && !bench.popup.closed) bench.popup.close();
      bench.popup = null;
      frame.src = "about:blank";
    },
    // Called by the lesson page's pagehide (the bench's init script, or a GUI's web view).
    markDismissal() { bench.dismissing = true; },
    // Resolves once every record so far reached the server (the engine waits before noting a step).
    flushed() { return sending; },
    get log() { return bench.log; },
  };
})();
