/* Tessera package adapters, LRS part: xAPI statements and the State API over fetch, shared by
   the cmi5 and xAPI (Tin Can launch) adapters. Exposes window.tesseraLrs.

   One session = one launch. Verbs: initialized (first), answered (each checked answer, with the
   interaction's definition and the learner's response), completed (once per registration),
   passed (once per registration) or failed, terminated (last, with the session duration and,
   while unfinished, the progress). A verdict is sent when it is reached, so an abandoned session
   still records it (cmi5 §9.7). cmi5 allows one verdict per session and no failed after passed:
   a learner who fails, retries and passes in the same sitting gets the pass recorded at the start
   of their next session. Nothing is sent after terminated. The player's saved state and what was
   already sent live in one State API document per registration. */
(function () {
  "use strict";

  const kit = window.tesseraTracking;
  if (!kit || window.tesseraLrs) return;

  const XAPI_VERSION = "1.0.3";
  const STATE_ID = "tessera.player.state";
  const ADL = "http://adlnet.gov/expapi/verbs/";
  const CMI5 = "https://w3id.org/xapi/cmi5/";
  const CATEGORY_CMI5 = CMI5 + "context/categories/cmi5";
  const CATEGORY_MOVE_ON = CMI5 + "context/categories/moveon";
  const EXTENSION_MASTERY = CMI5 + "context/extensions/masteryscore";
  const EXTENSION_PROGRESS = CMI5 + "result/extensions/progress";
  const INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction";
  const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
  const MAX_UNSENT = 200;
  const KEEPALIVE_LIMIT = 60000;   // characters; the browsers' quota is 64 KiB for all in flight

  /* ---- Transport ---- */

  function createClient(endpoint, authorization) {
    const base = endpoint.endsWith("/") ? endpoint : endpoint + "/";
    return async function request(method, resource, query, body, keepalive) {
      const url = new URL(resource, base);
      for (const [key, value] of Object.entries(query || {})) {
        if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
      }
      const headers = { "X-Experience-API-Version": XAPI_VERSION, Authorization: authorization };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const payload = body === undefined ? undefined : JSON.stringify(body);
      // Browsers refuse keepalive bodies over 64 KiB: a long backlog goes as a plain request.
      const small = payload === undefined || payload.length <= KEEPALIVE_LIMIT;
      const response = await fetch(url.href, {
        method, headers, body: payload, keepalive: Boolean(keepalive) && small, credentials: "omit", cache: "no-store",
      });
      if (method === "GET" && response.status === 404) return null;
      if (!response.ok) throw new Error(`${method} ${resource} answered HTTP ${response.status}`);
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    };
  }

  // Tin Can launchers may send the actor with one-element arrays and old account names.
  function normalizeActor(raw) {
    let actor = raw;
    if (typeof actor === "string") {
      try { actor = JSON.parse(actor); } catch (error) { return null; }
    }
    if (!actor || typeof actor !== "object") return null;
    const first = (value) => (Array.isArray(value) ? value[0] : value);
    const result = { objectType: "Agent" };
    for (const key of ["name", "mbox", "mbox_sha1sum", "openid"]) {
      if (first(actor[key])) result[key] = String(first(actor[key]));
    }
    const account = first(actor.account);
    if (account && typeof account === "object") {
      result.account = { homePage: String(account.homePage || account.accountServiceHomePage || ""),
        name: String(account.name || account.accountName || "") };
    }
    return result.mbox || result.mbox_sha1sum || result.openid || result.account ? result : null;
  }

  function language() {
    const lang = document.documentElement.lang || "en";
    return LANGUAGE_TAG.test(lang) ? lang : "und";
  }

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  /* ---- Session ----
     options: request, actor, registration, activityId, parentId, cmi5 (bool), contextTemplate,
     launchMode ("Normal" | "Browse" | "Review"), masteryScore (from the LMS, or null), title,
     returnUrl (cmi5: where the AU goes after exit, or ""), onEnd (called once terminated is sent). */

  function createSession(options) {
    const lang = language();
    const judged = options.launchMode === "Normal";
    // pendingPass: a pass reached after this session's failure, sent at the next session's start.
    const record = { state: null, completed: false, passed: false, pendingPass: null };
    let startedAt = 0;
    let lastTimestamp = 0;
    let progress = 0;
    let judgedThisSession = false;
    let chain = Promise.resolve();
    let unsent = [];
    let waiting = [];
    let ended = false;

    // Every request waits for the one before: statements arrive in order, state saves never race.
    // Once terminated went out, nothing more is sent (an LMS rejects it, cmi5 §9.3.8).
    function enqueue(job) {
      if (ended) return Promise.resolve(undefined);
      const next = chain.then(job);
      chain = next.catch((error) => { kit.warn("the learning record store did not accept an update.", error); });
      return next;
    }

    // Strictly increasing timestamps: cmi5 orders a session's statements by them.
    function timestamp() {
      lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
      return new Date(lastTimestamp).toISOString();
    }

    // The LMS's context template (cmi5: session id, publisher id…) plus our own activities.
    function context(categories, parents, groupings) {
      const made = copy(options.contextTemplate) || {};
      if (options.registration) made.registration = options.registration;
      const activities = made.contextActivities || {};
      const add = (key, ids) => {
        if (ids.length) activities[key] = (activities[key] || []).concat(ids.map((id) => ({ id })));
      };
      add("category", categories);
      add("parent", parents);
      add("grouping", groupings);
      if (Object.keys(activities).length) made.contextActivities = activities;
      return made;
    }

    // cmi5-defined statements carry the cmi5 category (and moveOn when judging); answers sit
    // under the lesson; in a plain xAPI course every statement also points at the course.
    function statement(verb, extra) {
      const result = extra && extra.result;
      const answer = verb === "answered";
      const categories = [];
      if (options.cmi5 && !answer) categories.push(CATEGORY_CMI5);
      if (options.cmi5 && result && ("success" in result || "completion" in result)) categories.push(CATEGORY_MOVE_ON);
      const course = options.parentId ? [options.parentId] : [];
      const made = {
        id: kit.uuid(),
        timestamp: timestamp(),
        actor: options.actor,
        verb: { id: ADL + verb, display: { "en-US": verb } },
        object: (extra && extra.object) || lessonActivity(),
        context: answer ? context([], [options.activityId], course) : context(categories, course, []),
      };
      if (result) made.result = result;
      if (extra && extra.masteryScore !== undefined) {
        made.context.extensions = Object.assign(made.context.extensions || {}, { [EXTENSION_MASTERY]: extra.masteryScore });
      }
      return made;
    }

    function lessonActivity() {
      const activity = { objectType: "Activity", id: options.activityId };
      // cmi5: the LMS owns the AU's definition; plain xAPI: say what the activity is.
      if (!options.cmi5) {
        activity.definition = { type: "http://adlnet.gov/expapi/activities/lesson", name: { [lang]: options.title } };
      }
      return activity;
    }

    // Statements wait in `waiting` until their request starts, so a page that goes away sends the
    // ones still queued with terminated. Requests carry keepalive: one already on its way is
    // finished by the browser when the learner closes the page right after reaching the end.
    // Statements the LRS did not take are sent again with the next batch (a batch is stored all
    // or nothing, and statement ids make a resend harmless).
    function send(statements) {
      waiting.push(...statements);
      return enqueue(async () => {
        const batch = unsent.concat(waiting.splice(0));
        unsent = [];
        if (!batch.length) return;   // the page left first: terminate took these along
        try {
          await options.request("POST", "statements", null, batch, true);
        } catch (error) {
          unsent = batch.slice(-MAX_UNSENT);
          throw error;
        }
      });
    }

    function stateQuery() {
      return { stateId: STATE_ID, activityId: options.activityId, agent: JSON.stringify(options.actor),
        registration: options.registration };
    }

    function saveRecord() {
      const body = copy(record);
      return enqueue(() => options.request("PUT", "activities/state", stateQuery(), body));
    }

    function duration() {
      return kit.isoDuration(Date.now() - startedAt);
    }

    function scoreOf(score) {
      return { scaled: kit.round4(score), raw: Math.round(score * 100), min: 0, max: 100 };
    }

    function verdict(verb, score) {
      const result = { success: verb === "passed", duration: duration() };
      if (score !== null) result.score = scoreOf(score);
      const extra = { result };
      if (options.masteryScore !== null && options.masteryScore !== undefined) extra.masteryScore = options.masteryScore;
      return statement(verb, extra);
    }

    return {
      async start() {
        const saved = await options.request("GET", "activities/state", stateQuery());
        if (saved && typeof saved === "object") {
          record.state = saved.state || null;
          record.completed = saved.completed === true;
          record.passed = saved.passed === true;
          record.pendingPass = typeof saved.pendingPass === "number" ? saved.pendingPass : null;
        }
        startedAt = Date.now();
        const opening = [statement("initialized")];
        if (judged && record.pendingPass !== null && !record.passed) {
          opening.push(verdict("passed", record.pendingPass));
          record.passed = true;
          judgedThisSession = true;
        }
        record.pendingPass = null;
        await send(opening);
        if (judgedThisSession) await saveRecord();
        return options.masteryScore !== null && options.masteryScore !== undefined
          ? { masteryScore: options.masteryScore } : {};
      },

      loadState() {
        return record.state;
      },

      saveState(stateJson) {
        record.state = JSON.parse(stateJson);
        return saveRecord();
      },

      recordAnswer(answer) {
        const key = (index) => kit.choiceKey(index) || "n" + index;
        const object = {
          objectType: "Activity",
          id: `${options.activityId}/quiz/${encodeURIComponent(answer.id)}`,
          definition: {
            type: INTERACTION_TYPE,
            name: { [lang]: answer.question || answer.id },
            interactionType: "choice",
            correctResponsesPattern: [answer.correctResponse.map(key).join("[,]")],
            choices: answer.choices.map((text, index) => ({ id: key(index), description: { [lang]: text || key(index) } })),
          },
        };
        const result = { success: answer.correct, response: answer.response.map(key).join("[,]") };
        return send([statement("answered", { object, result, parent: options.activityId })]);
      },

      setProgress(fraction) {
        progress = fraction;
      },

      complete(score, passed) {
        if (!judged || ended) return undefined;
        const statements = [];
        if (!record.completed) {
          record.completed = true;
          statements.push(statement("completed", { result: { completion: true, duration: duration() } }));
        }
        if (score !== null && !record.passed) {
          if (!judgedThisSession) {
            judgedThisSession = true;
            record.passed = passed;
            statements.push(verdict(passed ? "passed" : "failed", score));
          } else if (passed) {
            record.pendingPass = score;   // failed earlier in this session: cmi5 allows one verdict
          }
        }
        if (!statements.length) return saveRecord();
        return send(statements).then(saveRecord);
      },

      // The page is going away: start both requests now (not behind the queue) with keepalive,
      // so the browser finishes them on its own. Timestamps keep terminated last.
      terminate() {
        return finish(true);
      },

      // The learner's own exit: terminated is sent and stored before the AU navigates away.
      async exit() {
        await chain;
        await finish(false);
        return options.returnUrl || "";
      },
    };

    function finish(leaving) {
      if (ended) return Promise.resolve(undefined);
      const statements = unsent.splice(0).concat(waiting.splice(0));
      const result = { duration: duration() };
      if (!record.completed) result.extensions = { [EXTENSION_PROGRESS]: Math.round(progress * 100) };
      statements.push(statement("terminated", { result }));
      ended = true;
      if (options.onEnd) options.onEnd();
      return Promise.all([
        options.request("PUT", "activities/state", stateQuery(), copy(record), leaving),
        options.request("POST", "statements", null, statements, leaving),
      ]);
    }
  }

  // The adapter the player sees: `open(config)` reads the launch and returns a session (or null
  // when this is not such a launch); until a session runs, every call does nothing.
  function sessionAdapter(open) {
    let session = null;
    const forward = (method) => (...args) => (session ? session[method](...args) : undefined);
    return {
      async initialize(config) {
        session = await open(config);
        return session ? session.start() : false;
      },
      loadState: () => (session ? session.loadState() : null),
      saveState: forward("saveState"),
      recordAnswer: forward("recordAnswer"),
      setProgress: forward("setProgress"),
      complete: forward("complete"),
      terminate: forward("terminate"),
      exit: forward("exit"),
    };
  }

  window.tesseraLrs = Object.freeze({ createClient, createSession, normalizeActor, sessionAdapter });
})();
