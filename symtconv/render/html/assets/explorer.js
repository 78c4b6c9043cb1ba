// symtconv's derivation explorer: highlights, kernel copies, views and the sum of
// products of the grids that the page's markup holds. It reads numbers from data-
// attributes, moves and clones the page's own MathML, and writes text only with
// textContent: nothing it shows is parsed as markup.
(function () {
  "use strict";
  var MML = "http://www.w3.org/1998/Math/MathML";
  var root = document.querySelector("section.explorer");
  if (!root) {
    return;
  }
  var data = root.dataset;
  function numbers(name) {
    return data[name] ? data[name].split(",").map(Number) : [];
  }
  var kind = data.kind;
  var transposed = kind === "transposed";
  var inSize = numbers("in");
  var outSize = numbers("out");
  var kSize = numbers("k");
  var stride = numbers("s");
  var dil = numbers("d");
  var plo = numbers("plo");
  var canvas = numbers("canvas");
  var zsize = numbers("zsize");
  var cin = Number(data.cin);
  var cout = Number(data.cout);
  var groups = Number(data.g);
  var cinG = cin / groups;
  var coutG = cout / groups;
  var keff = kSize.map(function (n, i) { return dil[i] * (n - 1) + 1; });
  var taps = kSize.reduce(function (a, b) { return a * b; }, 1);
  var readout = root.querySelector(".readout");
  var PALETTE = 9;

  // ----- the cells, by what they hold ------------------------------------------------
  var index = new Map();
  function add(key, el) {
    var list = index.get(key);
    if (!list) {
      list = [];
      index.set(key, list);
    }
    list.push(el);
  }
  [["x", "x"], ["w", "w"], ["y", "y"], ["b", "b"], ["mr", "mr"], ["mc", "mc"], ["mt", "mt"]]
    .forEach(function (pair) {
      root.querySelectorAll("[data-" + pair[0] + "]").forEach(function (el) {
        if (el.tagName !== "TEMPLATE" && !el.classList.contains("prod")) {
          add(pair[1] + ":" + el.getAttribute("data-" + pair[0]), el);
        }
      });
    });
  root.querySelectorAll("[data-grid] [data-c]").forEach(function (el) {
    var grid = el.closest("[data-grid]").dataset.grid;
    add(grid + ":" + el.dataset.c, el);
  });
  root.querySelectorAll("[data-z]").forEach(function (el) { add("z:" + el.dataset.z, el); });
  function cells(key) {
    return index.get(key) || [];
  }
  function first(key) {
    return cells(key)[0] || null;
  }
  // the outputs each input element reaches (its row of C^T ... its column of C)
  var reached = new Map();
  root.querySelectorAll("[data-y][data-terms]").forEach(function (el) {
    terms(el).forEach(function (pair) {
      var list = reached.get(pair[0]);
      if (!list) {
        list = [];
        reached.set(pair[0], list);
      }
      list.push(el);
    });
  });

  function terms(el) {
    var text = el.dataset.terms;
    if (!text) {
      return [];
    }
    return text.split(" ").map(function (pair) { return pair.split(":").map(Number); });
  }
  function unravel(n, shape) {
    var out = [];
    for (var i = shape.length - 1; i >= 0; i--) {
      out[i] = n % shape[i];
      n = Math.floor(n / shape[i]);
    }
    return out;
  }
  function ravel(idx, shape) {
    var n = 0;
    for (var i = 0; i < shape.length; i++) {
      n = n * shape[i] + idx[i];
    }
    return n;
  }
  function colour(t) {
    return "c" + ((t % taps) % PALETTE);
  }
  function isZero(t) {
    var el = first("w:" + t);
    return el !== null && el.hasAttribute("data-zero");
  }

  // ----- marks and overlays, undone by clear() ----------------------------------------
  var marked = [];
  var overlays = [];
  var placed = [];
  var current = null;
  function mark(el) {
    for (var i = 1; i < arguments.length; i++) {
      el.classList.add(arguments[i]);
    }
    marked.push([el, Array.prototype.slice.call(arguments, 1)]);
  }
  function clear() {
    marked.forEach(function (entry) {
      entry[1].forEach(function (c) { entry[0].classList.remove(c); });
      entry[0].removeAttribute("data-term");
    });
    marked = [];
    overlays.forEach(function (el) { el.remove(); });
    overlays = [];
    placed.forEach(function (el) { el.remove(); });
    placed = [];
    root.classList.remove("placing");
  }
  // A frame around the shown cells of a box (start + extent per dimension) of a grid,
  // one per panel it crosses.
  function box(grid, channel, start, extent, shape, classes, inset) {
    var stages = new Map();
    var count = extent.reduce(function (a, b) { return a * b; }, 1);
    for (var n = 0; n < count; n++) {
      var offset = unravel(n, extent);
      var pos = start.map(function (v, i) { return v + offset[i]; });
      if (pos.some(function (v, i) { return v < 0 || v >= shape[i]; })) {
        continue;
      }
      cells(grid + ":" + channel + ":" + ravel(pos, shape)).forEach(function (el) {
        var stage = el.closest(".stage");
        var rect = el.getBoundingClientRect();
        var seen = stages.get(stage);
        if (!seen) {
          stages.set(stage, [rect.left, rect.top, rect.right, rect.bottom]);
        } else {
          seen[0] = Math.min(seen[0], rect.left);
          seen[1] = Math.min(seen[1], rect.top);
          seen[2] = Math.max(seen[2], rect.right);
          seen[3] = Math.max(seen[3], rect.bottom);
        }
      });
    }
    stages.forEach(function (r, stage) {
      if (!stage.offsetParent) {
        return;
      }
      var base = stage.getBoundingClientRect();
      var d = inset || 0;
      var div = document.createElement("div");
      div.className = "frame " + classes;
      div.setAttribute("aria-hidden", "true");
      div.style.left = (r[0] - base.left + stage.scrollLeft + d) + "px";
      div.style.top = (r[1] - base.top + stage.scrollTop + d) + "px";
      div.style.width = (r[2] - r[0] - 2 * d) + "px";
      div.style.height = (r[3] - r[1] - 2 * d) + "px";
      stage.appendChild(div);
      overlays.push(div);
    });
  }

  // ----- MathML pieces, cloned from the cells -----------------------------------------
  function node(tag, text, form) {
    var el = document.createElementNS(MML, tag);
    if (text !== undefined) {
      el.textContent = text;
    }
    if (form) {
      el.setAttribute("form", form);
      el.setAttribute("stretchy", "false");
    }
    return el;
  }
  function part(el, cls) {
    var math = el.querySelector("." + cls + " math") || el.querySelector(".v math");
    var row = node("mrow");
    if (math) {
      Array.prototype.forEach.call(math.childNodes, function (child) {
        row.appendChild(child.cloneNode(true));
      });
    }
    return row;
  }
  function factor(el) {
    var row = part(el, "v");
    if (!el.hasAttribute("data-wrap")) {
      return row;
    }
    var wrapped = node("mrow");
    wrapped.appendChild(node("mo", "(", "prefix"));
    wrapped.appendChild(row);
    wrapped.appendChild(node("mo", ")", "postfix"));
    return wrapped;
  }
  function named(el) {
    return el.querySelector(".n") !== null;
  }
  function sum(pieces) {
    var row = node("mrow");
    pieces.forEach(function (p, i) {
      if (i > 0) {
        row.appendChild(node("mo", "+", "infix"));
      }
      row.appendChild(p);
    });
    if (pieces.length === 0) {
      row.appendChild(node("mn", "0"));
    }
    return row;
  }
  function product(a, b, dot) {
    var row = node("mrow");
    row.appendChild(a);
    if (dot) {
      row.appendChild(node("mo", "\u00b7"));
    } else {
      var space = node("mspace");
      space.setAttribute("width", "0.167em");
      row.appendChild(space);
    }
    row.appendChild(b);
    return row;
  }
  function paragraph(cls, pieces) {
    var p = document.createElement("p");
    p.className = cls;
    pieces.forEach(function (piece) {
      p.appendChild(typeof piece === "string" ? document.createTextNode(piece) : piece);
    });
    return p;
  }
  function mathOf(row, display) {
    var math = node("math");
    if (display) {
      math.setAttribute("displaystyle", "true");
    }
    math.appendChild(row);
    return math;
  }
  function say(name, values) {
    var text = readout.getAttribute("data-t-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }
  // A phrase as pieces for paragraph(): its {name} slots filled with text or a node.
  function sayWith(name, values) {
    var text = readout.getAttribute("data-t-" + name) || "";
    return text.split(/(\{\w+\})/).map(function (piece) {
      var key = /^\{(\w+)\}$/.exec(piece);
      if (!key || !Object.prototype.hasOwnProperty.call(values, key[1])) {
        return piece;
      }
      var value = values[key[1]];
      return typeof value === "object" ? value : String(value);
    });
  }
  function nameOf(el) {
    return mathOf(part(el, "n"), false);
  }

  // ----- an output entry: its terms, copies (or window), column of C and sum ----------
  function selectOutput(el) {
    clear();
    current = el;
    var j = Number(el.dataset.y);
    mark(el, "sel");
    var list = terms(el);
    var live = [];
    var zero = [];
    list.forEach(function (pair, n) {
      var z = isZero(pair[1]);
      (z ? zero : live).push(pair);
      cells("x:" + pair[0]).concat(cells("w:" + pair[1])).forEach(function (c) {
        mark(c, z ? "hz" : "hl", colour(pair[1]));
        c.setAttribute("data-term", String(n));
      });
    });
    cells((transposed ? "mc:" : "mr:") + j).forEach(function (c) { mark(c, "col"); });
    var at = unravel(j, [cout].concat(outSize));
    var co = at[0];
    var o = at.slice(1);
    var g = Math.floor(co / coutG);
    if (transposed) {
      list.forEach(function (pair, n) {
        var q = unravel(pair[0], [cin].concat(inSize)).slice(1);
        var start = q.map(function (v, i) { return v * stride[i]; });
        box("canvas", co, start, keff, canvas,
          colour(pair[1]) + (isZero(pair[1]) ? " dashed" : ""), 3 * (n % 4));
      });
      for (var ci = g * cinG; ci < (g + 1) * cinG; ci++) {
        box("z", ci, o, keff, zsize, "window");
      }
    } else {
      var start = o.map(function (v, i) { return v * stride[i]; });
      for (var c = g * cinG; c < (g + 1) * cinG; c++) {
        box("padded", c, start, keff, canvas, "window");
      }
    }
    explain(el, live, zero, o);
  }

  function explain(el, live, zero, o) {
    var bias = el.hasAttribute("data-b") ? first("b:" + el.dataset.b) : null;
    var symbolic = true;
    var names = [];
    var values = [];
    var missing = 0;
    live.forEach(function (pair) {
      var x = first("x:" + pair[0]);
      var w = first("w:" + pair[1]);
      if (!x || !w) {
        missing++;
        return;
      }
      if (x.closest(".pool") || w.closest(".pool")) {
        missing++;
      }
      symbolic = symbolic && !named(x) && !named(w);
      names.push(product(part(x, "n"), part(w, "n"), false));
      values.push(product(factor(x), factor(w), true));
    });
    if (bias) {
      symbolic = symbolic && !named(bias);
      names.push(part(bias, "n"));
      values.push(factor(bias));
    }
    var chain = node("mrow");
    chain.appendChild(part(el, "n"));
    chain.appendChild(node("mo", "="));
    chain.appendChild(sum(names));
    if (!symbolic && names.length > 0) {
      var shown = sum(values);
      var result = part(el, "v");
      chain.appendChild(node("mo", "="));
      chain.appendChild(shown);
      if (shown.textContent !== result.textContent) {
        chain.appendChild(node("mo", "="));
        chain.appendChild(result);
      }
    }
    var lines = [paragraph("sum", [mathOf(chain, true)])];
    if (live.length === 0 && zero.length === 0 && !bias) {
      lines.push(paragraph("note", [say("no-terms", {})]));
    }
    if (zero.length > 0) {
      var pieces = [say("zero-taps", {}) + " "];
      zero.forEach(function (pair, i) {
        var x = first("x:" + pair[0]);
        var w = first("w:" + pair[1]);
        if (!x || !w) {
          return;
        }
        if (i > 0) {
          pieces.push(", ");
        }
        pieces.push(mathOf(product(part(x, "n"), part(w, "n"), false), false));
      });
      lines.push(paragraph("zero", pieces));
    }
    if (missing > 0) {
      lines.push(paragraph("note", [say("hidden-terms", { n: missing })]));
    }
    if (transposed && root.classList.contains("zero")) {
      lines.push(paragraph("note", [say("window", { at: "(" + o.join(", ") + ")" })]));
    }
    readout.replaceChildren.apply(readout, lines);
  }

  // ----- an input element: its row of C, the outputs it reaches, its kernel copy ------
  function hoverInput(el) {
    clear();
    current = el;
    var q = Number(el.dataset.x);
    mark(el, "sel");
    cells((transposed ? "mr:" : "mc:") + q).forEach(function (c) { mark(c, "col"); });
    (reached.get(q) || []).forEach(function (y) { mark(y, "reach"); });
    var count = (reached.get(q) || []).length;
    readout.replaceChildren(paragraph("note", sayWith("reaches", { x: nameOf(el), n: count })));
  }

  function placeCopy(el) {
    hoverInput(el);
    if (!transposed) {
      return;
    }
    var q = Number(el.dataset.x);
    var template = root.querySelector('template[data-copy="' + q + '"]');
    if (!template) {
      return;
    }
    root.classList.add("placing");
    var qi = unravel(q, [cin].concat(inSize));
    var inside = 0;
    var total = 0;
    var outCo = null;
    Array.prototype.forEach.call(template.content.children, function (span) {
      var key = span.dataset.c.split(":").map(Number);
      var pos = unravel(key[1], canvas);
      var cropped = pos.some(function (v, i) { return v < plo[i] || v >= plo[i] + outSize[i]; });
      total++;
      if (!cropped) {
        inside++;
      }
      if (outCo === null) {
        outCo = key[0];
      }
      cells("canvas:" + span.dataset.c).forEach(function (c) {
        var copy = span.cloneNode(true);
        c.appendChild(copy);
        placed.push(copy);
        mark(c, "got", colour(Number(span.dataset.w)));
      });
    });
    var start = qi.slice(1).map(function (v, i) { return v * stride[i]; });
    for (var co = Math.floor(qi[0] / cinG) * coutG; co < (Math.floor(qi[0] / cinG) + 1) * coutG; co++) {
      box("canvas", co, start, keff, canvas, "copy");
    }
    var offset = start.map(function (v, i) { return v - plo[i]; });
    var pieces = sayWith("copy", {
      x: nameOf(el),
      offset: "(" + offset.join(", ").replace(/-/g, "\u2212") + ")",
      inside: inside,
      total: total,
      cropped: total - inside
    });
    readout.replaceChildren(paragraph("note", pieces));
    current = el;
    placing = el;
  }
  var placing = null;

  // ----- events: hover, focus, click, keys, controls -----------------------------------
  function cellOf(target) {
    return target && target.closest ? target.closest("td.cell") : null;
  }
  function activate(el, pinned) {
    if (!el) {
      return;
    }
    if (el.hasAttribute("data-y")) {
      placing = null;
      selectOutput(el);
    } else if (el.hasAttribute("data-x") && (pinned || placing === null)) {
      if (pinned) {
        if (placing === el) {
          placing = null;
          hoverInput(el);
        } else {
          placeCopy(el);
        }
      } else {
        hoverInput(el);
      }
    }
  }
  root.addEventListener("mouseover", function (event) {
    var el = cellOf(event.target);
    if (el && el !== current && placing === null) {
      activate(el, false);
    }
  });
  root.addEventListener("focusin", function (event) {
    var el = cellOf(event.target);
    if (!el) {
      return;
    }
    var table = el.closest("table");
    table.querySelectorAll('td[tabindex="0"]').forEach(function (c) {
      c.setAttribute("tabindex", "-1");
    });
    el.setAttribute("tabindex", "0");
    if (el !== current) {
      placing = null;
      activate(el, false);
    }
  });
  root.addEventListener("click", function (event) {
    var el = cellOf(event.target);
    if (!el) {
      return;
    }
    if (el.hasAttribute("data-x")) {
      activate(el, true);
    } else if (document.activeElement !== el) {
      el.focus();
    }
  });
  var MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  root.addEventListener("keydown", function (event) {
    var el = cellOf(event.target);
    if (!el) {
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (el.hasAttribute("data-x")) {
        activate(el, true);
      } else {
        activate(el, false);
      }
      return;
    }
    if (event.key === "Escape") {
      placing = null;
      current = null;
      clear();
      readout.replaceChildren(paragraph("idle", [say("idle", {})]));
      return;
    }
    var move = MOVES[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    var table = el.closest("table");
    var r = el.parentElement.rowIndex;
    var c = el.cellIndex;
    for (;;) {
      r += move[0];
      c += move[1];
      var row = table.rows[r];
      if (!row || c < 0 || c >= row.cells.length) {
        return;
      }
      var next = row.cells[c];
      if (next.classList.contains("cell")) {
        next.focus();
        return;
      }
    }
  });
  root.querySelectorAll("table[role=grid]").forEach(function (table) {
    var firstCell = table.querySelector("td.cell");
    if (firstCell) {
      firstCell.setAttribute("tabindex", "0");
    }
  });
  function redraw() {
    var el = current;
    var pinned = placing;
    if (pinned) {
      placeCopy(pinned);
    } else if (el) {
      activate(el, false);
    }
  }
  root.querySelectorAll(".controls input").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.name === "view") {
        root.classList.toggle("zero", input.value === "zero" && input.checked);
      } else if (input.name === "show") {
        root.classList.toggle("names", input.value === "names" && input.checked);
      } else if (input.name === "counts") {
        root.classList.toggle("counts", input.checked);
      }
      redraw();
    });
  });
  window.addEventListener("resize", redraw);
  window.addEventListener("beforeprint", redraw);
})();
