// A small, safe Markdown renderer: everything is escaped first, then a subset is rebuilt
// (headings, emphasis, code, http(s) links, lists, quotes, rules, paragraphs). No raw
// HTML ever passes through, so docstrings and function outputs cannot inject markup.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function inline(text) {
  const codes = [];
  let out = escapeHtml(String(text).replace(/:[a-z]+(?::[a-z]+)?:(?=`)/g, "")).replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, ticks, code) => {
    codes.push(`<code>${code.trim()}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, url) =>
    /^https?:\/\//i.test(url) ? `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>` : label,
  );
  out = out.replace(/(^|[\s(])(https?:\/\/[^\s<)]+)/g, (_, pre, url) =>
    `${pre}<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
  out = out
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/__(?=\S)([\s\S]*?\S)__/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g, "$1<em>$2</em>")
    .replace(/(^|[^_\w])_(?=\S)([^_]*?\S)_(?![_\w])/g, "$1<em>$2</em>")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "<del>$1</del>");
  return out.replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
}

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

function takeList(lines, i) {
  const ordered = /^\s*\d/.test(lines[i]);
  const items = [];
  while (i < lines.length && LIST_ITEM.test(lines[i]) && /^\s*\d/.test(lines[i]) === ordered) {
    let text = lines[i].match(LIST_ITEM)[2];
    i += 1;
    while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !LIST_ITEM.test(lines[i])) {
      text += " " + lines[i].trim();
      i += 1;
    }
    items.push(`<li>${inline(text)}</li>`);
  }
  const tag = ordered ? "ol" : "ul";
  return [`<${tag}>${items.join("")}</${tag}>`, i];
}

function takeFence(lines, i) {
  const fence = lines[i].match(/^\s*(`{3,}|~{3,})\s*([\w+-]*)/);
  const body = [];
  i += 1;
  while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
  const lang = fence[2] ? ` data-lang="${escapeHtml(fence[2])}"` : "";
  return [`<pre><code${lang}>${escapeHtml(body.join("\n"))}</code></pre>`, i + 1];
}

function takeParagraph(lines, i) {
  const body = [];
  while (i < lines.length && lines[i].trim() && !startsBlock(lines[i])) body.push(lines[i++].trim());
  const text = body.join("\n").replace(/::$/, ":");
  return [`<p>${inline(text).replace(/\n/g, " ")}</p>`, i];
}

function takeIndented(lines, i) {
  const body = [];
  while (i < lines.length && (/^ {4}/.test(lines[i]) || (!lines[i].trim() && /^ {4}/.test(lines[i + 1] || "")))) {
    body.push(lines[i++].slice(4));
  }
  return [`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`, i];
}

function startsBlock(line) {
  return /^\s*(#{1,6}\s|```|~~~|>|([-*_]\s*){3,}$)/.test(line) || LIST_ITEM.test(line);
}

function takeBlock(lines, i) {
  const line = lines[i];
  const heading = line.match(/^\s*(#{1,6})\s+(.*?)\s*#*\s*$/);
  if (heading) return [`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`, i + 1];
  if (/^\s*(`{3,}|~{3,})/.test(line)) return takeFence(lines, i);
  if (/^\s*([-*_]\s*){3,}$/.test(line)) return ["<hr>", i + 1];
  if (/^\s*>/.test(line)) {
    const quoted = [];
    while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ""));
    return [`<blockquote>${render(quoted.join("\n"))}</blockquote>`, i];
  }
  if (LIST_ITEM.test(line)) return takeList(lines, i);
  if (/^ {4}\S/.test(line)) return takeIndented(lines, i);
  return takeParagraph(lines, i);
}

function render(source) {
  const lines = String(source ?? "").replace(/\t/g, "    ").split(/\r?\n/);
  const html = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].trim()) {
      i += 1;
      continue;
    }
    const [block, next] = takeBlock(lines, i);
    html.push(block);
    i = next;
  }
  return html.join("\n");
}

/** Markdown → an HTML string built only from escaped text and a fixed set of tags. */
export function markdownToHtml(source) {
  return render(source);
}

/** Render Markdown into `el` (replacing its content). */
export function renderMarkdown(el, source) {
  el.innerHTML = render(source);
  return el;
}
