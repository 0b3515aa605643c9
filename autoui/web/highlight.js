// Light syntax highlighting for code outputs: comments, strings, numbers and keywords of
// the usual languages (Python, JavaScript, shell, JSON, SQL...). Builds text nodes and
// spans only, so the code is never parsed as markup.

const KEYWORDS = new Set(
  ("and as assert async await break case catch class const continue def default del do elif else " +
    "except export extends False finally for from function global if import in is lambda let match " +
    "new None nonlocal not null of or pass raise return self static super switch this throw True " +
    "true false try typeof undefined var void while with yield select insert update delete where " +
    "create table into values join on group by order limit echo fi then esac done").split(" "),
);

const TOKEN = new RegExp(
  [
    /(?<comment>#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|--[^\n]*)/.source,
    /(?<string>"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)/.source,
    /(?<number>\b(?:0x[\da-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)\b)/.source,
    /(?<word>[A-Za-z_][\w]*)/.source,
  ].join("|"),
  "gi",
);

/** Append highlighted `code` to `el` (a <code> element). */
export function highlight(el, code, language = "") {
  const text = String(code ?? "");
  el.replaceChildren();
  if (/^(text|plain|txt)$/i.test(language)) {
    el.textContent = text;
    return el;
  }
  const sqlish = /sql/i.test(language);
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const { comment, string, number, word } = match.groups;
    let cls = null;
    if (comment && !(comment.startsWith("--") && !sqlish)) cls = "tok-comment";
    else if (string) cls = "tok-string";
    else if (number) cls = "tok-number";
    else if (word && KEYWORDS.has(sqlish ? word.toLowerCase() : word)) cls = "tok-keyword";
    if (!cls) continue;
    if (match.index > last) el.append(text.slice(last, match.index));
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = match[0];
    el.append(span);
    last = match.index + match[0].length;
  }
  el.append(text.slice(last));
  return el;
}
