// Defence in depth for HTML outputs. The server already sanitises them; this parses the
// markup in an inert <template> (nothing loads or runs there) and strips again whatever
// could execute before anything reaches the live page.

const DROP = new Set([
  "SCRIPT", "IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET", "BASE", "LINK", "META",
  "STYLE", "FORM", "NOSCRIPT", "TEMPLATE", "PORTAL", "ANIMATE", "SET", "ANIMATEMOTION",
  "ANIMATETRANSFORM", "USE", "FOREIGNOBJECT",
]);
const URL_ATTRS = new Set(["href", "src", "xlink:href", "action", "formaction", "poster", "background", "cite"]);
const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;
const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp);/i;

function cleanElement(el) {
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const value = attr.value.replace(/[\u0000-\u0020]/g, "");
    if (name.startsWith("on") || name === "srcdoc" || name === "style" && /expression|url\s*\(/i.test(value)) {
      el.removeAttribute(attr.name);
    } else if (URL_ATTRS.has(name) || name === "srcset") {
      const ok = SAFE_URL.test(value) || (el.tagName === "IMG" && SAFE_DATA_IMAGE.test(value));
      if (!ok || name === "srcset" && /javascript:/i.test(value)) el.removeAttribute(attr.name);
    }
  }
  if (el.tagName === "A") {
    el.setAttribute("rel", "noopener noreferrer");
    el.setAttribute("target", "_blank");
  }
}

/** Markup → a DocumentFragment with scripts, frames, event handlers and js: URLs removed. */
export function sanitizeHtml(markup) {
  const template = document.createElement("template");
  template.innerHTML = String(markup ?? "");
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_ELEMENT);
  const drop = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (DROP.has(node.tagName.toUpperCase()) || node.namespaceURI?.endsWith("/MathML")) drop.push(node);
    else cleanElement(node);
  }
  for (const node of drop) node.remove();
  return template.content;
}
