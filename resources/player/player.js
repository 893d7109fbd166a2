/* Tessera learner player: quizzes, flashcards, reflection notes, progress and tracking.
   One function, no dependencies, no network. The page's Content-Security-Policy allows
   only this script (by hash), so nothing here builds code from strings or uses inline
   handlers. docs/player.md describes the state JSON, the tracking adapters and the
   preview API (window.tesseraPlayer). */
(function () {
  "use strict";

  const STATE_VERSION = 1;
  const DEFAULT_MASTERY = 0.8;
  const SAVE_DELAY_MS = 400;
  const MEASURE_DELAY_MS = 120;
  const SCROLL_MARGIN_PX = 16;
  const MAX_PENDING_EVENTS = 500;
  const EVENT_PREFIX = "tessera:event ";
  const THEMES = ["light", "dark", "system"];

  // Every learner-facing string in one place. The page's config may replace any of them with
  // the lesson language's words (editor/labels.py); {name} marks a value filled in by say().
  const DEFAULT_TEXT = {
    question: "Question",
    questionOf: "Question {n} of {total}",
    retry: "Try again",
    markCorrect: "Correct",
    markIncorrect: "Incorrect",
    markMissed: "Also correct",
    resultCorrect: "Correct! Well done.",
    resultCorrectAll: "Correct! You found all {total} answers.",
    resultIncorrect: "Not quite. Read the feedback, then try again.",
    resultPartial: "Not quite: {found} of {total} correct answers chosen. Read the feedback, then try again.",
    resultPartialWrong: "Not quite: {found} of {total} correct answers chosen, {wrong} incorrect. " +
      "Read the feedback, then try again.",
    finishDone: "Lesson complete",
    finishScore: "You answered {right} of {total} questions correctly.",
    finishBelowMastery: "Try the questions again to reach {percent}%.",
    finishNoQuiz: "You have reached the end of this lesson.",
    finishPending: "Almost done",
    finishQuestionLeft: "Answer the last question to complete this lesson.",
    finishQuestionsLeft: "Answer the remaining {n} questions to complete this lesson.",
    finishGo: "Go to the question",
    trackingClosed: "This lesson was closed; reopen it from your learning platform to keep your progress.",
    trackingOff: "Your progress is not recorded here; open this lesson from your learning platform to keep it.",
    exit: "Exit lesson",
    exitDone: "Your progress is saved. You can close this window now.",
  };
  const MARK_KEYS = { correct: "markCorrect", incorrect: "markIncorrect", missed: "markMissed" };

  const root = document.getElementById("ts-player");
  if (!root) {
    console.warn("Tessera player: no #ts-player element on this page; nothing to run.");
    return;
  }

  /* ---- Tracking adapters ---------------------------------------------------------------
     An adapter carries progress to wherever it goes: nowhere, the app's preview, or an LMS
     (package pages add scripts from adapters/ that register scorm12, scorm2004, cmi5, xapi).
     Each method may return a value or a Promise; an adapter that throws never breaks the
     lesson. Null-prototype map: a name like "toString" is not an adapter. */

  const adapterFactories = Object.create(null);
  const RECORDING_NONE = ["none", "preview"];

  function createMemoryAdapter() {
    let saved = null;
    return {
      initialize() { return true; },
      saveState(stateJson) { saved = stateJson; },
      loadState() { return saved; },
      recordAnswer() {},
      setProgress() {},
      complete() {},
      terminate() {},
    };
  }

  // The app's preview: the memory adapter, with every call mirrored as an event. The app
  // hears them as console messages starting with EVENT_PREFIX (no bridge script needed).
  function createPreviewAdapter() {
    const memory = createMemoryAdapter();
    const pending = [];
    function emit(type, detail) {
      const event = { type: type, detail: detail };
      pending.push(event);
      if (pending.length > MAX_PENDING_EVENTS) pending.shift();
      window.dispatchEvent(new CustomEvent("tessera:" + type, { detail: detail }));
      console.info(EVENT_PREFIX + JSON.stringify(event));
    }
    return {
      initialize(config) { emit("initialize", config); return true; },
      saveState(stateJson) { memory.saveState(stateJson); emit("state", JSON.parse(stateJson)); },
      loadState() { return memory.loadState(); },
      recordAnswer(answer) { emit("answer", answer); },
      setProgress(fraction) { emit("progress", fraction); },
      complete(score, passed) { emit("complete", { score: score, passed: passed }); },
      terminate() { emit("terminate", null); },
      takeEvents() { return pending.splice(0); },
    };
  }

  adapterFactories.none = createMemoryAdapter;
  adapterFactories.preview = createPreviewAdapter;

  const tracker = { name: "", adapter: null };

  function warn(message, error) {
    console.warn("Tessera player: " + message, error === undefined ? "" : error);
  }

  function call(method, ...args) {
    const adapter = tracker.adapter;
    const fn = adapter && adapter[method];
    if (typeof fn !== "function") return Promise.resolve(undefined);
    const failed = (error) => { warn(`tracking call ${method} failed`, error); };
    try {
      return Promise.resolve(fn.apply(adapter, args)).catch(failed);
    } catch (error) {
      failed(error);
      return Promise.resolve(undefined);
    }
  }

  // What an adapter may tell the player: the LMS stopped accepting this session.
  const adapterHost = Object.freeze({ lost() { stopTracking("trackingClosed"); } });

  async function connectTracking() {
    const wanted = config.tracking;
    const factory = adapterFactories[wanted];
    // A package page that cannot record says so: the learner must not believe it counts.
    let notice = RECORDING_NONE.includes(wanted) ? "" : "trackingOff";
    if (factory) {
      try {
        const adapter = factory(adapterHost);
        const started = await adapter.initialize(config);
        if (started) {
          tracker.name = wanted;
          tracker.adapter = adapter;
          acceptLmsSettings(started);
          if (typeof adapter.exit === "function") addExitControl();
          return;
        }
        warn(`tracking "${wanted}" did not start; progress stays in this page only.`);
      } catch (error) {
        warn(`tracking "${wanted}" failed to start; progress stays in this page only.`, error);
        if (notice && error && error.reason === "closed") notice = "trackingClosed";
      }
    } else {
      warn(`unknown tracking "${wanted}"; progress stays in this page only.`);
    }
    useMemoryAdapter();
    if (notice) showNotice(notice);
  }

  function useMemoryAdapter() {
    tracker.name = "none";
    tracker.adapter = createMemoryAdapter();
    tracker.adapter.initialize(config);
  }

  // The session ended under the lesson (LMS window closed, session terminated): stop
  // pretending to record, keep the lesson working, and tell the learner.
  function stopTracking(noticeKey) {
    if (tracker.name === "none") return;
    warn("the learning platform stopped recording this session.");
    useMemoryAdapter();
    const exitBar = root.querySelector(".ts-exit-bar");
    if (exitBar) exitBar.hidden = true;
    showNotice(noticeKey);
  }

  function showNotice(key) {
    let notice = root.querySelector(".ts-notice");
    if (!notice) {
      notice = element("p", "ts-notice");
      notice.setAttribute("role", "alert");
      root.prepend(notice);
    }
    notice.textContent = say(key);
    notice.hidden = false;
  }

  // The lesson's own way out (cmi5 §10.2.6 asks for one): ends the session while the page is
  // alive, then goes to the LMS's returnURL, or says the window may be closed.
  function addExitControl() {
    if (root.querySelector(".ts-exit-bar")) return;
    const bar = element("div", "ts-exit-bar");
    const button = element("button", "ts-exit", say("exit"));
    button.type = "button";
    bar.append(button);
    root.append(bar);
  }

  async function exitLesson(button) {
    if (ended) return;
    button.disabled = true;
    flushSave();
    ended = true;          // pagehide must not end the session a second time
    const target = await call("exit");
    if (typeof target === "string" && /^https?:/i.test(target)) {
      window.location.assign(target);
      return;
    }
    button.closest(".ts-exit-bar").hidden = true;
    showNotice("exitDone");
  }

  // An LMS may set its own pass mark (SCORM mastery score, cmi5 launch data); it wins over the
  // lesson's, so the verdict we report is the one the LMS expects.
  function acceptLmsSettings(started) {
    if (!isObject(started)) return;
    const mastery = started.masteryScore;
    if (typeof mastery === "number" && mastery >= 0 && mastery <= 1) config.masteryScore = mastery;
  }

  /* ---- Configuration and state ------------------------------------------------------------ */

  function readConfig() {
    let raw = {};
    try {
      raw = JSON.parse(root.dataset.config || "{}") || {};
    } catch (error) {
      warn("the player configuration is not valid JSON; using defaults.", error);
    }
    const mastery = raw.masteryScore;
    const text = Object.create(null);
    if (raw.text && typeof raw.text === "object") {
      for (const [key, value] of Object.entries(raw.text)) {
        if (key in DEFAULT_TEXT && typeof value === "string") text[key] = value;
      }
    }
    const activity = Object.create(null);
    if (isObject(raw.activity)) {
      for (const key of ["id", "parent"]) {
        if (typeof raw.activity[key] === "string" && raw.activity[key]) activity[key] = raw.activity[key];
      }
    }
    const answers = Object.create(null);
    if (isObject(raw.answers)) {
      for (const [id, value] of Object.entries(raw.answers)) if (typeof value === "string") answers[id] = value;
    }
    return {
      text,
      answers,
      tracking: typeof raw.tracking === "string" && raw.tracking ? raw.tracking : "none",
      lessonId: typeof raw.lessonId === "string" ? raw.lessonId : "",
      masteryScore: typeof mastery === "number" && mastery >= 0 && mastery <= 1 ? mastery : DEFAULT_MASTERY,
      activity,
    };
  }

  const config = readConfig();
  const TEXT = Object.assign(Object.create(null), DEFAULT_TEXT, config.text);

  function say(key, values) {
    return TEXT[key].replace(/\{(\w+)\}/g, (match, name) =>
      values && name in values ? String(values[name]) : match);
  }

  // Keys: quiz ids from the page ("q1"), decks "d1"…, reflection boxes "r1"… (document order).
  const model = {
    quizzes: Object.create(null),
    cards: Object.create(null),
    reflections: Object.create(null),
    seen: new Set(),
    scroll: { block: 0, y: 0 },
    completed: false,
  };
  const reported = { progress: -1, score: undefined };

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function count(value) {
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
  }

  function indexList(value) {
    if (!Array.isArray(value)) return [];
    const valid = value.filter((n) => Number.isInteger(n) && n >= 0);
    return Array.from(new Set(valid)).sort((a, b) => a - b);
  }

  function newQuizEntry() {
    return { selected: [], checked: false, correct: null, attempts: 0 };
  }

  // Saved state comes from outside (an LMS, the app): keep only well-formed parts.
  function normalizeState(raw) {
    let value = raw;
    if (typeof value === "string") {
      try { value = JSON.parse(value); } catch (error) { return null; }
    }
    if (!isObject(value)) return null;
    const state = {
      lessonId: typeof value.lessonId === "string" ? value.lessonId : "",
      quizzes: Object.create(null),
      cards: Object.create(null),
      reflections: Object.create(null),
      seen: indexList(value.seen),
      scroll: { block: 0, y: 0 },
      completed: value.completed === true,
    };
    for (const [id, entry] of Object.entries(isObject(value.quizzes) ? value.quizzes : {})) {
      if (!isObject(entry)) continue;
      const selected = indexList(entry.selected);
      state.quizzes[id] = {
        selected: selected,
        checked: entry.checked === true && selected.length > 0,
        correct: typeof entry.correct === "boolean" ? entry.correct : null,
        attempts: count(entry.attempts),
      };
    }
    for (const [key, list] of Object.entries(isObject(value.cards) ? value.cards : {})) {
      state.cards[key] = indexList(list);
    }
    for (const [key, text] of Object.entries(isObject(value.reflections) ? value.reflections : {})) {
      if (typeof text === "string") state.reflections[key] = text;
    }
    if (isObject(value.scroll)) state.scroll = { block: count(value.scroll.block), y: count(value.scroll.y) };
    return state;
  }

  function getState() {
    const now = summary();
    return JSON.parse(JSON.stringify({
      version: STATE_VERSION,
      lessonId: config.lessonId,
      quizzes: model.quizzes,
      cards: model.cards,
      reflections: model.reflections,
      seen: Array.from(model.seen).sort((a, b) => a - b),
      scroll: model.scroll,
      progress: Math.round(now.progress * 10000) / 10000,
      score: now.score,
      completed: model.completed,
    }));
  }

  function setState(raw) {
    const state = normalizeState(raw);
    if (!state) {
      warn("setState() needs a state object (or its JSON); nothing was changed.");
      return false;
    }
    if (state.lessonId && config.lessonId && state.lessonId !== config.lessonId) {
      warn(`the saved state belongs to lesson ${state.lessonId}, not ${config.lessonId}; ignored.`);
      return false;
    }
    model.quizzes = state.quizzes;
    model.cards = state.cards;
    model.reflections = state.reflections;
    model.seen = new Set(state.seen);
    model.completed = state.completed;
    const article = lessonEl();
    if (article) paintAll(article);
    // A lesson completed earlier is not reported again unless its score changes.
    reported.score = model.completed ? summary().score : undefined;
    restoreScroll(state.scroll);
    measure();
    return true;
  }

  /* ---- Page structure ----------------------------------------------------------------------- */

  function lessonEl() {
    return root.querySelector("article.ts-lesson");
  }

  function all(scope, selector) {
    return scope ? Array.from(scope.querySelectorAll(selector)) : [];
  }

  function blocks() { return all(lessonEl(), ".ts-block"); }
  function quizEls() { return all(lessonEl(), ".ts-quiz[data-quiz-id]"); }
  function optionInputs(quiz) { return all(quiz, ".ts-option input"); }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function plainText(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // Adds what only a scripted page needs: question numbers, "Try again", state keys.
  function decorate(article) {
    const quizzes = all(article, ".ts-quiz[data-quiz-id]");
    quizzes.forEach((quiz, index) => {
      const label = quizzes.length > 1 ? say("questionOf", { n: index + 1, total: quizzes.length }) : say("question");
      quiz.prepend(element("p", "ts-eyebrow", label));
      const check = quiz.querySelector(".ts-check");
      if (check) {
        const retry = element("button", "ts-retry", say("retry"));
        retry.type = "button";
        retry.hidden = true;
        check.after(retry);
      }
    });
    all(article, ".ts-flashcards").forEach((deck, index) => { deck.dataset.tsKey = "d" + (index + 1); });
    all(article, "textarea.ts-reflect").forEach((box, index) => { box.dataset.tsKey = "r" + (index + 1); });
  }

  function paintAll(article) {
    all(article, ".ts-quiz[data-quiz-id]").forEach((quiz) => {
      paintQuiz(quiz, model.quizzes[quiz.dataset.quizId] || null);
    });
    all(article, ".ts-flashcards").forEach((deck) => {
      const turned = new Set(model.cards[deck.dataset.tsKey] || []);
      all(deck, ".ts-card").forEach((card, index) => { paintCard(card, turned.has(index)); });
    });
    all(article, "textarea.ts-reflect").forEach((box) => {
      const text = model.reflections[box.dataset.tsKey] || "";
      if (box.value !== text) box.value = text;
    });
  }

  /* ---- Quizzes -------------------------------------------------------------------------------- */

  // Shows a quiz as its entry says; returns nothing but keeps entry.correct in step with
  // the page, so a preview edit that changes the right answer also changes the score.
  function paintQuiz(quiz, entry) {
    const multiple = quiz.dataset.kind === "multiple";
    const inputs = optionInputs(quiz);
    const rightOnes = correctOptions(quiz);
    let picked = entry ? entry.selected.filter((index) => index < inputs.length) : [];
    if (!multiple) picked = picked.slice(0, 1);
    const checked = Boolean(entry && entry.checked && picked.length);
    const chosen = new Set(picked);
    let found = 0;
    let total = 0;
    let wrong = 0;
    inputs.forEach((input, index) => {
      const right = rightOnes.has(index);
      const isChosen = chosen.has(index);
      input.checked = isChosen;
      input.disabled = checked;
      total += right ? 1 : 0;
      found += isChosen && right ? 1 : 0;
      wrong += isChosen && !right ? 1 : 0;
      let verdict = "";
      if (checked && isChosen) verdict = right ? "correct" : "incorrect";
      else if (checked && right && multiple) verdict = "missed";
      paintOption(input, isChosen, verdict);
    });
    const correct = multiple ? wrong === 0 && found === total : wrong === 0 && found > 0;
    const check = quiz.querySelector(".ts-check");
    if (check) {
      check.hidden = checked;
      check.disabled = picked.length === 0;
    }
    const retry = quiz.querySelector(".ts-retry");
    if (retry) retry.hidden = !checked;
    const result = quiz.querySelector(".ts-result");
    if (result) {
      let text = "";
      if (checked && correct) {
        text = multiple && total > 1 ? say("resultCorrectAll", { total }) : say("resultCorrect");
      } else if (checked) {
        text = multiple ? say(wrong ? "resultPartialWrong" : "resultPartial", { found, total, wrong })
          : say("resultIncorrect");
      }
      if (result.textContent !== text) result.textContent = text;
      result.classList.toggle("is-correct", checked && correct);
      result.classList.toggle("is-incorrect", checked && !correct);
    }
    quiz.classList.toggle("is-answered", checked);
    if (entry) {
      entry.selected = picked;
      entry.checked = checked;
      if (checked) entry.correct = correct;
    }
  }

  // The right answers travel encoded in the page's config, not in the markup (docs/packages.md
  // says what that hides and what not). Markup from the preview's update() still carries
  // data-correct, which then wins, so an edit that changes the right answer shows at once.
  function correctOptions(quiz) {
    const inputs = optionInputs(quiz);
    if (inputs.some((input) => input.dataset.correct !== undefined)) {
      return new Set(inputs.flatMap((input, index) => (input.dataset.correct === "true" ? [index] : [])));
    }
    return new Set(decodeAnswers(quiz.dataset.quizId).filter((index) => index < inputs.length));
  }

  // Inverse of publishing/player.py encode_answers: hex, four digits per character, each
  // character XOR-ed with the key "<lessonId>/<quizId>".
  function decodeAnswers(quizId) {
    const encoded = config.answers[quizId];
    if (typeof encoded !== "string") return [];
    const key = `${config.lessonId}/${quizId}`;
    let text = "";
    for (let at = 0; at + 4 <= encoded.length; at += 4) {
      const code = Number.parseInt(encoded.slice(at, at + 4), 16);
      text += String.fromCharCode(code ^ key.charCodeAt((at / 4) % key.length));
    }
    return text.split(",").filter((part) => /^\d+$/.test(part)).map(Number);
  }

  function paintOption(input, isChosen, verdict) {
    const option = input.closest(".ts-option");
    if (!option) return;
    option.classList.toggle("is-selected", isChosen);
    for (const name of Object.keys(MARK_KEYS)) option.classList.toggle("is-" + name, verdict === name);
    let mark = option.querySelector(".ts-mark");
    if (verdict && !mark) {
      mark = element("span", "ts-mark");
      if (input.id) mark.id = input.id + "-mark";
      const label = option.querySelector("label");
      if (label) label.after(mark); else option.append(mark);
    }
    if (mark) {
      mark.hidden = !verdict;
      mark.textContent = verdict ? say(MARK_KEYS[verdict]) : "";
    }
    const feedback = option.querySelector(".ts-feedback");
    const showFeedback = Boolean(verdict && feedback && plainText(feedback));
    if (feedback) feedback.hidden = !showFeedback;
    // Screen readers hear the verdict and the feedback with the answer itself.
    const described = [verdict && mark ? mark.id : "", showFeedback ? feedback.id : ""].filter(Boolean);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function quizEntry(id) {
    if (!model.quizzes[id]) model.quizzes[id] = newQuizEntry();
    return model.quizzes[id];
  }

  function selectAnswer(quiz) {
    const entry = quizEntry(quiz.dataset.quizId);
    entry.selected = optionInputs(quiz).flatMap((input, index) => (input.checked ? [index] : []));
    paintQuiz(quiz, entry);
    changed();
  }

  function checkAnswer(quiz) {
    const entry = quizEntry(quiz.dataset.quizId);
    if (!entry.selected.length) return;
    entry.checked = true;
    entry.attempts += 1;
    paintQuiz(quiz, entry);
    call("recordAnswer", interaction(quiz, entry));
    const retry = quiz.querySelector(".ts-retry");
    if (retry) retry.focus();  // the Check button is gone; keep keyboard users in place
    // An answer is saved at once, not after the usual pause: the learner may leave right away.
    updateProgress();
    flushSave();
  }

  function tryAgain(quiz) {
    const entry = quizEntry(quiz.dataset.quizId);
    entry.selected = [];
    entry.checked = false;
    paintQuiz(quiz, entry);
    const first = optionInputs(quiz)[0];
    if (first) first.focus();
    changed();
  }

  function interaction(quiz, entry) {
    const inputs = optionInputs(quiz);
    const question = quiz.querySelector(".ts-question");
    const questionCopy = question ? question.cloneNode(true) : null;
    if (questionCopy) all(questionCopy, ".ts-hint").forEach((hint) => hint.remove());
    const answerText = (index) => plainText(inputs[index].closest(".ts-option").querySelector("label"));
    return {
      id: quiz.dataset.quizId,
      type: "choice",
      kind: quiz.dataset.kind || "single",
      question: plainText(questionCopy),
      response: entry.selected.slice(),
      responseText: entry.selected.map(answerText),
      choices: inputs.map((input, index) => answerText(index)),
      correctResponse: Array.from(correctOptions(quiz)).sort((a, b) => a - b),
      correct: entry.correct === true,
      attempt: entry.attempts,
      line: Number(quiz.dataset.line) || null,
    };
  }

  /* ---- Flashcards and reflections --------------------------------------------------------------- */

  function paintCard(card, turned) {
    card.setAttribute("aria-pressed", turned ? "true" : "false");
    const front = card.querySelector(".ts-card-front");
    const back = card.querySelector(".ts-card-back");
    if (front) front.hidden = turned;
    if (back) back.hidden = !turned;
  }

  function flipCard(card) {
    paintCard(card, card.getAttribute("aria-pressed") !== "true");
    // Restart the turn animation: drop the class, force a style flush, add it again.
    card.classList.remove("is-turning");
    void card.offsetWidth;
    card.classList.add("is-turning");
    const deck = card.closest(".ts-flashcards");
    if (deck && deck.dataset.tsKey) {
      model.cards[deck.dataset.tsKey] = all(deck, ".ts-card")
        .flatMap((each, index) => (each.getAttribute("aria-pressed") === "true" ? [index] : []));
    }
    changed();
  }

  function keepReflection(box) {
    const key = box.dataset.tsKey;
    if (!key) return;
    if (box.value) model.reflections[key] = box.value;
    else delete model.reflections[key];
    scheduleSave();
  }

  /* ---- Progress, completion, saving --------------------------------------------------------------- */

  function summary() {
    const blockCount = blocks().length;
    const seen = Array.from(model.seen).filter((index) => index < blockCount).length;
    const quizzes = quizEls();
    let answered = 0;
    let correct = 0;
    let firstOpen = null;
    for (const quiz of quizzes) {
      const entry = model.quizzes[quiz.dataset.quizId];
      if (entry && entry.attempts > 0) {
        answered += 1;
        if (entry.correct) correct += 1;
      } else if (!firstOpen) {
        firstOpen = quiz;
      }
    }
    const steps = blockCount + quizzes.length;
    return {
      progress: steps ? (seen + answered) / steps : 1,
      allSeen: seen === blockCount,
      complete: seen === blockCount && answered === quizzes.length,
      score: quizzes.length ? correct / quizzes.length : null,
      correct: correct,
      quizCount: quizzes.length,
      answered: answered,
      firstOpen: firstOpen,
    };
  }

  function changed() {
    updateProgress();
    scheduleSave();
  }

  function updateProgress() {
    const now = summary();
    const passed = now.score === null || now.score >= config.masteryScore;
    paintProgress(now.progress);
    paintFinish(now, passed);
    if (now.progress !== reported.progress) {
      reported.progress = now.progress;
      call("setProgress", now.progress);
    }
    if (now.complete && (!model.completed || now.score !== reported.score)) {
      model.completed = true;
      reported.score = now.score;
      call("complete", now.score, passed);
    }
  }

  function paintProgress(fraction) {
    const bar = document.querySelector(".ts-progress");
    if (!bar) return;
    bar.style.setProperty("--ts-progress", String(fraction));  // CSSOM: allowed by the CSP
    bar.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
  }

  function finishPanel() {
    let panel = root.querySelector(".ts-finish");
    if (!panel) {
      panel = element("section", "ts-finish");
      panel.hidden = true;
      const go = element("button", "ts-finish-go", say("finishGo"));
      go.type = "button";
      panel.append(element("p", "ts-finish-title"), element("p", "ts-finish-text"), go);
      root.append(panel);
    }
    return panel;
  }

  function paintFinish(now, passed) {
    const panel = finishPanel();
    const title = panel.querySelector(".ts-finish-title");
    const text = panel.querySelector(".ts-finish-text");
    const go = panel.querySelector(".ts-finish-go");
    const article = lessonEl();
    const isLink = Boolean(article && article.dataset.kind === "link");   // nothing to complete
    panel.hidden = isLink || !(now.complete || (now.allSeen && now.firstOpen));
    panel.classList.toggle("is-complete", now.complete);
    go.hidden = now.complete;
    if (now.complete) {
      title.textContent = say("finishDone");
      let message = now.quizCount
        ? say("finishScore", { right: now.correct, total: now.quizCount }) : say("finishNoQuiz");
      if (!passed) message += " " + say("finishBelowMastery", { percent: Math.round(config.masteryScore * 100) });
      text.textContent = message;
    } else {
      title.textContent = say("finishPending");
      const left = now.quizCount - now.answered;
      text.textContent = left === 1 ? say("finishQuestionLeft") : say("finishQuestionsLeft", { n: left });
    }
  }

  function goToOpenQuestion() {
    const quiz = summary().firstOpen;
    if (!quiz) return;
    quiz.scrollIntoView({ block: "center" });
    const first = optionInputs(quiz)[0];
    if (first) first.focus({ preventScroll: true });
  }

  // A block counts as seen once half of it (or half the screen, for tall ones) was in
  // view; reaching the end of the page counts for everything.
  function measure() {
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    if (viewport <= 0) return;
    const atEnd = window.scrollY + viewport >= document.documentElement.scrollHeight - 2;
    let anchor = -1;
    blocks().forEach((block, index) => {
      const box = block.getBoundingClientRect();
      if (anchor < 0 && box.bottom > 0) anchor = index;
      if (model.seen.has(index)) return;
      const visible = Math.min(box.bottom, viewport) - Math.max(box.top, 0);
      const inView = box.bottom >= 0 && box.top <= viewport && visible >= Math.min(box.height, viewport) / 2;
      if (atEnd || inView) model.seen.add(index);
    });
    model.scroll = { block: Math.max(anchor, 0), y: Math.round(window.scrollY) };
    changed();
  }

  let measureTimer = 0;
  function measureSoon() {
    if (measureTimer) return;
    measureTimer = window.setTimeout(() => { measureTimer = 0; measure(); }, MEASURE_DELAY_MS);
  }

  function restoreScroll(scroll) {
    const target = blocks()[scroll.block];
    if (scroll.block > 0 && target) target.scrollIntoView({ block: "start" });
    else window.scrollTo(0, scroll.y);
  }

  let saveTimer = 0;
  let lastSaved = "";
  function scheduleSave() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(flushSave, SAVE_DELAY_MS);
  }

  // `leaving`: the page is being dismissed (adapters then store without network round trips).
  function flushSave(leaving) {
    window.clearTimeout(saveTimer);
    saveTimer = 0;
    if (!tracker.adapter || ended) return;
    const json = JSON.stringify(getState());
    if (json === lastSaved) return;
    lastSaved = json;
    call("saveState", json, leaving === true);
  }

  let ended = false;
  function leave() {
    if (ended) return;
    flushSave(true);
    ended = true;
    call("terminate");
  }

  /* ---- Preview API ---------------------------------------------------------------------------- */

  // Swaps in a newly rendered article without reloading: state and scroll position stay.
  // The HTML was sanitised by the app; the CSP still blocks anything that is not ours.
  function update(articleHtml) {
    const current = lessonEl();
    const template = document.createElement("template");
    template.innerHTML = String(articleHtml);
    const next = template.content.querySelector("article.ts-lesson");
    if (!current || !next) {
      warn('update() needs HTML with an <article class="ts-lesson">; the page was left as it was.');
      return false;
    }
    const y = window.scrollY;
    current.replaceWith(next);
    decorate(next);
    paintAll(next);
    const title = plainText(next.querySelector(".ts-title"));
    if (title) document.title = title;
    window.scrollTo(0, y);
    measure();
    return true;
  }

  // Scrolls to the block that holds source line n: the last block starting at or before it.
  function scrollToLine(line) {
    const wanted = Number(line);
    if (!Number.isFinite(wanted)) return null;
    let target = null;
    let targetLine = -Infinity;
    for (const block of blocks()) {
      const blockLine = Number(block.dataset.line);
      if (blockLine <= wanted && blockLine > targetLine) {
        target = block;
        targetLine = blockLine;
      }
    }
    if (!target) {
      window.scrollTo(0, 0);
      return null;
    }
    window.scrollTo(0, Math.max(0, target.getBoundingClientRect().top + window.scrollY - SCROLL_MARGIN_PX));
    return targetLine;
  }

  function setTheme(theme) {
    if (!THEMES.includes(theme)) {
      warn(`unknown theme "${theme}"; use ${THEMES.join(", ")}.`);
      return false;
    }
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    return true;
  }

  /* ---- Start ---------------------------------------------------------------------------------- */

  function onChange(event) {
    const target = event.target;
    const quiz = target instanceof Element && target.matches(".ts-option input")
      ? target.closest(".ts-quiz[data-quiz-id]") : null;
    if (quiz) selectAnswer(quiz);
  }

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    const button = target ? target.closest(".ts-check, .ts-retry, .ts-card, .ts-finish-go, .ts-exit") : null;
    if (!button || !root.contains(button)) return;
    if (button.classList.contains("ts-exit")) {
      exitLesson(button);
      return;
    }
    const quiz = button.closest(".ts-quiz[data-quiz-id]");
    if (button.classList.contains("ts-card")) flipCard(button);
    else if (button.classList.contains("ts-finish-go")) goToOpenQuestion();
    else if (quiz && button.classList.contains("ts-check")) checkAnswer(quiz);
    else if (quiz) tryAgain(quiz);
  }

  function onInput(event) {
    const target = event.target;
    if (target instanceof HTMLTextAreaElement && target.classList.contains("ts-reflect")) {
      keepReflection(target);
    }
  }

  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  async function resume() {
    const saved = await call("loadState");
    if (saved === null || saved === undefined || saved === "") measure();
    else if (!setState(saved)) {
      warn("the saved progress could not be read; starting from the beginning.");
      measure();
    }
  }

  function start() {
    const article = lessonEl();
    if (article) {
      decorate(article);
      paintAll(article);
    }
    root.addEventListener("change", onChange);
    root.addEventListener("click", onClick);
    root.addEventListener("input", onInput);
    window.addEventListener("scroll", measureSoon, { passive: true });
    window.addEventListener("resize", measureSoon);
    window.addEventListener("load", measureSoon);
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flushSave(false);
    });
    connectTracking()
      .then(resume)
      .catch((error) => { warn("could not start tracking", error); })
      .then(() => { markReady(); });
  }

  window.tesseraPlayer = Object.freeze({
    version: STATE_VERSION,
    get ready() { return ready; },
    get tracking() { return tracker.name; },
    getState: getState,
    setState: setState,
    update: update,
    scrollToLine: scrollToLine,
    setTheme: setTheme,
    takeEvents() {
      const adapter = tracker.adapter;
      return adapter && typeof adapter.takeEvents === "function" ? adapter.takeEvents() : [];
    },
    // Register before the page has loaded (a script placed after this one) to be chosen.
    registerAdapter(name, factory) {
      if (typeof name !== "string" || !name || typeof factory !== "function") {
        throw new TypeError("registerAdapter(name, factory) needs a name and a factory function");
      }
      adapterFactories[name] = factory;
    },
  });

  // Wait for the whole document, so adapters registered by later scripts are known.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
