// The manager pages: a small single-page script over the JSON API (/manager/api/).
// Every piece of data goes into the page as text (textContent), never as HTML, and the
// charts are SVG drawn here from the JSON: nothing is loaded from elsewhere.
"use strict";

(function () {
  const API = "/manager/api";
  const PERSONAS = ["hesitant", "lingering", "quick_to_agree"];
  const STYLES = ["analytical", "amiable", "expressive", "driver"];
  const DIFFICULTIES = ["easy", "normal", "hard"];
  // Dark enough for 4.5:1 on white, and apart from one another.
  const COLOURS = ["#1f5fa8", "#b3461b", "#2b7a2b", "#7b3fa0", "#8a6d00", "#0f7b7b",
                   "#b0306a", "#4d4d4d"];
  const SVG_NS = "http://www.w3.org/2000/svg";
  const view = document.getElementById("view");
  const statusLine = document.getElementById("status");

  // -- helpers ------------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function api(path, options) {
    const init = Object.assign({credentials: "same-origin", headers: {}}, options || {});
    init.headers = Object.assign({"X-Coach-Manager": "page"}, init.headers);
    const answer = await fetch(API + path, init);
    if (answer.status === 401) { window.location.href = "/manager/"; throw new Error("signed out"); }
    let body = null;
    try { body = await answer.json(); } catch (error) { body = {error: "no JSON answer"}; }
    return {status: answer.status, body};
  }

  function say(text, isError) {
    statusLine.textContent = text || "";
    statusLine.className = isError ? "error" : "";
  }

  function score(value) { return value === null || value === undefined ? "–" : String(Math.round(value * 10) / 10); }
  function when(iso) { return iso ? iso.replace("T", " ").replace(/:\d\dZ$/, " UTC") : "never"; }
  function label(id) { return String(id || "").replace(/_/g, "-"); }
  function traineeLink(id) { return h("a", {href: "#trainee/" + encodeURIComponent(id), text: id}); }

  function table(caption, columns, rows) {
    return h("div", {class: "table-wrap"}, h("table", {},
      h("caption", {text: caption}),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", {scope: "col", text: c})))),
      h("tbody", {}, rows.length ? rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))
        : h("tr", {}, h("td", {colspan: columns.length, text: "Nothing yet."})))));
  }

  function select(id, name, options, value, allowEmpty) {
    const node = h("select", {id, name});
    if (allowEmpty) node.append(h("option", {value: "", text: allowEmpty}));
    for (const option of options) {
      const [val, text] = Array.isArray(option) ? option : [option, label(option)];
      node.append(h("option", {value: val, text, selected: val === value}));
    }
    return node;
  }

  function field(labelText, control, hint) {
    const id = control.id;
    return h("div", {class: "field"}, h("label", {for: id, text: labelText}), control,
      hint ? h("small", {id: id + "-hint", text: hint}) : null);
  }

  // -- charts -------------------------------------------------------------------------------

  function scoresChart(series) {
    const names = Object.keys(series).filter((n) => series[n].length);
    const width = 480, height = 240, left = 40, right = 12, top = 14, bottom = 36;
    const longest = Math.max(1, ...names.map((n) => series[n].length));
    const x = (i) => left + (longest === 1 ? 0.5 : i / (longest - 1)) * (width - left - right);
    const y = (v) => top + (1 - v / 100) * (height - top - bottom);
    const chart = svg("svg", {viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img",
      "aria-labelledby": "scores-title"},
      svg("title", {id: "scores-title"}, "Scores over time per trainee: " +
        (names.map((n) => `${n}: ${series[n].map((p) => score(p.score)).join(", ")}`).join("; ") || "no sessions yet")));
    for (const tick of [0, 25, 50, 75, 100]) {
      chart.append(svg("line", {x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: "grid"}),
        svg("text", {x: left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis"}, tick));
    }
    chart.append(svg("text", {x: (width + left) / 2, y: height - 6, "text-anchor": "middle", class: "axis"},
      "sessions, oldest first"));
    if (!names.length) {
      chart.append(svg("text", {x: (width + left) / 2, y: height / 2, "text-anchor": "middle", class: "axis"},
        "No finished sessions yet."));
    }
    names.forEach((name, index) => {
      const colour = COLOURS[index % COLOURS.length];
      const points = series[name].map((p, i) => [x(i), y(p.score || 0)]);
      chart.append(svg("polyline", {points: points.map((p) => p.join(",")).join(" "), fill: "none",
        stroke: colour, "stroke-width": 2.5}));
      points.forEach((p, i) => chart.append(svg("circle", {cx: p[0], cy: p[1], r: 4, fill: colour},
        svg("title", {}, `${name}, session ${i + 1}: ${score(series[name][i].score)}`))));
    });
    const legend = h("ul", {class: "legend"}, names.map((name, index) =>
      h("li", {}, h("span", {class: "swatch", "data-colour": index % COLOURS.length}), name)));
    return h("figure", {class: "chart-box"}, h("figcaption", {text: "Scores over time"}), chart, legend);
  }

  function taboosChart(taboos) {
    const width = 480, bar = 26, gap = 10, left = 170, right = 40;
    const height = Math.max(1, taboos.length) * (bar + gap) + 10;
    const most = Math.max(1, ...taboos.map((t) => t.count));
    const chart = svg("svg", {viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img",
      "aria-labelledby": "taboos-title"},
      svg("title", {id: "taboos-title"}, "Taboos by kind: " +
        (taboos.map((t) => `${label(t.taboo)} ${t.count}`).join(", ") || "none committed yet")));
    if (!taboos.length) {
      chart.append(svg("text", {x: 10, y: 24, class: "axis"}, "No taboos committed yet."));
    }
    taboos.forEach((t, i) => {
      const top = 5 + i * (bar + gap);
      const length = (t.count / most) * (width - left - right);
      chart.append(
        svg("text", {x: left - 8, y: top + bar * 0.68, "text-anchor": "end", class: "bar-label"}, label(t.taboo)),
        svg("rect", {x: left, y: top, width: Math.max(2, length), height: bar, class: "bar"}),
        svg("text", {x: left + length + 6, y: top + bar * 0.68, class: "bar-label"}, t.count));
    });
    return h("figure", {class: "chart-box"}, h("figcaption", {text: "Taboos by kind"}), chart);
  }

  // -- views --------------------------------------------------------------------------------

  async function teamView() {
    const {status, body} = await api("/team");
    if (status !== 200) return say(body.error || "Could not load the team.", true);
    const counts = body.assignment_counts;
    view.replaceChildren(
      h("h2", {text: "The team"}),
      h("section", {class: "cards", "aria-label": "At a glance"},
        h("div", {class: "card"}, h("strong", {text: String(body.trainees.length)}), " trainees"),
        h("a", {class: "card", href: "#assignments"}, h("strong", {text: String(counts.open)}), " open"),
        h("a", {class: "card passed", href: "#assignments"}, h("strong", {text: String(counts.passed)}), " passed"),
        h("a", {class: "card overdue", href: "#assignments"}, h("strong", {text: String(counts.overdue)}), " overdue")),
      table("Trainees", ["Trainee", "Sessions", "Average", "Best", "Trend", "Last active", "This week"],
        body.trainees.map((t) => [traineeLink(t.id), String(t.sessions), score(t.average_score),
          score(t.best_score), t.trend, when(t.last_active), String(t.sessions_this_week)])),
      h("div", {class: "charts"}, scoresChart(body.series), taboosChart(body.taboos)),
      h("section", {"aria-labelledby": "gaps"}, h("h3", {id: "gaps", text: "What the team avoids"}),
        h("p", {}, "Personas: ", avoided(body.personas)),
        h("p", {}, "Styles: ", avoided(body.styles))),
      h("section", {"aria-labelledby": "inactive"}, h("h3", {id: "inactive", text: "Not practised in the last 7 days"}),
        body.inactive_this_week.length
          ? h("ul", {class: "inline"}, body.inactive_this_week.map((id) => h("li", {}, traineeLink(id))))
          : h("p", {text: body.trainees.length ? "Everyone practised." : "No trainees yet."})),
      h("section", {"aria-labelledby": "taboo-quotes"}, h("h3", {id: "taboo-quotes", text: "Taboos the team commits most"}),
        body.taboos.length ? h("dl", {class: "quotes"}, body.taboos.slice(0, 5).map((t) => [
          h("dt", {text: `${label(t.taboo)} (${t.count}x)`}),
          t.examples.map((e) => h("dd", {}, h("q", {text: e.quote}), " ", traineeLink(e.trainee)))]))
          : h("p", {text: "None yet."})),
      h("p", {class: "exports"}, h("a", {href: API + "/export.csv", download: "sessions.csv", text: "Export sessions (CSV)"}),
        " ", h("a", {href: API + "/assignments.csv", download: "assignments.csv", text: "Export assignments (CSV)"})));
  }

  function avoided(usage) {
    const counts = Object.entries(usage.counts).map(([id, n]) => `${label(id)} ${n}`).join(", ");
    const text = usage.avoided.length ? "avoided: " + usage.avoided.map(label).join(", ") : "none avoided";
    return [h("strong", {text}), ` (sessions: ${counts})`];
  }

  async function traineeView(id) {
    const {status, body} = await api("/trainees/" + encodeURIComponent(id));
    if (status === 404) {
      view.replaceChildren(h("h2", {text: "No such trainee"}), h("p", {}, h("a", {href: "#team", text: "Back to the team"})));
      return;
    }
    if (status !== 200) return say(body.error || "Could not load the trainee.", true);
    const s = body.summary;
    const form = h("div", {id: "assign-here"});
    view.replaceChildren(
      h("p", {}, h("a", {href: "#team", text: "← The team"})),
      h("h2", {}, "Trainee ", h("span", {class: "trainee-id", text: body.id})),
      h("p", {text: `${s.sessions} finished session${s.sessions === 1 ? "" : "s"}, average ${score(s.average_score)}, best ${score(s.best_score)}, trend: ${s.trend}.`}),
      h("section", {"aria-labelledby": "weak"}, h("h3", {id: "weak", text: "Weak spots"}),
        body.weak_spots.length ? h("ul", {class: "weak"}, body.weak_spots.map((spot) => h("li", {},
          spot.reason + " ",
          h("button", {type: "button", class: "assign-this", onclick: () => {
            form.replaceChildren(assignmentForm({trainee: body.id, persona: spot.persona, style: spot.style},
              () => traineeView(id)));
            form.querySelector("input, select").focus();
          }}, "Assign this")))) : h("p", {text: "None found yet."})),
      form,
      h("section", {"aria-label": "Assignments"}, assignmentsTable(body.assignments, false, "Assignments")),
      h("section", {"aria-labelledby": "sessions"}, h("h3", {id: "sessions", text: "Sessions"}),
        body.sessions.length ? body.sessions.slice().reverse().map(sessionBlock) : h("p", {text: "No role-play yet."})));
  }

  function sessionBlock(session) {
    const card = session.scorecard;
    return h("details", {class: "session", "data-session": String(session.id)},
      h("summary", {}, `#${session.id} ${label(session.persona)}${session.style ? ", " + session.style : ""}`,
        ` · ${session.scenario} · ${session.outcome || "running"} · score ${score(session.score)} · ${when(session.started)}`),
      session.taboos.length ? h("p", {}, "Taboos: ", h("strong", {text: session.taboos.map(label).join(", ")})) : null,
      card ? h("div", {class: "scorecard"},
        h("h4", {text: `Scorecard: ${score(card.score)} / 100`}),
        h("ul", {}, Object.entries(card.parts).map(([name, part]) => h("li", {},
          h("strong", {text: `${name.replace(/_/g, " ")} ${score(part.points)}/${part.max}`}), " ", part.detail || ""))),
        card.advice && card.advice.length ? h("p", {}, "Next time: ", card.advice.map((a) => a.text).join(" ")) : null) : null,
      h("h4", {text: "Transcript"}),
      h("ol", {class: "transcript"}, session.turns.map((turn) =>
        h("li", {class: "turn " + turn.speaker}, h("span", {class: "speaker", text: turn.speaker}), turn.text))));
  }

  function assignmentsTable(rows, withTrainee, caption) {
    const columns = (withTrainee ? ["Trainee"] : []).concat(["Practice", "Pass mark", "Due", "Status", "Best score"]);
    return table(caption, columns, rows.map((a) => (withTrainee ? [traineeLink(a.trainee)] : []).concat([
      `${label(a.persona)}${a.style ? ", " + a.style : ""}${a.difficulty ? ", " + a.difficulty : ""}${a.scenario ? ", " + a.scenario : ""}`,
      String(a.pass_mark), a.due, h("span", {class: "badge " + a.status, "data-assignment": String(a.id), text: a.status}),
      score(a.best_score)])));
  }

  function assignmentForm(preset, done, trainees, scenarioIds) {
    preset = preset || {};
    const due = new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10);
    const traineeControl = trainees
      ? select("a-trainee", "trainee", [["*", "Everyone"]].concat(trainees.map((t) => [t, t])), preset.trainee || "*")
      : h("input", {id: "a-trainee", name: "trainee", value: preset.trainee || "", required: true, readonly: true});
    const form = h("form", {class: "assignment-form", "aria-labelledby": "a-heading"},
      h("h3", {id: "a-heading", text: "New assignment"}),
      field("Trainee", traineeControl),
      field("Persona", select("a-persona", "persona", PERSONAS, preset.persona || "hesitant")),
      field("Style", select("a-style", "style", STYLES, preset.style || "", "any style")),
      field("Difficulty", select("a-difficulty", "difficulty", DIFFICULTIES, preset.difficulty || "", "any difficulty")),
      field("Scenario", select("a-scenario", "scenario", (scenarioIds || []).map((s) => [s, s]), "", "any scenario")),
      field("Pass mark (0-100)", h("input", {id: "a-pass", name: "pass_mark", type: "number", min: 0, max: 100, step: "any", value: 70, required: true})),
      field("Due", h("input", {id: "a-due", name: "due", type: "date", value: due, required: true})),
      h("p", {id: "a-error", class: "error", role: "alert", hidden: true}),
      h("button", {type: "submit", text: "Assign"}));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = {trainee: data.get("trainee"), persona: data.get("persona"),
        pass_mark: Number(data.get("pass_mark")), due: data.get("due")};
      for (const key of ["style", "difficulty", "scenario"]) if (data.get(key)) body[key] = data.get(key);
      const {status, body: answer} = await api("/assignments", {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
      const error = form.querySelector("#a-error");
      if (status !== 201) {
        error.hidden = false;
        error.textContent = answer.error || "Could not assign.";
        const bad = form.querySelector(`[name="${answer.field}"]`);
        if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
        return;
      }
      say(`Assigned: ${label(answer.persona)} to ${answer.trainee === "*" ? "everyone" : answer.trainee}, pass mark ${answer.pass_mark}, due ${answer.due}.`);
      done();
    });
    return form;
  }

  async function assignmentsView() {
    const [list, trainees, scenarios] = await Promise.all([api("/assignments"), api("/trainees"), api("/scenarios")]);
    if (list.status !== 200) return say(list.body.error || "Could not load assignments.", true);
    const ids = scenarios.status === 200
      ? scenarios.body.shipped.concat(scenarios.body.scenarios.filter((s) => !s.retired).map((s) => s.id)) : [];
    view.replaceChildren(
      h("h2", {text: "Assignments"}),
      assignmentForm({}, assignmentsView, trainees.body.trainees.map((t) => t.id), ids),
      assignmentsTable(list.body.assignments, true, "Every assignment, with its status"),
      h("p", {class: "exports"}, h("a", {href: API + "/assignments.csv", download: "assignments.csv", text: "Export assignments (CSV)"})));
  }

  // The scenario form is built from the field list the API sends (GET /scenarios "form"):
  // dotted names ("customer.name", "facts.budget.text") make the nested scenario mapping.
  function getPath(object, path) {
    return path.split(".").reduce((value, key) => (value && typeof value === "object" ? value[key] : undefined), object);
  }

  function setPath(object, path, value) {
    const keys = path.split(".");
    let node = object;
    keys.slice(0, -1).forEach((key) => { node = node[key] = node[key] || {}; });
    node[keys[keys.length - 1]] = value;
  }

  function scenarioControl(spec, value, editing) {
    const id = "s-" + spec.name.replace(/\./g, "-");
    if (spec.kind === "select") return select(id, spec.name, spec.options, value || spec.options[0]);
    if (spec.kind === "textarea") return h("textarea", {id, name: spec.name, rows: 3, required: true, text: value || ""});
    if (spec.kind === "number") return h("input", {id, name: spec.name, type: "number", min: 0, step: "any", required: true, value: value === undefined ? "" : value});
    if (spec.kind === "checkbox") return h("input", {id, name: spec.name, type: "checkbox", checked: Boolean(value)});
    if (spec.kind === "checkboxes") {
      const chosen = new Set(value || []);
      return h("div", {id, class: "choices", role: "group", "aria-label": spec.label}, spec.options.map((option) =>
        h("label", {class: "choice"}, h("input", {type: "checkbox", name: spec.name, value: option, checked: chosen.has(option)}), label(option))));
    }
    return h("input", {id, name: spec.name, value: value || "", required: true, readonly: editing && spec.name === "id"});
  }

  function scenarioForm(preset, done, specs) {
    const editing = Boolean(preset && preset.id);
    const groups = [];
    for (const spec of specs) {
      if (!groups.length || groups[groups.length - 1].title !== spec.group) groups.push({title: spec.group, specs: []});
      groups[groups.length - 1].specs.push(spec);
    }
    const form = h("form", {class: "scenario-form", "aria-labelledby": "s-heading"},
      h("h3", {id: "s-heading", text: editing ? `Edit scenario ${preset.id}` : "New scenario from your own deal"}),
      groups.map((group) => h("fieldset", {}, h("legend", {text: group.title}),
        group.specs.map((spec) => {
          const control = scenarioControl(spec, getPath(preset || {}, spec.name), editing);
          if (spec.kind === "checkboxes") return h("div", {class: "field wide"}, h("span", {class: "label", text: spec.label}), control);
          if (spec.kind === "checkbox") return h("div", {class: "field check"}, control, h("label", {for: control.id, text: spec.label}));
          return field(spec.label, control);
        }))),
      h("p", {id: "s-error", class: "error", role: "alert", hidden: true}),
      h("button", {type: "submit", text: editing ? "Save" : "Add scenario"}));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = {};
      for (const spec of specs) {
        if (spec.kind === "checkboxes") {
          setPath(body, spec.name, Array.from(form.querySelectorAll(`input[name="${spec.name}"]:checked`)).map((box) => box.value));
        } else if (spec.kind === "checkbox") {
          setPath(body, spec.name, form.querySelector(`input[name="${spec.name}"]`).checked);
        } else {
          const raw = form.querySelector(`[name="${spec.name}"]`).value;
          setPath(body, spec.name, spec.kind === "number" && raw !== "" ? Number(raw) : raw);
        }
      }
      await sendScenario(body, editing ? preset.id : null, form.querySelector("#s-error"), done);
    });
    return form;
  }

  async function sendScenario(payload, editId, errorNode, done) {
    const isText = typeof payload === "string";
    const {status, body} = await api(editId ? "/scenarios/" + encodeURIComponent(editId) : "/scenarios", {
      method: editId ? "PUT" : "POST",
      headers: {"Content-Type": isText ? "application/yaml" : "application/json"},
      body: isText ? payload : JSON.stringify(payload)});
    if (status !== 200 && status !== 201) {
      errorNode.hidden = false;
      errorNode.replaceChildren(h("span", {text: "Not saved:"}),
        h("ul", {}, (body.problems || [{field: body.field || "", problem: body.error}]).map((p) =>
          h("li", {text: `${p.field}: ${p.problem}`}))));
      return;
    }
    say(`Scenario ${body.id} saved. A trainee can play it now: ${body.start}`);
    done();
  }

  async function scenariosView() {
    const {status, body} = await api("/scenarios");
    if (status !== 200) return say(body.error || "Could not load scenarios.", true);
    // Two forms when the engine offers both: the brief one, and the full one with the
    // customer's fact sheet (every field of data/roleplay/scenarios.yml).
    let kind = "brief";
    const editor = h("div", {id: "scenario-editor"});
    const showForm = (preset) => {
      const full = body.full_form && (preset ? Boolean(preset.facts) : kind === "full");
      editor.replaceChildren(scenarioForm(preset, scenariosView, full ? body.full_form : body.form));
    };
    const chooser = body.full_form ? h("fieldset", {class: "form-kind"}, h("legend", {text: "Which form"}),
      [["brief", "Brief: the deal in a few fields"], ["full", "Full: with the customer's fact sheet"]].map(([value, text]) =>
        h("label", {class: "choice"}, h("input", {type: "radio", name: "form-kind", value, checked: value === kind,
          onchange: () => { kind = value; showForm(null); }}), text))) : null;
    showForm(null);
    const upload = h("form", {class: "upload-form", "aria-labelledby": "u-heading"},
      h("h3", {id: "u-heading", text: "Or upload YAML"}),
      field("A scenario in the form of data/roleplay/scenarios.yml",
        h("textarea", {id: "u-yaml", name: "yaml", rows: 8, spellcheck: "false"})),
      field("Or a file", h("input", {id: "u-file", name: "file", type: "file", accept: ".yml,.yaml,.json,text/yaml"})),
      h("p", {id: "u-error", class: "error", role: "alert", hidden: true}),
      h("button", {type: "submit", text: "Upload"}));
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = upload.querySelector("#u-file").files[0];
      const text = file ? await file.text() : upload.querySelector("#u-yaml").value;
      await sendScenario(text, null, upload.querySelector("#u-error"), scenariosView);
    });
    view.replaceChildren(
      h("h2", {text: "Scenarios"}),
      table("Your team's scenarios", ["Id", "Title", "Concern", "Status", ""], body.scenarios.map((s) => [
        s.id, s.title, s.hidden_concern, s.retired ? "retired" : "in use",
        h("span", {class: "actions"},
          h("button", {type: "button", class: "secondary", onclick: () => {
            showForm(s);
            editor.querySelector("input, textarea").focus();
          }}, "Edit"),
          s.retired ? null : h("button", {type: "button", class: "secondary", onclick: async () => {
            const answer = await api("/scenarios/" + encodeURIComponent(s.id), {method: "DELETE"});
            say(answer.status === 200 ? `Scenario ${s.id} retired.` : answer.body.error, answer.status !== 200);
            scenariosView();
          }}, "Retire"))])),
      h("p", {class: "hint", text: "Shipped with the coach: " + body.shipped.join(", ")}),
      chooser, editor, upload);
  }

  async function logView() {
    const {status, body} = await api("/log");
    if (status !== 200) return say(body.error || "Could not load the log.", true);
    view.replaceChildren(h("h2", {text: "Activity log"}),
      table("Manager actions, newest first", ["When", "Action", "Detail", "From"],
        body.actions.map((a) => [when(a.at), label(a.action), a.detail, a.client])));
  }

  async function route() {
    const hash = decodeURIComponent(window.location.hash.slice(1) || "team");
    const [name, ...rest] = window.location.hash.slice(1).split("/");
    say("");
    document.querySelectorAll("[data-nav]").forEach((link) => {
      if (link.dataset.nav === (name || "team")) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    try {
      if (name === "trainee") await traineeView(decodeURIComponent(rest.join("/")));
      else if (name === "assignments") await assignmentsView();
      else if (name === "scenarios") await scenariosView();
      else if (name === "log") await logView();
      else await teamView();
      document.body.dataset.view = hash.split("/")[0];
    } catch (error) {
      say("Something went wrong: " + error.message, true);
    }
  }

  window.addEventListener("hashchange", route);
  route();
})();
