// The explorer: builds a control per parameter from /api/scenarios, and on every change asks
// /api/analyze for the answer and /api/tree for the drawing. The settings live in the page's
// URL in the API's own query form (scenario=…&variant=…&set=NAME=VALUE), so a link shares them.
"use strict";

const state = {
  scenarios: [],     // from /api/scenarios
  scenario: null,    // the chosen entry
  variant: null,     // the chosen variant entry (with its params)
  values: new Map(), // parameter name -> value text, only where it differs from the default
  asked: 0,          // the number of the latest analyze request; older answers are dropped
  busy: false,       // an analyze request is under way
  again: false,      // settings changed while it was under way
  map: null,         // the AbortController of the map being computed
};

const $ = (id) => document.getElementById(id);
const words = (name) => name.replace(/_/g, " ");

// The query string of the current settings: what the API reads and what the share link holds.
function query() {
  const q = new URLSearchParams();
  q.set("scenario", state.scenario.name);
  if (state.variant.name !== "base") q.set("variant", state.variant.name);
  for (const p of state.variant.params) {
    if (state.values.has(p.name)) q.append("set", p.name + "=" + state.values.get(p.name));
  }
  return q.toString();
}

// A slider's number as text: as many decimals as its step needs, no trailing zeros.
function numberText(x, step) {
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
  let text = x.toFixed(decimals);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

async function start() {
  let listing;
  try {
    const response = await fetch("/api/scenarios");
    listing = await response.json();
  } catch (e) {
    showError("Cannot reach the server: " + e);
    return;
  }
  state.scenarios = listing.scenarios;
  const select = $("scenario");
  for (const s of state.scenarios) select.add(new Option(s.title + " (" + s.name + ")", s.name));
  // The settings of a shared link, if the page was opened with one.
  const asked = new URLSearchParams(location.search);
  const wanted = state.scenarios.find((s) => s.name === asked.get("scenario"))
    || state.scenarios.find((s) => s.name === "latvia") || state.scenarios[0];
  const sets = new Map();
  for (const s of asked.getAll("set")) {
    const at = s.indexOf("=");
    if (at > 0) sets.set(s.slice(0, at), s.slice(at + 1));
  }
  choose(wanted.name, asked.get("variant") || "base", sets);
  select.addEventListener("change", () => choose(select.value, "base", new Map()));
  $("variant").addEventListener("change", () => choose(state.scenario.name, $("variant").value, state.values));
  $("reset").addEventListener("click", () => choose(state.scenario.name, state.variant.name, new Map()));
  $("draw-map").addEventListener("click", drawMap);
  $("cancel-map").addEventListener("click", () => state.map && state.map.abort());
}

// Chooses a scenario and variant; `sets` are values to keep where the variant has the parameter.
function choose(name, variantName, sets) {
  const before = state.scenario;
  state.scenario = state.scenarios.find((s) => s.name === name);
  if (state.scenario !== before) showClaims();
  state.variant = state.scenario.variants.find((v) => v.name === variantName) || state.scenario.variants[0];
  const kept = new Map();
  for (const p of state.variant.params) if (sets.has(p.name)) kept.set(p.name, sets.get(p.name));
  state.values = kept;
  $("scenario").value = state.scenario.name;
  $("title").textContent = state.scenario.title;
  $("about").textContent = state.scenario.about;
  const variants = $("variant");
  variants.replaceChildren(...state.scenario.variants.map((v) => new Option(words(v.name), v.name)));
  variants.value = state.variant.name;
  $("variant-about").textContent = state.variant.about;
  buildControls();
  buildMapChoices();
  $("map").replaceChildren();
  changed();
}

function buildControls() {
  const box = $("params");
  box.replaceChildren();
  for (const p of state.variant.params) box.append(control(p));
}

// One parameter's control: a toggle for a boolean, a slider over its range, or a number box
// when the scenario declares no range.
function control(p) {
  const div = document.createElement("div");
  div.className = "param";
  const id = "param-" + p.name;
  const head = document.createElement("label");
  head.className = "name";
  head.htmlFor = id;
  head.append(document.createTextNode(words(p.name)));
  const shown = document.createElement("output");
  head.append(shown);
  div.append(head);
  const input = document.createElement("input");
  input.id = id;
  input.name = p.name;
  const current = state.values.has(p.name) ? state.values.get(p.name) : p.value.exact;
  const set = (text) => {
    if (text === p.value.exact) state.values.delete(p.name);
    else state.values.set(p.name, text);
    shown.textContent = text;
    changed();
  };
  if (p.boolean) {
    input.type = "checkbox";
    input.checked = current === "true" || current === "1";
    shown.textContent = input.checked ? "true" : "false";
    input.addEventListener("change", () => {
      const text = input.checked ? "true" : "false";
      // The default of a boolean is listed as 1 or 0.
      if ((text === "true") === (p.value.value !== 0)) state.values.delete(p.name);
      else state.values.set(p.name, text);
      shown.textContent = text;
      changed();
    });
    div.append(input);
  } else if (p.range) {
    const [lo, hi] = [p.range[0].value, p.range[1].value];
    const step = hi > lo ? (hi - lo) / 100 : 1;
    input.type = "range";
    input.min = lo;
    input.max = hi;
    input.step = step;
    input.value = Number(current.includes("/") ? p.value.value : current);
    shown.textContent = current;
    input.addEventListener("input", () => set(numberText(Number(input.value), step)));
    div.append(input);
    const ends = document.createElement("div");
    ends.className = "range";
    ends.append(span(p.range[0].exact), span(p.range[1].exact));
    div.append(ends);
  } else {
    input.type = "number";
    input.step = "any";
    input.value = current.includes("/") ? p.value.value : current;
    shown.textContent = current;
    input.addEventListener("change", () => { if (input.value !== "") set(input.value); });
    div.append(input);
  }
  const about = document.createElement("p");
  about.className = "about";
  about.textContent = p.about;
  div.append(about);
  return div;
}

function span(text) {
  const s = document.createElement("span");
  s.textContent = text;
  return s;
}

// Settings changed: update the share link and the page's own URL, then ask for the answer.
// At most one analyze request is under way; changes made meanwhile are sent when it returns.
function changed() {
  const q = query();
  $("share").href = "/?" + q;
  history.replaceState(null, "", "/?" + q);
  if (state.map) state.map.abort();
  if (state.busy) {
    state.again = true;
    return;
  }
  analyze();
}

async function analyze() {
  state.busy = true;
  state.again = false;
  const number = ++state.asked;
  $("status").textContent = "Solving…";
  const started = performance.now();
  const q = query();
  try {
    const response = await fetch("/api/analyze?" + q);
    const body = await response.json();
    if (number === state.asked) {
      const timing = /dur=([0-9.]+)/.exec(response.headers.get("server-timing") || "");
      if (response.ok) {
        showAnswer(body, performance.now() - started, timing && Number(timing[1]));
        // Asked for after the answer, the tree is drawn from the answer the server keeps.
        $("tree").replaceChildren(image("/api/tree?" + q, "The game tree with its equilibrium"));
      } else {
        showError(body.error);
        $("tree").replaceChildren();
      }
    }
  } catch (e) {
    showError("Cannot reach the server: " + e);
  }
  state.busy = false;
  if (state.again) analyze();
}

function showError(text) {
  $("status").textContent = "";
  const box = $("error");
  box.hidden = false;
  box.textContent = text;
  $("headline").textContent = "";
  $("kinds").replaceChildren();
  $("outcomes").replaceChildren();
}

// `ms` is the time from the request to its answer in the page, `server` the server's own.
function showAnswer(answer, ms, server) {
  $("error").hidden = true;
  $("status").textContent = "Solved in " + Math.round(ms) + " ms"
    + (server === null ? "" : " (" + server.toFixed(1) + " ms on the server)")
    + "; " + answer.equilibria_found
    + (answer.equilibria_found === 1 ? " equilibrium." : " equilibria.");
  $("headline").textContent = answer.summary.headline;
  $("kinds").replaceChildren(...answer.summary.kinds.map((k) => {
    const li = document.createElement("li");
    li.textContent = k.sentence;
    return li;
  }));
  const bars = answer.equilibrium.outcomes.map((o) => {
    const row = document.createElement("div");
    row.className = "bar";
    row.title = o.about;
    const label = span(words(o.outcome));
    label.className = "label";
    const track = document.createElement("div");
    track.className = "track";
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = (100 * Math.max(0, Math.min(1, o.probability.value))) + "%";
    track.append(fill);
    const n = span(o.probability.value.toFixed(3).replace(/\.?0+$/, "") || "0");
    n.className = "number";
    row.append(label, track, n);
    return row;
  });
  $("outcomes").replaceChildren(...bars);
}

function image(src, alt) {
  const img = document.createElement("img");
  img.alt = alt;
  img.src = src;
  img.addEventListener("error", () => {
    // The error's text comes from the API as JSON.
    fetch(src).then((r) => r.json()).then((b) => {
      const pre = document.createElement("pre");
      pre.textContent = b.error;
      img.replaceWith(pre);
    }).catch(() => {});
  });
  return img;
}

// The verdicts on the scenario's own claims; they do not depend on the sliders, so they are
// asked for once per scenario.
async function showClaims() {
  const box = $("claims");
  const scenario = state.scenario;
  if (scenario.claims === 0) {
    box.replaceChildren(span("This scenario file makes no claims."));
    return;
  }
  box.replaceChildren(span("Checking " + scenario.claims + " claims…"));
  try {
    const response = await fetch("/api/claims?scenario=" + encodeURIComponent(scenario.name));
    const body = await response.json();
    if (state.scenario !== scenario) return;
    if (!response.ok) {
      const pre = document.createElement("pre");
      pre.textContent = body.error;
      box.replaceChildren(pre);
      return;
    }
    const list = document.createElement("ul");
    for (const c of body) {
      const li = document.createElement("li");
      const says = document.createElement("strong");
      says.textContent = "“" + c.says + "”";
      const detail = " " + words(c.compare[0]) + " against " + words(c.compare[1]) + ", "
        + c.measure + " expected " + c.expect + ": " + c.verdict + ".";
      li.append(says, document.createTextNode(detail));
      list.append(li);
    }
    box.replaceChildren(list);
  } catch (e) {
    box.replaceChildren(span("Cannot check the claims: " + e));
  }
}

// The map's axis choices: parameters with a declared range (a map needs one).
function buildMapChoices() {
  const ranged = state.variant.params.filter((p) => p.range && !p.boolean);
  for (const [id, pick] of [["map-x", 0], ["map-y", 1]]) {
    const select = $(id);
    select.replaceChildren(...ranged.map((p) => new Option(words(p.name), p.name)));
    if (ranged.length > pick) select.value = ranged[pick].name;
  }
  $("draw-map").disabled = ranged.length < 2;
}

// Draws the map: coarse first (a quick 9 × 9), then fine (21 × 21), each replacing the last;
// Cancel, or any change of settings, stops it.
async function drawMap() {
  if (state.map) state.map.abort();
  const controller = new AbortController();
  state.map = controller;
  const q = query() + "&x=" + encodeURIComponent($("map-x").value)
    + "&y=" + encodeURIComponent($("map-y").value);
  $("cancel-map").hidden = false;
  const box = $("map");
  const note = document.createElement("p");
  note.className = "status";
  box.replaceChildren(note);
  try {
    for (const n of [9, 21]) {
      note.textContent = "Computing a " + n + " × " + n + " map…";
      const response = await fetch("/api/map?" + q + "&n=" + n, { signal: controller.signal });
      if (!response.ok) {
        const pre = document.createElement("pre");
        pre.textContent = (await response.json()).error;
        box.replaceChildren(pre);
        break;
      }
      const svg = await response.text();
      const img = new Image();
      img.alt = "Deterrence map";
      img.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      box.replaceChildren(img, note);
    }
    note.remove();
  } catch (e) {
    note.textContent = controller.signal.aborted ? "Map cancelled." : "Map failed: " + e;
  }
  if (state.map === controller) state.map = null;
  $("cancel-map").hidden = true;
}

start();
