/* bimtek: participant interactivity (checklists, quizzes, worksheet notes and sharing them,
 * the pre-test and post-test).
 *
 * Everything is kept on the participant's own device (localStorage), keyed by
 * the ids from the lesson YAML (data-checklist, data-quiz, data-note), so a
 * page that moves keeps its ticks, answers and notes. No request leaves the
 * page. Without JavaScript the markup still reads as a plain list, quiz and
 * worksheet; the controls this script drives carry `hidden` until it runs.
 */
(function () {
  "use strict";

  /* Material scopes its own storage to the site root (__md_scope); bimtek does
     the same so two workshops served from one host keep separate data. */
  var scope = (function () {
    try {
      if (window.__md_scope) return window.__md_scope.pathname;
      var config = document.getElementById("__config");
      if (config) return new URL(JSON.parse(config.textContent).base, location.href).pathname;
    } catch (e) { /* fall through */ }
    return "/";
  })();
  var memory = {};  // used when localStorage is unavailable (private mode, blocked storage)

  function storeKey(kind, id) { return "bimtek:" + scope + ":" + kind + ":" + id; }

  function load(kind, id, fallback) {
    var key = storeKey(kind, id);
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return key in memory ? memory[key] : fallback;
    }
  }

  function save(kind, id, value) {
    var key = storeKey(kind, id);
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      if (value === null) delete memory[key];
      else memory[key] = value;
    }
  }

  function once(element) {
    if (element.hasAttribute("data-bt-ready")) return false;
    element.setAttribute("data-bt-ready", "");
    return true;
  }

  function show(element) { if (element) element.hidden = false; }

  /* Checklists: ticks, "x of y" and a reset. */
  function setupChecklist(list) {
    var id = list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-item]"));
    var done = list.querySelector(".bt-progress-done");
    var bar = list.querySelector("progress");

    function update() {
      var ticked = boxes.filter(function (box) { return box.checked; });
      if (done) done.textContent = String(ticked.length);
      if (bar) bar.value = ticked.length;
      list.classList.toggle("bt-complete", boxes.length > 0 && ticked.length === boxes.length);
      return ticked.map(function (box) { return box.getAttribute("data-item"); });
    }

    var stored = load("checklist", id, []);
    boxes.forEach(function (box) {
      box.checked = stored.indexOf(box.getAttribute("data-item")) !== -1;
      box.addEventListener("change", function () {
        var ticked = update();
        save("checklist", id, ticked.length ? ticked : null);
      });
    });
    var reset = list.querySelector(".bt-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        update();
        save("checklist", id, null);
        if (boxes[0]) boxes[0].focus();
      });
    }
    update();
    show(list.querySelector(".bt-checklist-bar"));
  }

  /* A question of a quiz or a test (.bt-question, its key in data-answer): what is chosen,
     whether that is right, and marking it so (the key shown, the explanation revealed) or clearing it. */
  function inputs(question) { return Array.prototype.slice.call(question.querySelectorAll("input")); }
  function answerKey(question) {
    return (question.getAttribute("data-answer") || "").split(",").filter(Boolean).sort().join(",");
  }
  function chosen(question) {
    return inputs(question).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function isRight(question, picked) { return picked.slice().sort().join(",") === answerKey(question); }

  function markQuestion(question, picked, labels) {
    var key = answerKey(question).split(",");
    var correct = isRight(question, picked);
    question.setAttribute("data-result", correct ? "correct" : "incorrect");
    inputs(question).forEach(function (input) {
      input.checked = picked.indexOf(input.value) !== -1;
      input.disabled = true;
      var choice = input.closest(".bt-choice");
      if (!choice) return;
      choice.classList.toggle("bt-choice-key", key.indexOf(input.value) !== -1);
      choice.classList.toggle("bt-choice-wrong", input.checked && key.indexOf(input.value) === -1);
    });
    var feedback = question.querySelector(".bt-feedback");
    if (feedback) { feedback.textContent = correct ? labels.correct : labels.incorrect; feedback.hidden = false; }
    show(question.querySelector(".bt-explanation"));
  }

  function clearQuestion(question) {
    question.removeAttribute("data-result");
    inputs(question).forEach(function (input) {
      input.checked = false;
      input.disabled = false;
      var choice = input.closest(".bt-choice");
      if (choice) choice.classList.remove("bt-choice-key", "bt-choice-wrong");
    });
    var feedback = question.querySelector(".bt-feedback");
    if (feedback) feedback.textContent = "";
    var explanation = question.querySelector(".bt-explanation");
    if (explanation) { explanation.open = false; explanation.hidden = true; }
  }

  /* Quizzes: check each question, see right or wrong with the explanation,
     a score for the lesson, and "try again". Answers given are kept. */
  function setupQuiz(form) {
    var id = form.getAttribute("data-quiz");
    var label = function (name) { return form.getAttribute("data-label-" + name) || ""; };
    var questions = Array.prototype.slice.call(form.querySelectorAll(".bt-question"));
    var summary = form.querySelector(".bt-quiz-summary");
    var scoreValue = form.querySelector(".bt-score-value");
    var answers = load("quiz", id, {});

    function score() {
      var answered = 0, right = 0;
      questions.forEach(function (q) {
        if (q.hasAttribute("data-result")) {
          answered += 1;
          if (q.getAttribute("data-result") === "correct") right += 1;
        }
      });
      if (scoreValue) scoreValue.textContent = String(right);
      if (summary) summary.hidden = answered === 0;
    }

    var labels = { correct: label("correct"), incorrect: label("incorrect") };
    function mark(question, picked) {
      markQuestion(question, picked, labels);
      var explanation = question.querySelector(".bt-explanation");
      if (explanation) explanation.open = true;
      var check = question.querySelector(".bt-check-answer");
      if (check) check.hidden = true;
    }

    function clear(question) {
      clearQuestion(question);
      var check = question.querySelector(".bt-check-answer");
      if (check) { check.hidden = false; check.disabled = true; }
    }

    questions.forEach(function (question) {
      var qid = question.getAttribute("data-question");
      var check = question.querySelector(".bt-check-answer");
      var feedback = question.querySelector(".bt-feedback");
      show(question.querySelector(".bt-question-actions"));
      show(feedback);
      clear(question);
      inputs(question).forEach(function (input) {
        input.addEventListener("change", function () {
          if (check) check.disabled = chosen(question).length === 0;
        });
      });
      if (check) {
        check.addEventListener("click", function () {
          var picked = chosen(question);
          if (!picked.length) return;
          mark(question, picked);
          answers[qid] = picked;
          save("quiz", id, answers);
          score();
          if (feedback) feedback.focus();
        });
      }
      if (Object.prototype.hasOwnProperty.call(answers, qid)) mark(question, answers[qid].map(String));
    });

    var retry = form.querySelector(".bt-retry");
    if (retry) {
      retry.addEventListener("click", function () {
        questions.forEach(clear);
        answers = {};
        save("quiz", id, null);
        score();
        var first = form.querySelector(".bt-question input");
        if (first) first.focus();
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    score();
  }

  /* Worksheet notes: typed on the page, kept on the device, printed in full. */
  function fit(area) {
    area.style.height = "";
    if (area.scrollHeight > area.clientHeight) area.style.height = area.scrollHeight + 2 + "px";
  }

  function setupNote(area) {
    var id = area.getAttribute("data-note");
    var stored = load("note", id, "");
    if (stored && !area.value) area.value = stored;
    area.addEventListener("input", function () {
      save("note", id, area.value ? area.value : null);
      fit(area);
    });
    fit(area);
    var sheet = area.closest(".bt-worksheet");
    if (sheet) show(sheet.querySelector(".bt-notes-saved"));
  }

  /* Lesson cards (home page, a day's page): how far the participant got in each lesson on this
     device, from the ticks and quiz answers kept for it; nothing where nothing was started. */
  function setupProgress(cards) {
    var label = function (name) { return cards.getAttribute("data-label-" + name) || ""; };
    Array.prototype.forEach.call(cards.querySelectorAll("[data-progress-lesson]"), function (card) {
      var lesson = card.getAttribute("data-progress-lesson");
      var ticked = 0, items = 0;
      (card.getAttribute("data-progress-checks") || "").split(" ").filter(Boolean).forEach(function (entry) {
        var count = parseInt(entry.slice(entry.lastIndexOf(":") + 1), 10) || 0;
        var stored = load("checklist", lesson + "/" + entry.slice(0, entry.lastIndexOf(":")), []);
        items += count;
        ticked += Math.min(count, Array.isArray(stored) ? stored.length : 0);
      });
      var questions = parseInt(card.getAttribute("data-progress-questions"), 10) || 0;
      var stored = load("quiz", lesson, {});
      var answered = Math.min(questions, stored && typeof stored === "object" ? Object.keys(stored).length : 0);
      var line = card.querySelector(".bt-lesson-progress");
      if (!line || (!ticked && !answered)) return;
      var parts = [];
      if (items) parts.push(label("checklists") + " " + ticked + "/" + items);
      if (questions) parts.push(label("quiz") + " " + answered + "/" + questions);
      var done = ticked === items && answered === questions;
      line.textContent = label("progress") + ": " + parts.join(" · ") + (done ? " · " + label("done") + " ✓" : "");
      line.classList.toggle("bt-progress-complete", done);
      line.hidden = false;
    });
  }

  /* Worksheet answers, passed on: the facilitator collects them in the WhatsApp
     group or by e-mail. The phone's own share sheet where there is one (Web
     Share), else a copy to paste; the site itself sends nothing anywhere. */
  function answersText(sheet, button) {
    var exercise = sheet.closest(".bt-exercise");
    var title = exercise && exercise.querySelector(".admonition-title");
    var filled = false;
    function untouched(group) {  // a step of a plan left wholly empty is left out of the text
      return group && Array.prototype.every.call(group.querySelectorAll("textarea"), function (a) { return !a.value.trim(); });
    }
    var prompts = Array.prototype.filter.call(sheet.querySelectorAll(".bt-prompt"), function (prompt) {
      return !untouched(prompt.closest("fieldset"));
    });
    var fields = prompts.map(function (prompt) {
      var label = prompt.querySelector("label");
      var answer = prompt.querySelector("textarea").value.trim();
      if (answer) filled = true;
      return (label ? label.textContent.trim() + ":\n" : "") + (answer || "-");
    });
    if (!filled) return "";
    var head = [title ? title.textContent.trim() : "", button.getAttribute("data-lesson"), nameLine(button)].filter(Boolean);
    return head.join("\n") + "\n\n" + fields.join("\n\n");
  }

  /* The participant's name, typed once (on the test page or the follow-up plan), goes with
     what they pass on, where the sheet does not ask for it itself. */
  function nameLine(element) {
    var name = String(load("note", "peserta/nama", "") || "").trim();
    if (!name || element.closest(".bt-follow-up")) return "";
    return (element.getAttribute("data-label-name") || "") + ": " + name;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    /* Served over plain http from another machine (a laptop at the venue) a page has no
       clipboard API; the older way still copies there. */
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      area.remove();
      if (copied) resolve(); else reject(new Error("not copied"));
    });
  }

  function setupShare(button, makeText, reveal) {
    var status = button.parentNode.querySelector(".bt-share-status");
    function say(label) { status.textContent = label ? button.getAttribute(label) : ""; }
    function copy(text) {
      copyText(text).then(function () { say("data-label-copied"); }, function () { say("data-label-failed"); });
    }
    button.addEventListener("click", function () {
      var text = makeText();
      if (!text) return say("data-label-empty");
      say(null);
      if (!navigator.share) return copy(text);
      navigator.share({ text: text }).catch(function (error) {
        if (!error || error.name !== "AbortError") copy(text);  // AbortError: the participant closed the sheet
      });
    });
    if (reveal) show(button.parentNode);
  }

  /* Pre-test and post-test (tes awal dan tes akhir): the same questions twice. Each score
     is kept on the device; the key and the explanations show only after the post-test,
     so that the pre-test measures what a participant knew before the day. */
  function setupTest(form) {
    var id = form.getAttribute("data-test");
    function label(name, values) {
      var text = form.getAttribute("data-label-" + name) || "";
      Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
      return text;
    }
    var questions = Array.prototype.slice.call(form.querySelectorAll(".bt-question"));
    var actions = form.querySelector(".bt-test-actions");
    var submit = form.querySelector(".bt-test-submit");
    var status = form.querySelector(".bt-test-status");
    var results = form.querySelector(".bt-test-results");
    var lines = { pre: form.querySelector("[data-result=pre]"), post: form.querySelector("[data-result=post]"),
                  change: form.querySelector(".bt-test-change") };
    var state = load("test", id, {}) || {};

    function percent(result) { return Math.round(100 * result.score / result.total); }
    function resultLine(kind) {
      var result = state[kind];
      return label(kind) + ": " + label("result", { score: result.score, total: result.total, percent: percent(result) });
    }
    function changeLine() {
      var points = percent(state.post) - percent(state.pre);
      return label("change", { points: (points > 0 ? "+" : points < 0 ? "\u2212" : "") + Math.abs(points) });
    }

    var labels = { correct: label("correct"), incorrect: label("incorrect") };
    function clear(question) {
      clearQuestion(question);
      question.querySelector(".bt-feedback").hidden = true;
    }

    function render() {
      ["pre", "post"].forEach(function (kind) {
        lines[kind].hidden = !state[kind];
        lines[kind].textContent = state[kind] ? resultLine(kind) : "";
      });
      lines.change.hidden = !(state.pre && state.post);
      lines.change.textContent = state.pre && state.post ? changeLine() : "";
      results.hidden = !state.pre;
      actions.hidden = Boolean(state.post);
      submit.textContent = state.pre ? label("submit-post") : label("submit-pre");
      status.textContent = state.pre && !state.post ? label("pre-saved") : "";
      Array.prototype.forEach.call(form.querySelectorAll(".bt-test-after"), function (el) { el.hidden = !state.post; });
      questions.forEach(function (question) {
        if (state.post) markQuestion(question, ((state.post.answers || {})[question.id] || []).map(String), labels);
        else clear(question);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.post) return;
      var answers = {}, score = 0, missing = [];
      questions.forEach(function (question) {
        var picked = chosen(question);
        answers[question.id] = picked;
        if (!picked.length) missing.push(question);
        else if (isRight(question, picked)) score += 1;
      });
      if (missing.length) {
        status.textContent = label("unanswered", { count: missing.length });
        missing[0].querySelector("input").focus();
        return;
      }
      var kind = state.pre ? "post" : "pre";
      state[kind] = { score: score, total: questions.length, answers: answers, at: new Date().toISOString() };
      save("test", id, state);
      render();
      lines[kind].focus();  // the score, read out and scrolled into view
    });
    var retake = form.querySelector(".bt-test-retake");
    retake.addEventListener("click", function () {
      state = {};
      save("test", id, null);
      render();
      form.querySelector(".bt-question input").focus();
    });
    setupShare(form.querySelector(".bt-share-results"), function () {
      return [form.getAttribute("data-title"), nameLine(form), resultLine("pre"), resultLine("post"), changeLine()].filter(Boolean).join("\n");
    }, false);
    render();
  }

  /* Evaluation forms (evaluasi): each aspect one score from 1 to 4, kept on the device and passed
     on without a name, as rows the organisers paste into their two tables (evaluasi-narasumber.csv,
     evaluasi-penyelenggaraan.csv), which the activity report sums up. */
  function setupEvaluation(root) {
    var forms = Array.prototype.slice.call(root.querySelectorAll("[data-form]"));
    function progress(form) {
      var aspects = form.querySelectorAll("[data-aspect]").length, done = form.querySelectorAll("input:checked").length;
      var line = form.querySelector(".bt-evaluation-progress");
      if (line) line.textContent = done ? done + "/" + aspects + (done === aspects ? " ✓" : "") : "";
    }
    forms.forEach(function (form) {
      var id = form.getAttribute("data-form");
      var stored = load("evaluation", id, {}) || {};
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
        var aspect = input.closest("[data-aspect]").getAttribute("data-aspect");
        if (String(stored[aspect]) === input.value) input.checked = true;
        input.addEventListener("change", function () {
          var now = load("evaluation", id, {}) || {};
          now[aspect] = parseInt(input.value, 10);
          save("evaluation", id, now);
          progress(form);
        });
      });
      progress(form);
    });
    function openLinked() {  // a lesson page links the form of its session: open that one
      var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      if (target && target.hasAttribute("data-form")) target.open = true;
    }
    openLinked();
    window.addEventListener("hashchange", openLinked);
    function cell(text) { return /[;"\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; }
    function table(kind, count) {
      var numbers = [], rows = [];
      for (var n = 1; n <= count; n++) numbers.push(String(n));
      forms.forEach(function (form) {
        if (form.getAttribute("data-kind") !== kind) return;
        var stored = load("evaluation", form.getAttribute("data-form"), {}) || {};
        var scores = numbers.map(function (n) { return stored[n] ? String(stored[n]) : ""; });
        if (!scores.join("")) return;  // a form left empty is left out
        rows.push((kind === "speaker" ? [cell(form.getAttribute("data-person"))] : []).concat(scores).join(";"));
      });
      if (!rows.length) return "";
      return (kind === "speaker" ? ["narasumber"] : []).concat(numbers).join(";") + "\n" + rows.join("\n");
    }
    var button = root.querySelector(".bt-share-evaluation");
    if (!button) return;
    setupShare(button, function () {
      var speakers = table("speaker", parseInt(root.getAttribute("data-speaker-aspects"), 10) || 0);
      var organisation = table("organisation", parseInt(root.getAttribute("data-organisation-aspects"), 10) || 0);
      if (!speakers && !organisation) return "";
      var parts = [button.getAttribute("data-title")];
      if (speakers) parts.push("evaluasi-narasumber.csv\n" + speakers);
      if (organisation) parts.push("evaluasi-penyelenggaraan.csv\n" + organisation);
      return parts.join("\n\n");
    }, true);
  }

  /* The downloads page: each PDF's pages and size, so that a participant on a
     slow connection knows what a tap costs and an organiser what to print.
     They come from handouts/figures.js, written beside the PDFs whenever they
     are made; without it (no PDFs yet) each item says only "PDF". */
  function size(bytes, lang) {
    var format = function (n, digits) { return n.toLocaleString(lang, { maximumFractionDigits: digits }); };
    if (bytes >= 1024 * 1024) return format(bytes / (1024 * 1024), 1) + " MB";
    return format(Math.max(1, Math.round(bytes / 1024)), 0) + " KB";
  }

  function setupDownloads(list) {
    var lang = document.documentElement.lang || undefined;
    function fill() {
      var figures = window.bimtekHandouts || {};
      Array.prototype.forEach.call(list.querySelectorAll("[data-handout]"), function (file) {
        var found = figures[file.getAttribute("data-handout")];
        if (!found || file.querySelector(".bt-figures")) return;
        var figure = document.createElement("span");
        figure.className = "bt-figures";
        figure.textContent = " · " + found.pages.toLocaleString(lang) + " " +
          list.getAttribute(found.pages === 1 ? "data-label-page" : "data-label-pages") + " · " + size(found.bytes, lang);
        file.appendChild(figure);
      });
    }
    withFigures(list.getAttribute("data-figures"), fill);
  }

  var figuresWaiting = null;  // the lists of one page wait for one script
  function withFigures(src, callback) {
    if (window.bimtekHandouts) return callback();
    if (figuresWaiting) return figuresWaiting.push(callback);
    figuresWaiting = [callback];
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      var waiting = figuresWaiting;
      figuresWaiting = null;
      waiting.forEach(function (done) { done(); });
    };
    script.onerror = function () { figuresWaiting = null; script.remove(); };
    document.head.appendChild(script);
  }

  /* bimtek serve: when an edit breaks the build, the preview keeps the last
     pages that built and says on each of them what to fix (the problems, as
     the terminal prints them, from assets/bimtek/preview-status.js). A build
     with warnings only shows them folded away: they stop nothing. */
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  function showPreviewProblems(root) {
    var status = window.bimtekPreview;
    var article = root.querySelector("article");
    if (!status || !article || article.querySelector(".bt-preview-problems, .bt-preview-warnings")) return;
    var box;
    if (status.problems && status.problems.length) {
      box = element("div", "bt-preview-problems");
      box.setAttribute("role", "alert");
      box.appendChild(element("p", "bt-preview-problems-title", status.title));
      box.appendChild(element("pre", "", status.problems.join("\n")));
    } else if (status.warnings && status.warnings.length) {
      box = element("details", "warning bt-preview-warnings");  // the theme's folded warning
      box.appendChild(element("summary", "", status.warnings_title));
      box.appendChild(element("p", "", status.warnings_intro));
      box.appendChild(element("pre", "", status.warnings.join("\n")));
    } else return;
    article.insertBefore(box, article.firstChild);
  }

  /* mkdocs-material's search panel is a role=dialog without a name (axe:
     aria-dialog-name); give it the search field's own label. */
  function nameSearchDialog(root) {
    var dialog = root.querySelector(".md-search[role=dialog]:not([aria-label])");
    var input = dialog && dialog.querySelector(".md-search__input");
    if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "");
  }

  /* A table wider than the screen scrolls sideways in the box material puts it in: a keyboard can
     scroll it only if the box takes focus (a phone's finger needs nothing). */
  function focusableScrollBoxes(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-typeset__scrollwrap"), function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    });
  }

  function setup(root) {
    root = root || document;
    nameSearchDialog(root);
    focusableScrollBoxes(root);
    showPreviewProblems(root);
    Array.prototype.forEach.call(root.querySelectorAll("[data-checklist]"), function (el) { if (once(el)) setupChecklist(el); });
    Array.prototype.forEach.call(root.querySelectorAll("form[data-quiz]"), function (el) { if (once(el)) setupQuiz(el); });
    Array.prototype.forEach.call(root.querySelectorAll("textarea[data-note]"), function (el) { if (once(el)) setupNote(el); });
    Array.prototype.forEach.call(root.querySelectorAll(".bt-needs-script"), show);
    Array.prototype.forEach.call(root.querySelectorAll(".bt-share-answers"), function (el) {
      if (once(el)) setupShare(el, function () { return answersText(el.closest(".bt-worksheet"), el); }, true);
    });
    Array.prototype.forEach.call(root.querySelectorAll("form[data-test]"), function (el) { if (once(el)) setupTest(el); });
    Array.prototype.forEach.call(root.querySelectorAll("[data-evaluation]"), function (el) { if (once(el)) setupEvaluation(el); });
    Array.prototype.forEach.call(root.querySelectorAll("ol.bt-lesson-cards"), function (el) { if (once(el)) setupProgress(el); });
    Array.prototype.forEach.call(root.querySelectorAll("ul[data-figures]"), function (el) { if (once(el)) setupDownloads(el); });
  }

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-note]"), fit);
  });

  /* With material's instant navigation the page body is swapped without a
     reload; document$ emits for every page. Otherwise one DOMContentLoaded. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }

  /* Pages opened once stay readable offline (assets/root/bimtek-sw.js): over
     http(s) only, and not in a preview (bimtek serve, whose live reload must
     always reach the server). Registered after the page has loaded, so that it
     never competes with the page for a slow connection. */
  function keepPagesOffline() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
    var config, root;
    try {
      config = JSON.parse(document.getElementById("__config").textContent);
      root = new URL(config.base + "/", location.href);
    } catch (e) { return; }
    if (typeof window.livereload === "function") {  // MkDocs' preview: no worker, and none left from before
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        registrations.forEach(function (registration) { registration.unregister(); });
      }).catch(function () {});
      return;
    }
    navigator.serviceWorker.register(new URL("bimtek-sw.js", root).href, { scope: root.pathname }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      /* This page and its files loaded before the worker ran: hand it their addresses to keep. */
      var urls = [location.href.split("#")[0]];
      (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).forEach(function (entry) {
        if (/^(link|script|img|css)$/.test(entry.initiatorType)) urls.push(entry.name);
      });
      var icon = document.querySelector('link[rel~="icon"]');  // the browser asks for it on every page, unseen by the timings
      if (icon && icon.href) urls.push(icon.href);
      if (registration.active) registration.active.postMessage({ bimtekKeep: urls });
      var searchFiles = config.search ? [new URL(config.search, root).href, new URL("search/search_index.json", root).href] : [];
      Array.prototype.forEach.call(document.querySelectorAll(".bt-offline"), function (box) { setupOfflineSave(box, registration, searchFiles); });
    }).catch(function () { /* a browser that refuses workers (private mode) shows the site as before */ });
  }

  /* "Save to read offline" (home page, a catalogue's day page): at the venue's Wi-Fi, a
     participant keeps the pages of the menu and those the page links, to read them later
     without a connection. The worker fetches them, a few at a time, and says how far it got. */
  function setupOfflineSave(box, registration, searchFiles) {
    var button = box.querySelector(".bt-offline-save");
    var status = box.querySelector(".bt-offline-status");
    var label = function (name, values) {
      return (box.getAttribute("data-label-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
        return values[key] !== undefined ? values[key].toLocaleString(document.documentElement.lang || undefined) : all;
      });
    };
    box.hidden = false;
    button.addEventListener("click", function () {
      var also = box.hasAttribute("data-keep-search") ? searchFiles : [];
      var channel = new MessageChannel();
      button.disabled = true;
      channel.port1.onmessage = function (event) {
        var found = event.data || {};
        if (!found.finished) {
          status.textContent = label("progress", found);
          return;
        }
        status.textContent = found.failed ? label("failed", found) : label("done", found);
        button.disabled = false;
      };
      (registration.active || registration.waiting || registration.installing).postMessage({ bimtekKeep: pagesToSave(), bimtekAlso: also }, [channel.port2]);
    });
  }

  /* This page and those its menu and text link (the worker keeps only the site's own, no PDF). */
  function pagesToSave() {
    var links = document.querySelectorAll(".md-nav a[href], article a[href]");
    var urls = [location.href].concat(Array.prototype.map.call(links, function (link) { return link.href; }));
    var seen = {};
    return urls.map(function (href) { return href.split("#")[0]; }).filter(function (url) {
      return seen[url] ? false : (seen[url] = true);
    });
  }

  if (document.readyState === "complete") keepPagesOffline();
  else window.addEventListener("load", keepPagesOffline);

  window.bimtek = { setup: setup };
})();
