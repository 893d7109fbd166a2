/* The runtime tests' LMS. It puts a real SCORM runtime (scorm-again) where a package looks for
   one (window.API for SCORM 1.2, window.API_1484_11 for SCORM 2004), launches the package's
   start page in a frame, and keeps in memory every API call the package made and every commit
   the runtime sent. A second launch hands the stored data back the way an LMS does, so resume
   can be tested. A launch may also open the lesson in a popup window (the API stays here, on
   its opener). Each call and commit notes whether the lesson's page was being dismissed at the
   time (the tests' init script reports pagehide through markDismissal) and which page of the
   launch made it (each page starts with Initialize). The tests drive it through window.lms
   (tests/runtime/scorm_host.py). */
(function () {
  "use strict";

  const STANDARDS = {
    scorm12: {
      global: "API",
      create: (settings) => new window.Scorm12API(settings),
      calls: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"],
      lastError: "LMSGetLastError",
      exit: "cmi.core.exit",
      entry: "cmi.core.entry",
      learner: ["cmi.core.student_id", "cmi.core.student_name"],
      passingScore: "cmi.student_data.mastery_score",
      // SCORM 1.2 keeps a learner's data for the next session whatever the exit was; only
      // cmi.core.entry tells the SCO whether it was suspended.
      kept: ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw",
        "cmi.core.score.min", "cmi.core.score.max", "cmi.suspend_data"],
      keepsAttempt: () => true,
      entryAfter: (exit) => (exit === "suspend" ? "resume" : ""),
    },
    scorm2004: {
      global: "API_1484_11",
      create: (settings) => new window.Scorm2004API(settings),
      calls: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"],
      lastError: "GetLastError",
      exit: "cmi.exit",
      entry: "cmi.entry",
      learner: ["cmi.learner_id", "cmi.learner_name"],
      passingScore: "cmi.scaled_passing_score",
      kept: ["cmi.location", "cmi.completion_status", "cmi.success_status", "cmi.score.raw",
        "cmi.score.min", "cmi.score.max", "cmi.score.scaled", "cmi.suspend_data"],
      // SCORM 2004: an exit other than "suspend" ends the attempt; the next launch starts afresh.
      keepsAttempt: (exit) => exit === "suspend",
      entryAfter: () => "resume",
    },
  };

  const LEARNER = { id: "learner-7", name: "Learner, Dana" };
  const frame = document.getElementById("content");

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  // The runtime's HTTP service, replaced by one that stores each commit here instead of posting it.
  function commitRecorder(session) {
    return {
      processHttpRequest(url, params, immediate, apiLog, processListeners, metadata) {
        session.commits.push({ terminate: Boolean(metadata && metadata.isTerminateCommit), cmi: copy(params),
          dismissing: session.dismissing });
        return { result: "true", errorCode: 0 };
      },
      updateSettings() {},
    };
  }

  // Every call the package makes is logged with its result and the runtime's error code.
  function recordCalls(api, spec, session) {
    for (const name of spec.calls) {
      const original = api[name];
      api[name] = function (...args) {
        if (name === spec.calls[0]) {
          session.documents += 1;
          session.dismissing = false;
        }
        const result = original.apply(api, args);
        const error = String(api[spec.lastError]());
        session.calls.push({ name: name, args: args.map(String), result: String(result), error: error,
          dismissing: session.dismissing, document: session.documents });
        return result;
      };
    }
  }

  // What this LMS hands to the next launch, from the last commit of the previous session.
  function resumeData(spec, previous) {
    const last = previous && previous.commits.length ? previous.commits[previous.commits.length - 1].cmi : null;
    if (!last) return null;
    const exit = String(last[spec.exit] || "");
    if (!spec.keepsAttempt(exit)) return null;
    const data = {};
    for (const element of spec.kept) {
      if (last[element] !== undefined && last[element] !== "") data[element] = last[element];
    }
    data[spec.entry] = spec.entryAfter(exit);
    return data;
  }

  const lms = {
    sessions: [],
    get session() { return this.sessions[this.sessions.length - 1] || null; },

    // Starts a session of `standard` and loads `url` in the frame; resolves once it has loaded.
    // `passingScore` is the pass mark the LMS read from the manifest ("" for none).
    launch(standard, url, passingScore, popup) {
      const spec = STANDARDS[standard];
      if (!spec) throw new Error(`unknown standard ${standard}; use ${Object.keys(STANDARDS).join(", ")}`);
      const previous = this.sessions.filter((s) => s.standard === standard).pop();
      const session = { standard: standard, url: url, calls: [], commits: [], resumed: null,
        dismissing: false, documents: 0 };
      const api = spec.create({
        lmsCommitUrl: "/lms/commit",
        dataCommitFormat: "flattened",
        autocommit: false,
        logLevel: 4,
        httpService: commitRecorder(session),
        // Runtime errors go to the console, which a failing test's report shows.
        onLogMessage: (level, message) => { console.error(`scorm-again: ${message}`); },
      });
      // What the LMS itself knows: who the learner is and the manifest's pass mark.
      const known = { [spec.learner[0]]: LEARNER.id, [spec.learner[1]]: LEARNER.name };
      if (passingScore) known[spec.passingScore] = passingScore;
      api.loadFromFlattenedJSON(known, "");
      const data = resumeData(spec, previous);
      if (data) {
        api.loadFromFlattenedJSON(data, "");
        session.resumed = data;
      }
      recordCalls(api, spec, session);
      for (const other of Object.values(STANDARDS)) delete window[other.global];
      window[spec.global] = api;
      this.sessions.push(session);
      if (popup) {
        this.popup = window.open(url, "lesson");
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        frame.addEventListener("load", () => resolve(true), { once: true });
        frame.src = url;
      });
    },

    // Reported by the lesson's pages (the tests' init script, see scorm_host.py).
    markDismissal() {
      if (this.session) this.session.dismissing = true;
    },

    // The learner leaves: the frame is unloaded, as when an LMS closes its player.
    close() {
      if (this.popup && !this.popup.closed) {
        this.popup.close();
        this.popup = null;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        frame.addEventListener("load", () => resolve(true), { once: true });
        frame.src = "about:blank";
      });
    },
  };

  window.lms = lms;
})();
