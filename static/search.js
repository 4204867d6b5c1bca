// waveplan: the search box on every page, and the filters and sortable columns of the
// workloads list. Plain JavaScript, nothing fetched: the index (search-index.js, written by
// the build) is loaded with a <script> tag the first time it is needed, so search works from
// file://. Without JavaScript the box and the filters stay hidden and the pages work as they
// are. The index's layout is described in docs/site.md ("Search and filters").
(function () {
  "use strict";

  var GLOBAL = "waveplanIndex";
  var MAX_RESULTS = 10; // results the search box lists
  var ROWS_AT_ONCE = 200; // rows the filtered list shows before "Show more"

  // ---- The index -------------------------------------------------------------------------

  var index = null;
  var waiting = null;

  // Calls `done(index)` once the index is loaded (`null` when it cannot be).
  function withIndex(src, done) {
    if (index) return done(index);
    if (waiting) return waiting.push(done);
    waiting = [done];
    var finish = function () {
      index = window[GLOBAL] ? prepare(window[GLOBAL]) : null;
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (cb) { cb(index); });
    };
    if (window[GLOBAL]) return finish();
    var script = document.createElement("script");
    script.src = src;
    script.onload = finish;
    script.onerror = finish;
    document.head.appendChild(script);
  }

  // Unpacks the compact columns: one object per field, arrays by workload.
  function prepare(ix) {
    var n = ix.id.length;
    var w = ix.codes.length / n || 10;
    var field = function (k) {
      var out = new Array(n);
      for (var i = 0; i < n; i++) out[i] = parseInt(ix.codes.charAt(i * w + k), 36);
      return out;
    };
    var hay = new Array(n);
    for (var i = 0; i < n; i++) {
      var tags = ix.tag[i].map(function (t) { return ix.tags[t]; }).join(" ");
      hay[i] = [ix.id[i], ix.name[i], ix.owners[ix.owner[i]], ix.units[ix.unit[i]], tags]
        .join("\n")
        .toLowerCase();
    }
    return {
      raw: ix,
      n: n,
      hay: hay,
      crit: field(0),
      validated: field(1),
      sens: field(2),
      path: field(3),
      pathRule: field(4),
      method: field(5),
      methodRule: field(6),
      rollback: field(7),
      nonprodState: field(8),
      prodState: field(9),
    };
  }

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matchesWords(ix, i, ws) {
    for (var k = 0; k < ws.length; k++) if (ix.hay[i].indexOf(ws[k]) < 0) return false;
    return true;
  }

  function link(pattern, value) {
    return pattern[0] + value + pattern[1];
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    for (var a = 2; a < arguments.length; a++) {
      var child = arguments[a];
      if (child == null || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function wavesText(raw, i) {
    var waves = [raw.nw[i], raw.pw[i]].filter(Boolean);
    if (waves[0] === waves[1]) waves.pop();
    return waves.length ? "wave " + waves.join(", ") : "";
  }

  // ---- The search box --------------------------------------------------------------------

  function searchBox(box) {
    var root = box.getAttribute("data-root") || "";
    var src = box.getAttribute("data-index");
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var results = [];
    var active = -1;
    box.hidden = false;

    var close = function () {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    var highlight = function (k) {
      var options = list.querySelectorAll("[role=option]");
      active = k;
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === k ? "true" : "false"); });
      if (k >= 0 && options[k]) {
        input.setAttribute("aria-activedescendant", options[k].id);
        options[k].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    var open = function (k) {
      if (results[k] != null) window.location.href = root + link(index.raw.page, index.raw.id[results[k]]);
    };
    var update = function () {
      var ws = words(input.value);
      if (!ws.length) {
        results = [];
        status.textContent = "";
        return close();
      }
      withIndex(src, function (ix) {
        if (!ix) {
          status.textContent = "The search index could not be loaded.";
          return;
        }
        var q = ws.join(" ");
        var found = [];
        for (var i = 0; i < ix.n; i++) {
          if (!matchesWords(ix, i, ws)) continue;
          var id = ix.raw.id[i].toLowerCase();
          found.push([id === q ? 0 : id.indexOf(q) === 0 ? 1 : 2, i]);
        }
        found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
        results = found.slice(0, MAX_RESULTS).map(function (f) { return f[1]; });
        list.textContent = "";
        results.forEach(function (i, k) {
          var raw = ix.raw;
          var unit = raw.units[raw.unit[i]];
          var option = el(
            "li",
            { role: "option", id: "site-search-option-" + k, "aria-selected": "false" },
            el("a", { href: root + link(raw.page, raw.id[i]), tabindex: "-1" },
              el("strong", {}, raw.id[i]), " ", raw.name[i]),
            el("span", { class: "sub" }, [raw.owners[raw.owner[i]], unit, wavesText(raw, i)].filter(Boolean).join(" · ")),
          );
          option.addEventListener("mousedown", function (e) { e.preventDefault(); });
          list.appendChild(option);
        });
        if (!found.length) list.appendChild(el("li", { class: "none" }, "No workload matches."));
        else if (found.length > results.length)
          list.appendChild(el("li", { class: "none" }, found.length - results.length + " more: type more to narrow."));
        status.textContent = found.length
          ? found.length + " workload" + (found.length === 1 ? "" : "s") + " found"
          : "No workload found";
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      });
    };

    input.addEventListener("input", update);
    input.addEventListener("focus", function () {
      withIndex(src, function () {});
      if (input.value) update();
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      var count = results.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) return update();
        if (!count) return;
        var step = e.key === "ArrowDown" ? 1 : -1;
        highlight(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (count) open(active < 0 ? 0 : active);
      } else if (e.key === "Escape") {
        if (!list.hidden) close();
        else input.value = "";
      }
    });
    // `/` focuses the box from anywhere but a field.
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  // ---- The workloads list ----------------------------------------------------------------

  // The sortable columns: how each compares two workloads (ties keep plan order).
  var SORTS = {
    id: function (ix, a, b) { return ix.raw.id[a] < ix.raw.id[b] ? -1 : ix.raw.id[a] > ix.raw.id[b] ? 1 : 0; },
    owner: function (ix, a, b) { return ix.raw.owner[a] - ix.raw.owner[b] || ix.raw.unit[a] - ix.raw.unit[b]; },
    criticality: function (ix, a, b) { return ix.crit[a] - ix.crit[b]; },
    sensitivity: function (ix, a, b) { return ix.sens[a] - ix.sens[b]; },
    data: function (ix, a, b) { return ix.raw.data[a] - ix.raw.data[b]; },
    path: function (ix, a, b) { return ix.path[a] - ix.path[b] || ix.pathRule[a] - ix.pathRule[b]; },
    method: function (ix, a, b) { return ix.method[a] - ix.method[b] || ix.methodRule[a] - ix.methodRule[b]; },
    waves: function (ix, a, b) { return firstWave(ix, a) - firstWave(ix, b) || ix.raw.pw[a] - ix.raw.pw[b]; },
    rollback: function (ix, a, b) { return ix.rollback[a] - ix.rollback[b]; },
    warnings: function (ix, a, b) { return ix.raw.warn[a] - ix.raw.warn[b]; },
  };

  function firstWave(ix, i) {
    var waves = [ix.raw.nw[i], ix.raw.pw[i]].filter(Boolean);
    return waves.length ? Math.min.apply(null, waves) : Infinity;
  }

  // The filters: each a select (or the text box) and the test of a workload against its value.
  var FILTERS = {
    wave: function (ix, i, v) { return ix.raw.nw[i] === +v || ix.raw.pw[i] === +v; },
    criticality: function (ix, i, v) { return ix.crit[i] === +v; },
    path: function (ix, i, v) { return ix.path[i] === +v; },
    method: function (ix, i, v) { return ix.method[i] === +v; },
    state: function (ix, i, v) { return ix.nonprodState[i] === +v + 1 || ix.prodState[i] === +v + 1; },
  };

  function fillSelects(form, ix) {
    var raw = ix.raw;
    var options = {
      wave: raw.waves.map(function (n) { return [n, "wave " + n]; }),
      criticality: raw.crit.map(function (c, k) { return [k, c]; }),
      path: raw.path.map(function (p, k) { return [k, p[1]]; }),
      method: raw.method.map(function (m, k) { return [k, m[1]]; }),
      state: raw.state.map(function (s, k) { return [k, s[1]]; }),
    };
    Object.keys(options).forEach(function (name) {
      var select = form.elements[name];
      if (!select) return;
      options[name].forEach(function (o) { select.appendChild(el("option", { value: String(o[0]) }, o[1])); });
    });
  }

  // One row, as templates/workloads.html draws it.
  function row(ix, i, root) {
    var raw = ix.raw;
    var sub = function (text, cls) { return el("span", { class: cls || "sub" }, text); };
    var unit = raw.units[raw.unit[i]];
    var crit = raw.crit[ix.crit[i]];
    var waves = el("td", {});
    var nw = raw.nw[i], pw = raw.pw[i];
    if (nw) waves.append(el("a", { href: root + link(raw.wave, nw) }, String(nw)), " ", sub("non-prod"));
    if (nw && pw) waves.append(el("br"));
    if (pw) waves.append(el("a", { href: root + link(raw.wave, pw) }, String(pw)), " ", sub("prod"));
    var rb = raw.rb[ix.rollback[i]];
    var warn = raw.warn[i];
    return el(
      "tr", {},
      el("td", {}, el("a", { href: root + link(raw.page, raw.id[i]) }, raw.id[i]), el("br"), sub(raw.name[i])),
      el("td", {}, raw.owners[raw.owner[i]], unit && el("br"), unit && sub(unit)),
      el("td", {}, el("span", { class: "crit crit-" + crit }, crit),
        !ix.validated[i] && el("br"), !ix.validated[i] && sub("not validated", "sub bad")),
      el("td", {}, raw.sens[ix.sens[i]]),
      el("td", { class: "num" }, raw.sizes[raw.data[i]]),
      el("td", {}, raw.path[ix.path[i]][1] + " ", sub("rule " + ix.pathRule[i])),
      el("td", {}, raw.method[ix.method[i]][1] + " ", sub("rule " + ix.methodRule[i])),
      waves,
      el("td", {}, el("a", { href: root + link(raw.rollback, raw.id[i]) }, rb[1] ? sub(rb[0], "bad") : rb[0])),
      el("td", { class: "num" }, warn > 0
        ? el("a", { class: "bad", href: root + link(raw.page, raw.id[i]) + "#warnings" }, String(warn))
        : "0"),
    );
  }

  function workloadsList(form) {
    var root = form.getAttribute("data-root") || "";
    var src = form.getAttribute("data-index");
    var table = document.getElementById(form.getAttribute("aria-controls"));
    var count = document.getElementById("workload-count");
    if (!table || !count) return;
    var served = table.tBodies[0];
    // What belongs to the page's own rows: the page links and "page 2 of 50".
    var pagers = Array.prototype.slice.call(document.querySelectorAll("main .page-links, main .page-range"));
    var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
    var sort = { key: "", dir: 0 }; // dir 1 ascending, -1 descending

    withIndex(src, function (ix) {
      if (!ix) return;
      fillSelects(form, ix);
      headers.forEach(function (th) {
        var button = el("button", { type: "button", class: "sort" });
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var key = th.getAttribute("data-sort");
          if (sort.key !== key) sort = { key: key, dir: 1 };
          else sort = sort.dir === 1 ? { key: key, dir: -1 } : { key: "", dir: 0 };
          apply();
        });
      });
      form.hidden = false;
      form.addEventListener("input", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("reset", function () {
        sort = { key: "", dir: 0 };
        setTimeout(apply, 0);
      });
      restore();
      apply();
    });

    // The filters and sort live in the address's fragment (#wave=3&sort=data-desc), so the
    // back button and a shared link bring them back.
    function restore() {
      var params = new URLSearchParams(window.location.hash.slice(1));
      Object.keys(FILTERS).concat("text").forEach(function (name) {
        var field = form.elements[name];
        if (field && params.has(name)) field.value = params.get(name);
      });
      var s = (params.get("sort") || "").split("-");
      if (SORTS[s[0]]) sort = { key: s[0], dir: s[1] === "desc" ? -1 : 1 };
    }

    function remember(params) {
      var hash = params.toString();
      try {
        history.replaceState(null, "", hash ? "#" + hash : window.location.pathname + window.location.search);
      } catch (e) {
        /* some browsers refuse it on file:// */
      }
    }

    function sortLabel() {
      var th = headers.filter(function (h) { return h.getAttribute("data-sort") === sort.key; })[0];
      return (th ? th.textContent.trim().toLowerCase() : sort.key) + (sort.dir < 0 ? ", descending" : "");
    }

    function apply() {
      var ix = index;
      if (!ix) return;
      var params = new URLSearchParams();
      var active = [];
      Object.keys(FILTERS).forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value !== "") {
          active.push([FILTERS[name], field.value]);
          params.set(name, field.value);
        }
      });
      var text = form.elements.text ? form.elements.text.value : "";
      var ws = words(text);
      if (ws.length) params.set("text", text);
      if (sort.key) params.set("sort", sort.key + (sort.dir < 0 ? "-desc" : ""));
      headers.forEach(function (th) {
        if (th.getAttribute("data-sort") === sort.key)
          th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      remember(params);

      var current = table.tBodies[0];
      if (!active.length && !ws.length && !sort.key) {
        if (current !== served) table.replaceChild(served, current);
        pagers.forEach(function (p) { p.hidden = false; });
        count.hidden = true;
        count.textContent = "";
        return;
      }
      var found = [];
      for (var i = 0; i < ix.n; i++) {
        var ok = true;
        for (var f = 0; ok && f < active.length; f++) ok = active[f][0](ix, i, active[f][1]);
        if (ok && matchesWords(ix, i, ws)) found.push(i);
      }
      if (sort.key) {
        var compare = SORTS[sort.key];
        found.sort(function (a, b) { return sort.dir * compare(ix, a, b) || a - b; });
      }
      var body = el("tbody", {});
      var shown = 0;
      var more = function () {
        var end = Math.min(found.length, shown + ROWS_AT_ONCE);
        var last = body.lastElementChild;
        if (last && last.classList.contains("more")) body.removeChild(last);
        for (; shown < end; shown++) body.appendChild(row(ix, found[shown], root));
        if (shown < found.length) {
          var button = el("button", { type: "button" }, "Show " + Math.min(ROWS_AT_ONCE, found.length - shown) + " more of " + (found.length - shown));
          button.addEventListener("click", more);
          body.appendChild(el("tr", { class: "more" }, el("td", { colspan: "10" }, button)));
        }
      };
      more();
      table.replaceChild(body, current);
      pagers.forEach(function (p) { p.hidden = true; });
      count.hidden = false;
      count.textContent = active.length || ws.length
        ? found.length + " of " + ix.n + " workload" + (ix.n === 1 ? "" : "s") + " match"
        : "All " + ix.n + " workload" + (ix.n === 1 ? "" : "s") + ", sorted by " + sortLabel();
    }
  }

  function start() {
    document.querySelectorAll(".site-search[data-index]").forEach(searchBox);
    document.querySelectorAll("form.workload-filters[data-index]").forEach(workloadsList);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
