// mtcheck report: builds the tables, plots and article view from the JSON data blob.
// Article text is untrusted: it enters the page only through textContent and attributes.
"use strict";
(function () {
  performance.mark("mtcheck:start");  // the marks time each step (bench/report_scale.py prints them)
  const data = JSON.parse(document.getElementById("report-data").textContent);
  performance.mark("mtcheck:data");
  const SEVERITY = { 1: "minor", 2: "major", 3: "critical" };

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function fixed(value) {
    return value === null || value === undefined ? "–" : value.toFixed(1);
  }

  function summary() {
    const s = data.summary;
    document.getElementById("generated").textContent =
      "mtcheck " + data.version + " · " + s.articles + (s.articles === 1 ? " article" : " articles") +
      ", " + s.words.toLocaleString("en") + " words" + (s.unchecked ? " · " + s.unchecked + " could not be checked" : "");
    const cards = [
      [fixed(s.mean), "mean article score"],
      [fixed(s.lowest), "lowest article score"],
      [fixed(s.pooled), "score of all words together"],
      [String(s.findings), "findings"],
      [String(s.by_severity[0]), "critical"],
      [String(s.by_severity[1]), "major"],
      [String(s.by_severity[2]), "minor"],
    ];
    const box = document.getElementById("summary");
    cards.forEach(([value, label]) => box.appendChild(el("div", { className: "card" }, [el("b", { text: value }), el("span", { text: label })])));
  }

  // A table whose rows are built once and re-ordered on a header click (stable, so ties keep the previous order);
  // `sorted` says which column and direction the rows come in. Rows are grid rows, not <tr>: a row out of view
  // then costs no layout (content-visibility), which a table's rows cannot skip.
  function sortableTable(table, columns, rows, sorted, onRow) {
    const head = el("div", { role: "row", className: "head" });
    const body = el("div", { role: "rowgroup", className: "body" });
    const items = rows.map((row, index) => {
      const line = el("div", { role: "row", className: "row" });
      columns.forEach((column) => {
        const shown = column.show ? column.show(row) : column.value(row);
        const cell = el("div", { role: "cell", text: shown === null || shown === undefined ? "" : String(shown) });
        if (column.num) cell.className = "num";
        if (column.name) cell.className = "name";
        if (column.mark) { const cls = column.mark(row); if (cls) cell.classList.add(cls); }
        line.appendChild(cell);
      });
      if (onRow) line.addEventListener("click", () => onRow(index, line));
      return { row, line };
    });
    let current = null;
    function order(columnIndex, direction) {
      const column = columns[columnIndex];
      const sign = direction === "ascending" ? 1 : -1;
      items.sort((a, b) => {
        const x = column.value(a.row), y = column.value(b.row);
        if (x === y) return 0;
        if (x === null || x === undefined) return -1;  // not checked: first either way
        if (y === null || y === undefined) return 1;
        return (x < y ? -1 : 1) * sign;
      });
      const lines = document.createDocumentFragment();
      items.forEach((item) => lines.appendChild(item.line));
      body.appendChild(lines);
      Array.from(head.children).forEach((th) => th.removeAttribute("aria-sort"));
      head.children[columnIndex].setAttribute("aria-sort", direction);
      current = [columnIndex, direction];
    }
    columns.forEach((column, index) => {
      const th = el("div", { role: "columnheader", text: column.label, tabindex: "0" });
      if (column.num) th.className = "num";
      const sort = () => {
        const again = current && current[0] === index;
        const first = column.num && !column.ascending ? "descending" : "ascending";
        order(index, again ? (current[1] === "ascending" ? "descending" : "ascending") : first);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
      head.appendChild(th);
    });
    const lines = document.createDocumentFragment();
    items.forEach((item) => lines.appendChild(item.line));
    body.appendChild(lines);
    table.appendChild(head);
    table.appendChild(body);
    if (sorted) {  // the rows come in this order already
      head.children[sorted[0]].setAttribute("aria-sort", sorted[1]);
      current = sorted;
    }
    return items;
  }

  function articlesTable() {
    const articles = data.articles;
    const columns = [
      { label: "Article", value: (a) => a.name.toLowerCase(), show: (a) => a.name, name: true },
      { label: "Score", value: (a) => a.score, show: (a) => (a.error ? "not checked" : fixed(a.score)), num: true, ascending: true,
        mark: (a) => (a.error || a.score < 80 ? "bad" : "") },
      { label: "Words", value: (a) => a.words, num: true },
      { label: "Findings", value: (a) => a.findings.length, num: true },
      { label: "Critical", value: (a) => (a.counts ? a.counts[0] : 0), num: true },
      { label: "Major", value: (a) => (a.counts ? a.counts[1] : 0), num: true },
      { label: "Minor", value: (a) => (a.counts ? a.counts[2] : 0), num: true },
      { label: "Most frequent rules", value: (a) => (a.rules || []).join(" "), show: (a) => (a.error ? a.error : (a.rules || []).join(", ")),
        mark: (a) => (a.error ? "error" : "") },
    ];
    let selected = null;
    const table = document.getElementById("articles");
    // Worst first (the order of the data): lowest score, and among equal scores the most findings.
    const items = sortableTable(table, columns, articles, [1, "ascending"], (index, line) => {
      if (selected) selected.classList.remove("selected");
      selected = line;
      line.classList.add("selected");
      showArticle(articles[index]);
    });
    const filter = document.getElementById("filter");
    filter.addEventListener("input", () => {
      const wanted = filter.value.toLowerCase();
      items.forEach((item) => { item.line.hidden = !item.row.name.toLowerCase().includes(wanted); });
    });
    const worst = table.querySelector(".row");
    if (worst) worst.click();
  }

  function describe(f) {
    return f[3] + " " + SEVERITY[f[2]] + " " + f[4] + "\n" + f[5] + (f[6] ? " → " + f[6] : "");
  }

  // The text cut at every finding's start and end; each piece is marked with the findings over it.
  function highlighted(text, findings) {
    const out = document.createDocumentFragment();
    const events = [];
    findings.forEach((f, i) => {
      const start = Math.min(f[0], text.length), end = Math.min(f[1], text.length);
      if (end > start) { events.push([start, 1, i]); events.push([end, 0, i]); } else events.push([start, 2, i]);
    });
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const active = new Set();
    let at = 0;
    function flush(upTo) {
      if (upTo <= at) return;
      const piece = text.slice(at, upTo);
      if (active.size === 0) out.appendChild(document.createTextNode(piece));
      else {
        const over = Array.from(active).sort((a, b) => a - b);
        const worst = Math.max(...over.map((i) => findings[i][2]));
        const more = over.length > 4 ? "\n\n… and " + (over.length - 4) + " more" : "";
        out.appendChild(el("mark", { className: "sev-" + worst, title: over.slice(0, 4).map((i) => describe(findings[i])).join("\n\n") + more,
          "data-findings": over.join(" "), text: piece }));
      }
      at = upTo;
    }
    events.forEach(([position, kind, i]) => {
      flush(position);
      if (kind === 1) active.add(i);
      else if (kind === 0) active.delete(i);
      else out.appendChild(el("mark", { className: "point sev-" + findings[i][2], title: describe(findings[i]), "data-findings": String(i) }));
    });
    flush(text.length);
    return out;
  }

  function showArticle(article) {
    const section = document.getElementById("article");
    section.hidden = false;
    document.getElementById("article-name").textContent = article.name;
    const meta = document.getElementById("article-meta");
    const body = document.getElementById("article-text");
    const list = document.getElementById("article-findings");
    body.textContent = "";
    list.textContent = "";
    if (article.error) {
      meta.textContent = "Not checked: " + article.error;
      return;
    }
    meta.textContent = "Score " + fixed(article.score) + " · " + article.words + " words · " + article.findings.length +
      (article.findings.length === 1 ? " finding" : " findings") + (article.gave_up.length ? " · " + article.gave_up.join("; ") : "");
    body.appendChild(highlighted(article.text, article.findings));
    article.findings.forEach((f, i) => {
      const item = el("li", {}, [el("code", { text: f[3] }), document.createTextNode(" " + SEVERITY[f[2]] + " " + f[5] + (f[6] ? " → " + f[6] : ""))]);
      item.addEventListener("click", () => {
        const mark = Array.from(body.querySelectorAll("mark")).find((m) => m.dataset.findings.split(" ").includes(String(i)));
        if (!mark) return;
        mark.scrollIntoView({ block: "center" });
        mark.classList.add("flash");
        setTimeout(() => mark.classList.remove("flash"), 1200);
      });
      list.appendChild(item);
    });
  }

  function ruleTables() {
    sortableTable(document.getElementById("rules"), [
      { label: "Code", value: (r) => r[0] },
      { label: "Rule", value: (r) => r[1] },
      { label: "Family", value: (r) => r[2] },
      { label: "Severity", value: (r) => r[3] },
      { label: "Findings", value: (r) => r[4], num: true },
      { label: "Articles", value: (r) => r[5], num: true },
    ], data.rules, [4, "descending"]);
    sortableTable(document.getElementById("families"), [
      { label: "Family", value: (r) => r[0] },
      { label: "Critical", value: (r) => r[1], num: true },
      { label: "Major", value: (r) => r[2], num: true },
      { label: "Minor", value: (r) => r[3], num: true },
      { label: "All", value: (r) => r[1] + r[2] + r[3], num: true },
    ], data.families.slice().sort((a, b) => b[1] + b[2] + b[3] - (a[1] + a[2] + a[3])), [4, "descending"]);
  }

  function plots() {
    return Promise.all(Object.entries(data.figures).map(([name, spec]) => {
      const box = document.getElementById("plot-" + name);
      box.hidden = false;
      return vegaEmbed(box, spec, { mode: "vega", renderer: "svg", actions: false });
    }));
  }

  summary();
  articlesTable();
  performance.mark("mtcheck:articles");
  ruleTables();
  // A marker for tests and benchmarks: the tables are built and every plot is drawn.
  plots().then(() => {
    performance.mark("mtcheck:plots");
    document.documentElement.dataset.ready = "true";
  });
})();
