// Postdesk preview script. The application injects it (with qwebchannel.js) into an isolated
// world of the preview page; the page itself never carries a script. It patches the post in
// place, block by block, so scrolling, selection and loaded images survive every keystroke,
// and it keeps the editor and the preview scrolled together through the "postdesk" channel.
(function () {
  "use strict";

  // key -> array of node groups currently in #post-body (duplicate blocks share a key).
  let groups = new Map();
  let bridge = null;
  // Where the application (or a patch) last put the view: scroll events that land there are
  // echoes, not the writer scrolling, and are not reported back.
  let quietScrollY = null;
  let scrollReportPending = false;
  // The place in the post the editor last asked the view to show, until the next patch or
  // until the writer scrolls the view.
  let placed = null;

  function body() {
    return document.getElementById("post-body");
  }

  function nodesFromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    // A post's <link> (prefetch, preload, dns-prefetch, stylesheet) would request something
    // once in the page, whatever the writer allowed: it is taken out while still inert.
    for (const link of template.content.querySelectorAll("link")) link.remove();
    return Array.from(template.content.childNodes);
  }

  function shiftLines(nodes, delta) {
    if (!delta) return;
    for (const node of nodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.hasAttribute("data-line")) {
        const line = parseInt(node.getAttribute("data-line"), 10);
        if (!isNaN(line)) node.setAttribute("data-line", String(line + delta));
      }
    }
  }

  // Replace the whole body with the given blocks: [[key, line, html], ...].
  function reset(blocks) {
    const container = body();
    if (!container) return false;
    groups = new Map();
    const fragment = document.createDocumentFragment();
    for (const [key, line, html] of blocks) {
      const nodes = nodesFromHtml(html);
      remember(key, { line: line, nodes: nodes });
      for (const node of nodes) fragment.appendChild(node);
    }
    container.replaceChildren(fragment);
    quietScrollY = window.scrollY;
    return true;
  }

  function remember(key, group) {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(group);
  }

  // Bring #post-body to the given order of [key, line] pairs. Blocks already on the page are
  // reused (their data-line shifted when the text above them grew or shrank); `fresh` maps the
  // keys of new blocks to their HTML.
  function patch(order, fresh) {
    const container = body();
    if (!container) return false;
    const old = groups;
    groups = new Map();
    const wanted = [];
    for (const [key, line] of order) {
      const pool = old.get(key);
      let group;
      if (pool && pool.length) {
        group = pool.shift();
        shiftLines(group.nodes, line - group.line);
        group.line = line;
      } else if (Object.prototype.hasOwnProperty.call(fresh, key)) {
        group = { line: line, nodes: nodesFromHtml(fresh[key]) };
      } else {
        return false; // the page and the application disagree: ask for a reset
      }
      remember(key, group);
      for (const node of group.nodes) wanted.push(node);
    }
    for (const pool of old.values()) {
      for (const group of pool) for (const node of group.nodes) node.remove();
    }
    let cursor = container.firstChild;
    for (const node of wanted) {
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else {
        container.insertBefore(node, cursor);
      }
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    // Scroll anchoring may have moved the view to keep the visible text still. The editor
    // asked for a place since the last patch, before the text it typed was on the page:
    // ask again now that it is.
    quietScrollY = window.scrollY;
    if (placed) placeLine(placed);
    placed = null;
    return true;
  }

  function setHeader(html) {
    const current = document.getElementById("post-header");
    const nodes = nodesFromHtml(html);
    if (current) {
      current.replaceWith(...nodes);
    } else if (body()) {
      for (const node of nodes) body().parentNode.insertBefore(node, body());
    }
    return true;
  }

  function setTheme(theme) {
    document.documentElement.setAttribute("data-theme", theme);
    return true;
  }

  // Elements that carry a source line, in document order, with their page offsets.
  function lineMarks() {
    const marks = [];
    const container = body();
    if (!container) return marks;
    for (const element of container.querySelectorAll("[data-line]")) {
      const line = parseInt(element.getAttribute("data-line"), 10);
      if (isNaN(line)) continue;
      const top = element.getBoundingClientRect().top + window.scrollY;
      if (marks.length && line <= marks[marks.length - 1].line) continue;
      if (marks.length && top < marks[marks.length - 1].top) continue;
      marks.push({ line: line, top: top, element: element });
    }
    return marks;
  }

  function blockBottom(element) {
    return element.getBoundingClientRect().bottom + window.scrollY;
  }

  // The page offset showing source line `line`, interpolated between the nearest marks.
  function offsetForLine(line) {
    const marks = lineMarks();
    // Front matter (and the first block's own line) shows as the header at the top.
    if (!marks.length || line <= marks[0].line) return 0;
    let index = 0;
    while (index + 1 < marks.length && marks[index + 1].line <= line) index += 1;
    const mark = marks[index];
    const next = marks[index + 1];
    // Past the last mark, the line is in that block: anything below it (the footnotes,
    // which come last whatever their lines) is not where the line shows.
    const nextTop = next ? next.top : blockBottom(mark.element);
    const nextLine = next ? next.line : mark.line + 1;
    const fraction = Math.min(1, (line - mark.line) / Math.max(1, nextLine - mark.line));
    return mark.top + fraction * (nextTop - mark.top);
  }

  function lineForOffset(offset) {
    const marks = lineMarks();
    if (!marks.length || offset < marks[0].top) return 1;
    let index = 0;
    while (index + 1 < marks.length && marks[index + 1].top <= offset) index += 1;
    const mark = marks[index];
    const next = marks[index + 1];
    if (!next) return mark.line;
    const fraction = (offset - mark.top) / Math.max(1, next.top - mark.top);
    return Math.round(mark.line + fraction * (next.line - mark.line));
  }

  function scrollQuietly(top) {
    window.scrollTo(0, Math.max(0, top));
    quietScrollY = window.scrollY;
  }

  // Put source line `line` at the top of the view (editor scrolled).
  function scrollToLine(line) {
    placed = { line: line, reveal: false };
    placeLine(placed);
    return true;
  }

  // Make the block holding source line `line` visible (cursor moved); no scroll when it is.
  function revealLine(line) {
    placed = { line: line, reveal: true };
    placeLine(placed);
    return true;
  }

  function placeLine(request) {
    const top = offsetForLine(request.line);
    if (!request.reveal) {
      scrollQuietly(top - 8);
      return;
    }
    const viewTop = window.scrollY;
    const viewBottom = viewTop + window.innerHeight;
    if (top < viewTop + 8) {
      scrollQuietly(top - window.innerHeight / 3);
    } else if (top > viewBottom - 60) {
      scrollQuietly(top - (window.innerHeight * 2) / 3);
    }
  }

  function reportScroll() {
    scrollReportPending = false;
    if (quietScrollY !== null && Math.abs(window.scrollY - quietScrollY) <= 1) return;
    quietScrollY = null;
    placed = null; // the writer scrolled the view: that place wins
    if (bridge) bridge.preview_scrolled(lineForOffset(window.scrollY + 8));
  }

  window.addEventListener("scroll", function () {
    if (scrollReportPending) return;
    scrollReportPending = true;
    window.requestAnimationFrame(reportScroll);
  }, { passive: true });

  // Footnote and heading links stay inside the page: with <base href> set to the post folder
  // they would otherwise count as navigating to another document.
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    event.preventDefault();
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const target = document.getElementById(id) || document.getElementsByName(id)[0];
    if (target) target.scrollIntoView();
  });

  window.postdesk = {
    reset: reset,
    patch: patch,
    setHeader: setHeader,
    setTheme: setTheme,
    scrollToLine: scrollToLine,
    revealLine: revealLine,
    scrollY: function () { return window.scrollY; },
    scrollTo: function (top) { scrollQuietly(top); return true; },
  };

  if (typeof QWebChannel !== "undefined" && window.qt && qt.webChannelTransport) {
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.postdesk;
    });
  }
})();
