// MotorPick review page. Plain JavaScript, no build step. Talks to the JSON API of `motorpick review serve`.
// Tags follow the reference: 0 = the labels are right, k = candidate k is a real motor.
"use strict";

const $ = (sel) => document.querySelector(sel);
const SVG = "http://www.w3.org/2000/svg";
const NEIGHBOUR = 8; // the reference's montage shows z-8 and z+8 next to z

const state = {
  session: null,
  reviewer: "",
  items: [],        // every item, with this reviewer's tags
  visible: [],      // indices after filtering
  current: -1,      // index of the item shown
  selectedTag: 0,   // column selected for the z readout
  dz: 0,
  crop: 256,
  contrast: "auto",
  lo: 40,
  hi: 220,
  invert: false,
  circles: true,
  pending: 0,
  queue: Promise.resolve(),
};

// ---------- API ----------

async function api(method, path, body, retried) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session) headers[state.session.csrfHeader] = state.session.csrfToken;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  if (response.status === 401 && path !== "api/login" && state.session) {
    // The session ended (the server restarted, or it expired): log in again, then carry on.
    showLogin("Your session ended: log in again.");
  }
  if (response.status === 403 && !retried && method !== "GET") {
    // The server restarted (its anti-forgery keys are per run): fetch a new token once and retry.
    await loadSession();
    return api(method, path, body, true);
  }
  let data = null;
  try { data = await response.json(); } catch { /* empty body */ }
  if (!response.ok) {
    const error = new Error((data && data.error) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function requestId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function loadSession() {
  state.session = await api("GET", "api/session");
}

async function loadItems() {
  const list = await api("GET", `api/items?reviewer=${encodeURIComponent(state.reviewer)}`);
  state.items = list.items;
}

// ---------- tags ----------

/** Mirrors the server's rule (TagEdit.Apply in MotorPick.Curation; a test runs both on one table of cases): kept ascending; on a "no motor" item, 0 and candidate tags exclude each other. */
function applyTag(item, tags, action, tag) {
  let next = new Set(tags);
  const negative = item.labels.length === 0;
  if (action === "add") {
    if (negative && tag === 0) next = new Set();
    if (negative && tag > 0) next.delete(0);
    next.add(tag);
  } else {
    next.delete(tag);
  }
  return Array.from(next).sort((a, b) => a - b);
}

function tagItem(tag, action) {
  const item = state.items[state.current];
  if (!item) return;
  if (tag > item.candidates.length) {
    toast(`Item ${item.index} has no candidate ${tag} (tags 0–${item.candidates.length})`, true);
    return;
  }
  const before = item.tags;
  const after = applyTag(item, before, action, tag);
  if (after.join() === before.join()) return;
  item.tags = after; // optimistic; the server's answer is the truth once no later change of this item waits
  item.writes = (item.writes || 0) + 1;
  renderAfterTagChange(item);
  enqueue(async () => {
    try {
      const result = await api("POST", `api/items/${item.index}/tags`, { action, tags: [tag], requestId: requestId() });
      // An answer to an earlier key must not overwrite the optimistic tags of later keys still queued: the next key
      // would then be computed from stale tags (keys 2, 1, Shift+1 pressed quickly saved "1,2" instead of "2").
      if (item.writes === 1) item.tags = result.tags;
    } catch (e) {
      if (item.writes === 1) item.tags = before;
      toast(`Not saved: ${e.message}`, true);
    } finally {
      item.writes--;
    }
    renderAfterTagChange(item);
  });
}

function undo() {
  enqueue(async () => {
    try {
      const result = await api("POST", "api/undo", { requestId: requestId() });
      const item = state.items[result.item];
      if (!item.writes) item.tags = result.tags;
      if (state.current !== result.item) select(result.item);
      renderAfterTagChange(item);
      toast(`Undone on ${item.tomoId}: ${fmtTags(result.previous)} → ${fmtTags(result.tags)}`);
    } catch (e) {
      toast(e.status === 404 ? "Nothing to undo" : `Undo failed: ${e.message}`, e.status !== 404);
    }
  });
}

/** Writes run one after another, in the order of the keys pressed. */
function enqueue(job) {
  state.pending++;
  document.body.dataset.pending = String(state.pending);
  state.queue = state.queue.then(job).finally(() => {
    state.pending--;
    document.body.dataset.pending = String(state.pending);
  });
}

const fmtTags = (tags) => (tags.length ? tags.join(", ") : "none");

// ---------- list ----------

function applyFilters() {
  const judge = $("#f-judge").value;
  const status = $("#f-status").value;
  const tomo = $("#f-tomo").value.trim().toLowerCase();
  const minConf = Number($("#f-conf").value);
  $("#f-conf-out").textContent = minConf.toFixed(2);
  state.visible = state.items.filter((i) =>
    (judge === "all" || i.judge === judge)
    && (status === "all" || (status === "decided") === (i.tags.length > 0))
    && (!tomo || i.tomoId.toLowerCase().includes(tomo))
    && i.topConf >= minConf - 1e-9).map((i) => i.index);
  renderList();
}

function renderList() {
  const list = $("#item-list");
  list.replaceChildren(...state.visible.map((index) => listEntry(state.items[index])));
  $("#list-count").textContent = `${state.visible.length} of ${state.items.length} items shown`;
  markSelected();
}

function listEntry(item) {
  const li = document.createElement("li");
  li.id = `item-${item.index}`;
  li.setAttribute("role", "option");
  li.dataset.index = item.index;
  const badge = el("span", `badge ${item.judge}`, item.judge);
  const tomo = el("span", "tomo", item.tomoId);
  const sub = el("span", "sub", `#${item.index} · ${item.candidates.length} cand. · top ${pct(item.topConf)}`);
  const tags = el("span", "tags");
  li.append(badge, tomo, tags, sub);
  fillListTags(li, item);
  li.addEventListener("click", () => select(item.index));
  return li;
}

function fillListTags(li, item) {
  li.dataset.tags = item.tags.join(",");
  const tags = li.querySelector(".tags");
  tags.replaceChildren(...(item.tags.length
    ? item.tags.map((t) => el("span", `chip ${t === 0 ? "t0" : "tk"}`, String(t)))
    : [el("span", "chip none", "–")]));
  tags.setAttribute("aria-label", item.tags.length ? `tagged ${item.tags.join(", ")}` : "undecided");
}

function markSelected() {
  for (const li of $("#item-list").children) {
    const on = Number(li.dataset.index) === state.current;
    li.setAttribute("aria-selected", on ? "true" : "false");
    if (on) {
      li.scrollIntoView({ block: "nearest" });
      $("#item-list").setAttribute("aria-activedescendant", li.id);
    }
  }
}

function move(step) {
  if (!state.visible.length) return;
  let pos = state.visible.indexOf(state.current);
  if (pos < 0) {
    // The shown item was filtered out: go to the nearest one in the direction asked.
    pos = step > 0 ? state.visible.findIndex((i) => i > state.current) : findLastIndex(state.visible, (i) => i < state.current);
    if (pos < 0) pos = step > 0 ? state.visible.length - 1 : 0;
    select(state.visible[pos]);
    return;
  }
  const next = Math.min(Math.max(pos + step, 0), state.visible.length - 1);
  if (next === pos) {
    toast(step > 0 ? "Last item of the list" : "First item of the list");
    return;
  }
  select(state.visible[next]);
}

function findLastIndex(array, predicate) {
  for (let i = array.length - 1; i >= 0; i--) if (predicate(array[i])) return i;
  return -1;
}

// ---------- item view ----------

function select(index) {
  if (index < 0 || index >= state.items.length) return;
  state.current = index;
  state.dz = 0;
  const item = state.items[index];
  state.selectedTag = item.candidates.length ? 1 : 0;
  history.replaceState(null, "", `#item=${index}`);
  markSelected();
  renderItem();
  prefetch();
}

function columnsOf(item) {
  const cols = [{ tag: 0, kind: "gt", name: "GT", point: item.labels[0] || null, conf: null }];
  item.candidates.forEach((c) => cols.push({ tag: c.tag, kind: "pred", name: `PRED ${c.tag - 1}`, point: c.zyx, conf: c.conf }));
  return cols;
}

/** The column's reference point (rounded) as the reference's viz: the GT's first motor, or the middle slice when there is none. */
function anchor(item, col) {
  const [Z, Y, X] = item.shape;
  if (!col.point) return [Math.floor(Z / 2), Math.floor(Y / 2), Math.floor(X / 2)];
  return [Math.min(Math.max(Math.round(col.point[0]), 0), Z - 1), Math.round(col.point[1]), Math.round(col.point[2])];
}

function sliceUrl(item, z, y, x, size) {
  const q = new URLSearchParams({ z, y, x, size, contrast: state.contrast });
  if (state.contrast === "window") { q.set("lo", state.lo); q.set("hi", state.hi); }
  if (state.invert) q.set("invert", "true");
  return `api/items/${item.index}/slice?${q}`;
}

function renderItem() {
  const item = state.items[state.current];
  if (!item) {
    $("#item-title").textContent = "No item";
    $("#columns").replaceChildren(el("p", "empty", "Nothing to review here."));
    return;
  }
  const title = $("#item-title");
  title.replaceChildren(el("span", `badge ${item.judge}`, item.judge), document.createTextNode(`${item.tomoId}`));
  $("#item-meta").textContent =
    `item ${item.index} · shape ${item.shape.join("×")} · ${item.voxelSpacing} Å/voxel · circle ${Math.round(item.radiusVoxels)} px = 1000 Å · ` +
    `${item.labels.length ? `${item.labels.length} labelled motor${item.labels.length > 1 ? "s" : ""}` : "labelled: no motor"}`;
  renderTagBar(item);
  renderColumns(item);
  loadOthers(item);
  loadHistory(item);
}

async function loadHistory(item) {
  try {
    const events = await api("GET", `api/items/${item.index}/history`);
    if (state.current !== item.index) return;
    $("#history-list").replaceChildren(...events.slice(0, 12).map((e) => {
      const li = el("li", e.undoneBy ? "undone" : "");
      const time = new Date(e.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      const what = e.action === "undo" ? "undid a change" : `${e.action} ${e.action === "set" ? fmtTags(e.tags) : fmtTags(diff(e.tags, e.previous).concat(diff(e.previous, e.tags)))}`;
      li.append(el("span", "", `${time} `), el("span", "who", e.reviewer), el("span", "", ` ${what}: ${fmtTags(e.previous)} → ${fmtTags(e.tags)}`));
      return li;
    }));
  } catch { /* not essential */ }
}

const diff = (a, b) => a.filter((x) => !b.includes(x));
const refreshHistory = debounce(() => { const item = state.items[state.current]; if (item) loadHistory(item); }, 300);

async function showAgreement() {
  const body = $("#agreement-body");
  body.textContent = "Loading…";
  $("#agreement").showModal();
  try {
    const report = await api("GET", "api/agreement");
    if (!report.pairs.length) {
      body.replaceChildren(el("p", "muted", "No item has been tagged by two reviewers yet."));
      return;
    }
    const pairs = document.createElement("table");
    pairs.className = "agreement-table";
    pairs.append(row("th", ["Reviewers", "Both decided", "Same tags", "Agreement"]));
    for (const p of report.pairs) pairs.append(row("td", [`${p.a} / ${p.b}`, p.both, p.agreed, pct(p.fraction)]));
    const items = document.createElement("table");
    items.className = "agreement-table";
    items.append(row("th", ["Item", "Tomogram", ...report.reviewers]));
    for (const i of report.items.filter((x) => !x.agree)) {
      const go = el("button", "", `#${i.item}`);
      go.type = "button";
      go.addEventListener("click", () => { $("#agreement").close(); select(i.item); });
      const tr = row("td", ["", i.tomoId, ...report.reviewers.map((r) => (i.tags[r] ? fmtTags(i.tags[r]) : "–"))]);
      tr.firstChild.append(go);
      items.append(tr);
    }
    const disagree = report.items.filter((x) => !x.agree).length;
    body.replaceChildren(pairs, el("p", "", `${disagree} of ${report.items.length} items tagged by several reviewers disagree${disagree ? ":" : "."}`), ...(disagree ? [items] : []));
  } catch (e) {
    body.textContent = `Could not load: ${e.message}`;
  }
}

function row(cell, values) {
  const tr = document.createElement("tr");
  for (const v of values) tr.append(el(cell, "", String(v)));
  return tr;
}

function renderTagBar(item) {
  const bar = $("#tag-bar");
  const buttons = columnsOf(item).map((col) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `tag-button ${col.kind}`;
    b.dataset.tag = col.tag;
    b.setAttribute("aria-pressed", item.tags.includes(col.tag) ? "true" : "false");
    const text = col.tag === 0
      ? (item.labels.length ? "Labels are right" : "No motor here")
      : `${col.name} is a motor · ${pct(col.conf)}`;
    b.append(el("span", "key", String(col.tag)), el("span", "", text));
    b.title = col.tag === 0 ? "Key 0 (Shift+0 removes)" : `Key ${col.tag} (Shift+${col.tag} removes)`;
    b.addEventListener("click", () => tagItem(col.tag, item.tags.includes(col.tag) ? "remove" : "add"));
    return b;
  });
  bar.replaceChildren(...buttons);
}

function renderColumns(item) {
  const cols = columnsOf(item);
  const figures = cols.map((col) => {
    const fig = document.createElement("figure");
    fig.className = `col ${col.kind}`;
    fig.dataset.tag = col.tag;
    const [z, y, x] = anchor(item, col);
    const cap = document.createElement("figcaption");
    cap.append(el("span", "key", String(col.tag)), el("span", "name", col.name));
    if (col.conf !== null) cap.append(el("span", "conf", pct(col.conf)));
    const coords = el("div", "coords", col.point ? `z ${z} · y ${y} · x ${x}` : "no labelled motor: middle slice");

    const main = panel(item, col, "main");
    const thumbs = el("div", `thumbs n${state.session.heatmaps ? 3 : 2}`);
    thumbs.append(panel(item, col, "below"), panel(item, col, "above"));
    if (state.session.heatmaps) thumbs.append(panel(item, col, "heat"));
    fig.append(cap, main, thumbs, coords);
    fig.addEventListener("click", () => { state.selectedTag = col.tag; updateColumns(item); });
    return fig;
  });
  $("#columns").replaceChildren(...figures);
  updateColumns(item);
}

function panel(item, col, role) {
  const div = el("div", "panel");
  div.dataset.role = role;
  const img = document.createElement("img");
  img.decoding = "async";
  img.draggable = false;
  div.append(img);
  if (role === "main" || role === "heat") div.append(document.createElementNS(SVG, "svg"));
  if (role !== "main") div.append(el("span", "lbl", role === "below" ? `z−${NEIGHBOUR}` : role === "above" ? `z+${NEIGHBOUR}` : "heatmap"));
  if (role === "main") div.addEventListener("wheel", (e) => { e.preventDefault(); scrub(e.deltaY > 0 ? 1 : -1); }, { passive: false });
  return div;
}

/** Sets every image and overlay for the current dz, crop size and contrast. */
function updateColumns(item) {
  const [Z] = item.shape;
  const size = state.crop;
  for (const fig of $("#columns").children) {
    const col = columnsOf(item)[Number(fig.dataset.tag)];
    const [z0, y, x] = anchor(item, col);
    const z = clamp(z0 + state.dz, 0, Z - 1);
    fig.classList.toggle("selected", col.tag === state.selectedTag);
    fig.classList.toggle("tagged", item.tags.includes(col.tag));
    for (const div of fig.querySelectorAll(".panel")) {
      const img = div.querySelector("img");
      const role = div.dataset.role;
      let src;
      let zz = z;
      if (role === "main") {
        src = sliceUrl(item, z, y, x, size);
        img.alt = `${col.name}: slice z ${z} around y ${y}, x ${x}`;
      } else if (role === "heat") {
        src = `api/items/${item.index}/heatmap?${new URLSearchParams({ z, y, x, size })}`;
        img.alt = `${col.name}: heatmap at slice ${z}`;
      } else {
        zz = role === "below" ? Math.max(z - NEIGHBOUR, 0) : Math.min(z + NEIGHBOUR, Z - 1);
        src = sliceUrl(item, zz, y, x, size);
        img.alt = `${col.name}: neighbour slice z ${zz}`;
      }
      if (img.getAttribute("src") !== src) img.src = src;
      const svg = div.querySelector("svg");
      if (svg) drawOverlay(svg, item, col, z, y, x, size);
    }
  }
  const sel = columnsOf(item)[state.selectedTag] || columnsOf(item)[0];
  const zSel = clamp(anchor(item, sel)[0] + state.dz, 0, Z - 1);
  $("#z-text").textContent = `Δz ${state.dz > 0 ? "+" : ""}${state.dz} · z ${zSel} (${sel.name})`;
  $("#z-offset").value = state.dz;
}

/**
 * Circles of the metric's 1000 Å radius, on other slices the sphere's section. Labels and candidates differ by more
 * than colour (red-green colour blindness): labels solid with "L", candidates dashed with "C" and their tag; the
 * column's own point is drawn thicker.
 */
function drawOverlay(svg, item, col, z, cy, cx, size) {
  svg.setAttribute("viewBox", `${cx - size / 2} ${cy - size / 2} ${size} ${size}`);
  svg.replaceChildren();
  if (!state.circles) return;
  const r = item.radiusVoxels;
  const points = [
    ...item.labels.map((p, i) => ({ p, colour: "var(--gt)", label: true, own: col.tag === 0 && i === 0, text: item.labels.length > 1 ? `L${i}` : "L" })),
    ...item.candidates.map((c) => ({ p: c.zyx, colour: "var(--pred)", label: false, own: col.tag === c.tag, text: `C${c.tag}` })),
  ];
  for (const { p, colour, label: isLabel, own, text } of points) {
    const dz = p[0] - z;
    const rr = Math.sqrt(Math.max(0, r * r - dz * dz));
    if (rr < 0.5) continue;
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", p[2]);
    c.setAttribute("cy", p[1]);
    c.setAttribute("r", rr);
    c.setAttribute("fill", "none");
    c.setAttribute("stroke", colour);
    c.setAttribute("stroke-width", own ? 3 : 1.5);
    c.setAttribute("vector-effect", "non-scaling-stroke");
    c.dataset.kind = isLabel ? "label" : "candidate";
    if (!isLabel) c.setAttribute("stroke-dasharray", "6 4");
    svg.append(c);
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", p[2] + rr * 0.72);
    label.setAttribute("y", p[1] - rr * 0.72);
    label.setAttribute("fill", colour);
    label.setAttribute("font-size", size / 16);
    label.setAttribute("font-weight", "700");
    label.textContent = text;
    svg.append(label);
  }
}

async function loadOthers(item) {
  const line = $("#others");
  line.textContent = "";
  if (!item.reviewers || (item.reviewers === 1 && item.tags.length)) return;
  try {
    const detail = await api("GET", `api/items/${item.index}?reviewer=${encodeURIComponent(state.reviewer)}`);
    if (state.current !== item.index) return;
    const others = Object.entries(detail.others);
    line.textContent = others.length ? "Other reviewers: " + others.map(([who, tags]) => `${who} → ${fmtTags(tags)}`).join(" · ") : "";
  } catch { /* not essential */ }
}

function renderAfterTagChange(item) {
  const li = document.getElementById(`item-${item.index}`);
  if (li) fillListTags(li, item);
  if (state.current === item.index) {
    for (const b of $("#tag-bar").children) b.setAttribute("aria-pressed", item.tags.includes(Number(b.dataset.tag)) ? "true" : "false");
    for (const fig of $("#columns").children) fig.classList.toggle("tagged", item.tags.includes(Number(fig.dataset.tag)));
    refreshHistory();
  }
  renderProgress();
}

function renderProgress() {
  const done = state.items.filter((i) => i.tags.length > 0).length;
  const total = state.items.length;
  $("#progress-text").textContent = `${done} / ${total} decided`;
  const bar = $("#progress-bar");
  bar.max = Math.max(total, 1);
  bar.value = done;
}

function prefetch() {
  const pos = state.visible.indexOf(state.current);
  const next = state.items[state.visible[pos + 1]];
  if (!next) return;
  for (const col of columnsOf(next)) {
    const [z, y, x] = anchor(next, col);
    new Image().src = sliceUrl(next, z, y, x, state.crop);
  }
}

// ---------- view controls ----------

function scrub(step) {
  const item = state.items[state.current];
  if (!item) return;
  const limit = Number($("#z-offset").max);
  state.dz = clamp(state.dz + step, -limit, limit);
  updateColumns(item);
}

function setCrop(step) {
  const sizes = Array.from($("#crop").options, (o) => Number(o.value));
  const at = sizes.indexOf(state.crop);
  state.crop = sizes[clamp(at + step, 0, sizes.length - 1)];
  $("#crop").value = state.crop;
  refreshView();
}

function refreshView() {
  const item = state.items[state.current];
  for (const w of document.querySelectorAll(".controls .window")) w.hidden = state.contrast !== "window";
  if (item) updateColumns(item);
  savePrefs();
}

function savePrefs() {
  localStorage.setItem("motorpick.view", JSON.stringify({ crop: state.crop, contrast: state.contrast, lo: state.lo, hi: state.hi, invert: state.invert, circles: state.circles }));
}

function loadPrefs() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem("motorpick.view") || "null");
  } catch { /* ignore */ }
  if (saved) {
    Object.assign(state, saved);
  } else if (state.items.length) {
    // First visit: a crop of about four circle radii, so the circles and their surroundings both show.
    const sizes = Array.from($("#crop").options, (o) => Number(o.value));
    const want = 4 * state.items[0].radiusVoxels;
    state.crop = sizes.reduce((a, b) => (Math.abs(b - want) < Math.abs(a - want) ? b : a));
  }
  $("#crop").value = state.crop;
  $("#contrast").value = state.contrast;
  $("#lo").value = state.lo;
  $("#hi").value = state.hi;
  $("#invert").checked = state.invert;
  $("#circles").checked = state.circles;
}

// ---------- keyboard ----------

/**
 * What each key does (digits, with or without Shift, are handled by code so every layout works). The keys dialog of
 * index.html lists exactly these: each key there is a <kbd data-key>, and a browser test compares the two.
 */
const KEYS = {
  n: () => move(1), ArrowRight: () => move(1), ArrowDown: () => move(1), j: () => move(1),
  p: () => move(-1), ArrowLeft: () => move(-1), ArrowUp: () => move(-1), k: () => move(-1),
  Home: () => state.visible.length && select(state.visible[0]),
  End: () => state.visible.length && select(state.visible[state.visible.length - 1]),
  u: () => undo(),
  "[": () => scrub(-1), "]": () => scrub(1), "\\": () => { state.dz = 0; scrub(0); },
  "+": () => setCrop(-1), "=": () => setCrop(-1), "-": () => setCrop(1),
  i: () => { state.invert = !state.invert; $("#invert").checked = state.invert; refreshView(); },
  c: () => { const m = ["auto", "window", "none"]; state.contrast = m[(m.indexOf(state.contrast) + 1) % 3]; $("#contrast").value = state.contrast; refreshView(); },
  o: () => { state.circles = !state.circles; $("#circles").checked = state.circles; refreshView(); },
  "?": () => $("#help").showModal(),
};

function onKey(e) {
  const t = e.target;
  if (t instanceof HTMLElement && (t.matches("input[type=text], input[type=search], select, textarea") || t.isContentEditable)) {
    if (e.key === "Escape") t.blur();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if ($("#help").open || $("#agreement").open || $("#login").open) return;
  const digit = /^(Digit|Numpad)([0-9])$/.exec(e.code);
  if (digit) {
    e.preventDefault();
    tagItem(Number(digit[2]), e.shiftKey ? "remove" : "add");
    return;
  }
  const handled = Object.hasOwn(KEYS, e.key) ? KEYS[e.key] : undefined;
  if (handled) {
    e.preventDefault();
    handled();
  }
}

// ---------- helpers ----------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
const pct = (c) => `${Math.round(100 * c)}%`;

let toastTimer = 0;
function toast(message, error) {
  const t = $("#status");
  t.textContent = message;
  t.classList.toggle("error", !!error);
  t.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove("show"), error ? 5000 : 2200);
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---------- login ----------

/** Shows the login form; a valid token starts a session (an HttpOnly cookie) and the page loads again. */
function showLogin(message) {
  const dialog = $("#login");
  $("#login-error").textContent = message || "";
  document.body.dataset.login = "1";
  if (!dialog.open) dialog.showModal();
  $("#login-token").focus();
}

async function login(e) {
  e.preventDefault();
  const token = $("#login-token").value.trim();
  if (!token) return;
  try {
    await api("POST", "api/login", { token });
    $("#login-token").value = "";
    location.reload();
  } catch (err) {
    $("#login-error").textContent = err.status === 401 ? "This token is not valid here." : `Could not log in: ${err.message}`;
  }
}

async function logout() {
  try {
    await api("POST", "api/logout", {});
  } finally {
    location.reload();
  }
}

// ---------- start ----------

async function start() {
  $("#login-form").addEventListener("submit", login);
  // The login form cannot be dismissed: without a session there is nothing to show.
  $("#login").addEventListener("cancel", (e) => e.preventDefault());
  try {
    await loadSession();
  } catch (e) {
    if (e.status !== 401) throw e;
    $("#item-title").textContent = "Log in to review";
    showLogin();
    return;
  }
  state.reviewer = state.session.reviewer;
  $("#reviewer").textContent = state.reviewer;
  $("#logout-button").hidden = !state.session.login;
  $("#logout-button").addEventListener("click", logout);
  $("#export-link").href = `api/export?reviewer=${encodeURIComponent(state.reviewer)}`;
  await loadItems();
  loadPrefs();
  applyFilters();
  renderProgress();
  const fromHash = /item=(\d+)/.exec(location.hash);
  const first = fromHash ? Number(fromHash[1]) : (state.visible[0] ?? 0);
  select(Math.min(first, state.items.length - 1));

  document.addEventListener("keydown", onKey);
  for (const id of ["#f-judge", "#f-status", "#f-conf"]) $(id).addEventListener("input", applyFilters);
  $("#f-tomo").addEventListener("input", debounce(applyFilters, 150));
  $("#filters").addEventListener("submit", (e) => e.preventDefault());
  $("#z-offset").addEventListener("input", (e) => { state.dz = Number(e.target.value); updateColumns(state.items[state.current]); });
  $("#crop").addEventListener("change", (e) => { state.crop = Number(e.target.value); refreshView(); });
  $("#contrast").addEventListener("change", (e) => { state.contrast = e.target.value; refreshView(); });
  $("#lo").addEventListener("input", debounce((e) => { state.lo = Number(e.target.value); refreshView(); }, 120));
  $("#hi").addEventListener("input", debounce((e) => { state.hi = Number(e.target.value); refreshView(); }, 120));
  $("#invert").addEventListener("change", (e) => { state.invert = e.target.checked; refreshView(); });
  $("#circles").addEventListener("change", (e) => { state.circles = e.target.checked; refreshView(); });
  $("#help-button").addEventListener("click", () => $("#help").showModal());
  $("#agreement-button").addEventListener("click", showAgreement);
  $("#item-list").addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") e.preventDefault();
  });
  refreshView();
  document.body.dataset.ready = "1";
}

start().catch((e) => {
  toast(`Could not load the review: ${e.message}`, true);
  $("#item-title").textContent = "Could not load the review";
});
