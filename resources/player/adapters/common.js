/* Tessera package adapters, shared part: finding a SCORM API and talking to it, time formats,
   answer identifiers and the compact saved-state format. Loaded before scorm12.js, scorm2004.js,
   lrs.js; exposes window.tesseraTracking. No network, no storage, no code built from strings. */
(function () {
  "use strict";

  if (window.tesseraTracking) return;

  // Frames between the lesson and the LMS window; real LMSs use a handful, the cap only
  // guarantees the walk ends.
  const MAX_FRAME_HOPS = 500;
  const CHOICE_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789";

  function warn(message, error) {
    console.warn("Tessera tracking: " + message, error === undefined ? "" : error);
  }

  /* ---- SCORM API discovery: the LMS puts its API object on a parent frame of the lesson, or
     on the window (or a parent of the window) that opened it. Frames of another origin throw
     when read: skip them and keep climbing. */

  function read(win, name) {
    try {
      return win[name] || null;
    } catch (error) {
      return null;
    }
  }

  function parentOf(win) {
    try {
      return win.parent && win.parent !== win ? win.parent : null;
    } catch (error) {
      return null;
    }
  }

  function climb(start, name) {
    let win = start;
    for (let hops = 0; win && hops <= MAX_FRAME_HOPS; hops += 1) {
      const api = read(win, name);
      if (api) return api;
      win = parentOf(win);
    }
    return null;
  }

  function findApi(name) {
    const top = read(window, "top");
    return climb(window, name) || climb(read(window, "opener"), name) ||
      climb(top && read(top, "opener"), name);
  }

  /* ---- Time ---- */

  function pad(value, width) {
    return String(value).padStart(width, "0");
  }

  // SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours two to four digits).
  function scorm12Duration(ms) {
    const centis = Math.max(0, Math.round(ms / 10));
    const hours = Math.min(9999, Math.floor(centis / 360000));
    const minutes = Math.floor(centis / 6000) % 60;
    const seconds = (centis % 6000) / 100;
    return `${pad(hours, 2)}:${pad(minutes, 2)}:${seconds.toFixed(2).padStart(5, "0")}`;
  }

  // ISO 8601 duration with at most two decimals of seconds (SCORM 2004 timeinterval, xAPI).
  function isoDuration(ms) {
    const centis = Math.max(0, Math.round(ms / 10));
    const hours = Math.floor(centis / 360000);
    const minutes = Math.floor(centis / 6000) % 60;
    const seconds = (centis % 6000) / 100;
    let text = "PT";
    if (hours) text += hours + "H";
    if (minutes) text += minutes + "M";
    if (seconds || text === "PT") text += String(seconds) + "S";
    return text;
  }

  // SCORM 1.2 CMITime: time of day, HH:MM:SS.
  function timeOfDay(date) {
    return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
  }

  // SCORM 2004 time(second,10,2): UTC with two decimals of seconds, e.g. 2026-05-01T09:30:12.34Z.
  function scormTimestamp(date) {
    return date.toISOString().replace(/(\.\d{2})\d*Z$/, "$1Z");
  }

  /* ---- Answers as the standards want them ---- */

  function slug(text, maxLength) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, maxLength).replace(/-+$/, "");
  }

  // One character per answer (a–z, then 0–9): the SCORM 1.2 choice format; null beyond 36 answers.
  function choiceKey(index) {
    return index >= 0 && index < CHOICE_KEYS.length ? CHOICE_KEYS[index] : null;
  }

  // A readable identifier for an answer: "b_started-the-workshop-late" (SCORM 2004 reports).
  function choiceLabel(index, text) {
    const key = choiceKey(index) || "n" + index;
    const words = slug(text, 40);
    return words ? `${key}_${words}` : key;
  }

  // "q2_which-sentence-describes-a-behaviour": the quiz id keeps it unique, the words make it
  // readable in LMS reports. ASCII letters, digits, "-" and "_" only: valid in every standard.
  function interactionId(answer) {
    const words = slug(answer.question, 60);
    const id = slug(answer.id, 20) || "q";
    return words ? `${id}_${words}` : id;
  }

  function round4(value) {
    return Math.round(value * 10000) / 10000;
  }

  /* ---- Saved state. SCORM keeps it as text with a size limit (4,096 characters in 1.2), so
     the player's state is written compactly: short keys, seen blocks as ranges ("0-12,15"),
     nothing derived (progress, score). If it is still too long, the least valuable parts go
     first: scroll position, then reflection notes are cut to a common length (or dropped),
     then turned flashcards, then seen blocks; quiz answers, which make the score, go last. */

  function ranges(indexes) {
    const sorted = Array.from(new Set(indexes)).filter(Number.isInteger).sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < sorted.length; i += 1) {
      let end = i;
      while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end += 1;
      parts.push(end > i ? `${sorted[i]}-${sorted[end]}` : String(sorted[i]));
      i = end;
    }
    return parts.join(",");
  }

  function unranges(text) {
    const found = [];
    for (const part of String(text || "").split(",")) {
      const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
      if (!match) continue;
      const start = Number(match[1]);
      const end = Math.min(Number(match[2] === undefined ? match[1] : match[2]), start + 100000);
      for (let n = start; n <= end; n += 1) found.push(n);
    }
    return found;
  }

  function encode(compact, asciiOnly) {
    const json = JSON.stringify(compact);
    // Some SCORM 1.2 LMSs store suspend data in an 8-bit column: escape everything else.
    return asciiOnly ? json.replace(/[\u007f-\uffff]/g, (c) => "\\u" + pad(c.charCodeAt(0).toString(16), 4)) : json;
  }

  function compactState(state) {
    const quizzes = {};
    for (const [id, entry] of Object.entries(state.quizzes || {})) {
      const correct = entry.correct === true ? 1 : entry.correct === false ? 0 : -1;
      quizzes[id] = [entry.selected || [], entry.checked ? 1 : 0, correct, entry.attempts || 0];
    }
    const compact = { t: 1, q: quizzes, s: ranges(state.seen || []), k: state.completed ? 1 : 0 };
    if (Object.keys(state.cards || {}).length) compact.c = state.cards;
    if (Object.keys(state.reflections || {}).length) compact.r = Object.assign({}, state.reflections);
    if (state.scroll && state.scroll.block) compact.b = state.scroll.block;
    return compact;
  }

  // Cuts every reflection note to one common maximum length, the longest that fits (binary
  // search: the size grows with the cap); notes cut to nothing are dropped.
  function capNotes(compact, fits) {
    const notes = Object.entries(compact.r || {}).map(([key, text]) => [key, Array.from(text)]);
    const apply = (cap) => {
      compact.r = {};
      for (const [key, chars] of notes) if (cap > 0 && chars.length) compact.r[key] = chars.slice(0, cap).join("");
    };
    let low = 0;
    let high = Math.max(0, ...notes.map(([, chars]) => chars.length));
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      apply(middle);
      if (fits()) low = middle;
      else high = middle - 1;
    }
    apply(low);
    if (!Object.keys(compact.r).length) delete compact.r;
  }

  // The state as text of at most `limit` characters, or null when even the quiz answers alone
  // do not fit (then nothing is written, so an earlier save survives).
  function packState(state, limit, asciiOnly) {
    const compact = compactState(state);
    const fits = () => encode(compact, asciiOnly).length <= limit;
    if (!fits()) delete compact.b;
    if (!fits()) capNotes(compact, fits);
    if (!fits()) delete compact.c;
    if (!fits()) compact.s = "";
    const quizIds = Object.keys(compact.q);
    while (!fits() && quizIds.length) delete compact.q[quizIds.pop()];
    if (!fits()) {
      warn(`the saved progress does not fit in ${limit} characters; it was not saved.`);
      return null;
    }
    return encode(compact, asciiOnly);
  }

  // Back to the player's state shape (see docs/player.md); full state JSON is accepted as is.
  function unpackState(text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return null;
    }
    if (!value || typeof value !== "object" || value.t !== 1) return value;
    const quizzes = {};
    for (const [id, entry] of Object.entries(value.q || {})) {
      if (!Array.isArray(entry)) continue;
      quizzes[id] = { selected: entry[0], checked: entry[1] === 1,
        correct: entry[2] === 1 ? true : entry[2] === 0 ? false : null, attempts: entry[3] };
    }
    return { version: 1, quizzes: quizzes, cards: value.c || {}, reflections: value.r || {},
      seen: unranges(value.s), scroll: { block: value.b || 0, y: 0 }, completed: value.k === 1 };
  }

  /* ---- SCORM run-time session. SCORM 1.2 and 2004 make the same calls under other names
     (LMSGetValue / GetValue, LMSFinish / Terminate...) and keep the saved state and location the
     same way; `runtime` names the calls, elements and error codes of one version (see scorm12.js
     and scorm2004.js), which decide themselves what to record.

     Commit early and often: every save, answer and verdict is committed at once, each time with
     the session time and exit written first, so the LMS always holds what it needs if the
     learner vanishes. Leaving the page then commits nothing (browsers refuse the synchronous
     request many LMS APIs make while a page is dismissed): it only ends the session. A session
     the LMS no longer accepts (ended, API gone) is reported through `onLost`, never ignored. */

  // A launch that cannot be tracked any more: the player tells the learner to reopen the lesson.
  function closedError(message) {
    const error = new Error(message);
    error.reason = "closed";
    return error;
  }

  function scormSession(runtime, sessionWrites, onLost) {
    const calls = runtime.calls;
    let api = null;
    let writable = true;
    let startedAt = 0;
    let live = false;

    function invoke(call, ...args) {
      try {
        return String(api[calls[call]](...args));
      } catch (error) {
        lose(`the LMS's ${calls[call]} failed (${error}); the LMS window may have been closed.`);
        return "false";
      }
    }

    function lastError() {
      try {
        return String(api[calls.getLastError]());
      } catch (error) {
        return "";
      }
    }

    function lose(message) {
      if (!live) return;
      live = false;
      warn(message);
      onLost();
    }

    // A refusal that means the session is over (ended, or never started) stops tracking.
    function refused(what) {
      const code = lastError();
      if (runtime.sessionOverCodes.includes(code)) {
        lose(`the LMS no longer accepts ${what} (error ${code}): the session has ended.`);
      } else {
        warn(`the LMS refused ${what} (error ${code}: ${invoke("getErrorString", code)}).`);
      }
    }

    function get(element) {
      if (!live) return "";
      const value = invoke("getValue", element);
      return value === "undefined" || value === "null" ? "" : value;
    }

    function set(element, value) {
      if (!live || !writable) return false;
      if (invoke("setValue", element, String(value)) === "true") return true;
      refused(element);
      return false;
    }

    function writeSessionEnd() {
      if (writable) sessionWrites(Date.now() - startedAt);
    }

    function commit() {
      if (!live) return;
      writeSessionEnd();
      if (invoke("commit", "") !== "true") refused("the commit");
    }

    return {
      get, set, commit,

      // Finds the LMS's API and starts the session. False when there is no LMS; throws a
      // "closed" error when there is one but it refuses this page (a reload after the session
      // ended: SCORM allows one Initialize per launch).
      open() {
        api = findApi(runtime.apiName);
        if (!api) return false;
        live = true;
        if (invoke("initialize", "") !== "true") {
          const code = lastError();
          // SCORM 2004 "already initialized": this launch's session is still open; carry on.
          if (code !== runtime.alreadyOpenCode) {
            live = false;
            throw closedError(`the LMS refused ${calls.initialize} (error ${code}): this launch has ended.`);
          }
        }
        startedAt = Date.now();
        // Browse and review launches may look but not change the learner's record.
        writable = !["browse", "review"].includes(get(runtime.modeElement));
        return true;
      },

      loadState() {
        const saved = get("cmi.suspend_data");
        return saved ? unpackState(saved) : null;
      },

      // `leaving`: the page is being dismissed; the values are set but not committed (the
      // LMS's own Terminate stores them; the previous commit already holds nearly all of it).
      saveState(stateJson, leaving) {
        const state = JSON.parse(stateJson);
        const packed = packState(state, runtime.suspendDataLimit, runtime.asciiOnly);
        if (packed !== null) set("cmi.suspend_data", packed);
        set(runtime.locationElement, String(state.scroll.block).slice(0, runtime.locationLimit));
        if (leaving) writeSessionEnd();
        else commit();
      },

      // Ends the session, once. `leaving` (page dismissal): no commit, only the end call.
      finish(leaving) {
        if (!live) return;
        if (leaving) writeSessionEnd();
        else commit();
        invoke("finish", "");
        live = false;
      },
    };
  }

  /* ---- Misc ---- */

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;   // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80;   // RFC 4122 variant
    const hex = Array.from(bytes, (b) => pad(b.toString(16), 2)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function launchParameters() {
    try {
      return new URLSearchParams(window.location.search);
    } catch (error) {
      return new URLSearchParams("");
    }
  }

  window.tesseraTracking = Object.freeze({
    warn, scorm12Duration, isoDuration, timeOfDay, scormTimestamp,
    choiceKey, choiceLabel, interactionId, round4, scormSession, closedError, uuid, launchParameters,
  });
})();
