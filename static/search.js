// Search, from the index the build writes under search/: loaded with <script> elements only
// (never fetch), so it works hosted, under a sub-path and opened from disk. Words are folded
// as the build folds them: lower case, no diacritics, Unicode word rules.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-search-root]");
  if (!forms.length) return;
  var root = forms[0].getAttribute("data-search-root");
  var portable = forms[0].getAttribute("data-portable") === "true";
  var site = root.replace(/search\/$/, "");
  var state = { manifest: null, shards: {}, docs: {}, pending: {} };
  var api = window.briefingSearch = {
    manifest: function (m) { state.manifest = m; },
    shard: function (key, words) { state.shards[key] = words; },
    docs: function (n, list) { state.docs[n] = list; }
  };
  var plain = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i" };
  function fold(w) {
    return w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[øæœßđðłþı]/g, function (c) { return plain[c]; });
  }
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  function words(text) {
    var out = [];
    if (segmenter) {
      for (var s of segmenter.segment(text)) { if (s.isWordLike) out.push(fold(s.segment)); }
    } else {
      out = (text.match(/[\p{L}\p{N}_']+/gu) || []).map(fold);
    }
    return out;
  }
  function hex(word) {
    return Array.from(word).slice(0, 2).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  function load(src, ready, done) {
    if (ready()) { done(); return; }
    var waiting = state.pending[src];
    if (waiting) { waiting.push(done); return; }
    state.pending[src] = [done];
    var s = document.createElement("script");
    s.src = root + src;
    s.onload = s.onerror = function () {
      var list = state.pending[src]; delete state.pending[src];
      list.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }
  function all(tasks, done) {
    var left = tasks.length;
    if (!left) { done(); return; }
    tasks.forEach(function (t) { t(function () { if (--left === 0) done(); }); });
  }
  function keysFor(term) {
    var key = hex(term);
    if (Array.from(term).length > 1) return state.manifest.shards.indexOf(key) >= 0 ? [key] : [];
    return state.manifest.shards.filter(function (k) { return k === key || k.indexOf(key + "-") === 0; });
  }
  function run(query, limit, done) {
    var terms = words(query);
    if (!terms.length) { done([], terms); return; }
    load("manifest.js", function () { return state.manifest; }, function () {
      if (!state.manifest) { done([], terms); return; }
      var keys = [];
      terms.forEach(function (t) { keysFor(t).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
      all(keys.map(function (k) {
        return function (next) { load("words-" + k + ".js", function () { return state.shards[k]; }, next); };
      }), function () { rank(terms, limit, done); });
    });
  }
  function rank(terms, limit, done) {
    var scores = null;
    terms.forEach(function (term) {
      var best = {};
      keysFor(term).forEach(function (k) {
        var shard = state.shards[k] || {};
        Object.keys(shard).forEach(function (word) {
          if (word.indexOf(term) !== 0) return;
          var exact = word === term ? 0.5 : 0;
          // Each hit is the gap from the previous hit's document × 4 + the field weight.
          var id = 0;
          shard[word].forEach(function (hit) {
            id += Math.floor(hit / 4);
            var w = (hit % 4) + exact;
            if (!(best[id] >= w)) best[id] = w;
          });
        });
      });
      if (scores === null) { scores = best; return; }
      var both = {};
      Object.keys(scores).forEach(function (id) { if (best[id] !== undefined) both[id] = scores[id] + best[id]; });
      scores = both;
    });
    var ids = Object.keys(scores || {}).map(Number);
    ids.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var total = ids.length;
    ids = ids.slice(0, limit);
    var per = state.manifest.docsPerFile, files = [];
    ids.forEach(function (id) { var n = Math.floor(id / per); if (files.indexOf(n) < 0) files.push(n); });
    all(files.map(function (n) {
      return function (next) { load("docs-" + n + ".js", function () { return state.docs[n]; }, next); };
    }), function () {
      done(ids.map(function (id) { var list = state.docs[Math.floor(id / per)] || []; return list[id % per]; }).filter(Boolean), terms, total);
    });
  }
  function marked(text, terms) {
    var frag = document.createDocumentFragment();
    var parts = segmenter ? Array.from(segmenter.segment(text), function (s) { return s.segment; }) : [text];
    parts.forEach(function (part) {
      var f = fold(part);
      var hit = f && terms.some(function (t) { return f.indexOf(t) === 0; });
      if (hit) { var m = document.createElement("mark"); m.textContent = part; frag.appendChild(m); }
      else frag.appendChild(document.createTextNode(part));
    });
    return frag;
  }
  var strings = window.briefingStrings || { kinds: {}, results: {} };
  var kinds = strings.kinds;
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(strings.lang) : null;
  function resultsFor(total, query) {
    var forms = strings.results || {};
    var form = forms[plurals ? plurals.select(total) : "other"] || forms.other || "";
    return form.replace("{n}", String(total)).replace("{query}", query);
  }
  function href(u) {
    var hash = "", i = u.indexOf("#");
    if (i >= 0) { hash = u.slice(i); u = u.slice(0, i); }
    if (portable && (u === "" || /\/$/.test(u))) u += "index.html";
    return site + u + hash;
  }
  function show(list, status, results, terms, total, query) {
    list.textContent = "";
    results.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(d.u);
      a.appendChild(marked(d.t, terms));
      var meta = document.createElement("span");
      meta.className = "result-meta";
      meta.textContent = (kinds[d.k] || d.k) + (d.d ? ", " + d.d : "");
      var p = document.createElement("p");
      p.appendChild(marked(d.s, terms));
      li.append(a, " ", meta, p);
      list.appendChild(li);
    });
    status.textContent = query ? resultsFor(total, query) : "";
  }
  function wire(form, input, list, status, limit) {
    var ticket = 0;
    function go() {
      var q = input.value.trim(), mine = ++ticket;
      if (!q) { list.textContent = ""; status.textContent = ""; list.hidden = true; return; }
      run(q, limit, function (results, terms, total) {
        if (mine !== ticket) return;
        list.hidden = false;
        show(list, status, results, terms, total || 0, q);
      });
    }
    input.addEventListener("input", go);
    form.addEventListener("keydown", function (e) {
      var links = Array.from(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (e.key === "Escape") { input.value = ""; go(); input.focus(); e.preventDefault(); }
      else if (e.key === "ArrowDown" && links.length) { links[Math.min(at + 1, links.length - 1)].focus(); e.preventDefault(); }
      else if (e.key === "ArrowUp" && at >= 0) { (at === 0 ? input : links[at - 1]).focus(); e.preventDefault(); }
    });
    return go;
  }
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[data-search-results]");
    var status = form.querySelector("[data-search-status]");
    if (!input || !list || !status) return;
    var go = wire(form, input, list, status, form.hasAttribute("data-search-page") ? 50 : 8);
    if (form.hasAttribute("data-search-page")) {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) { input.value = q; go(); }
      Array.prototype.forEach.call(document.querySelectorAll("[data-no-js]"), function (n) { n.hidden = true; });
    }
  });
})();
