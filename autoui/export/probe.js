// Runs before the app on an exported page: probes the API server and explains, in a
// banner, why it fails (not running, or refusing this page's origin).
(() => {
  const api = new URL(window.AUTOUI_CONFIG.apiUrl, location.href).href;
  const origin = location.protocol === "file:" ? "null" : location.origin;
  const say = (text) => {
    const show = () => {
      const banner = document.createElement("div");
      banner.className = "autoui-offline";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "padding:.75em 1em;background:#fff4e5;color:#7a3e00;" +
        "border-bottom:2px solid #f0a040;font:14px/1.4 system-ui,sans-serif";
      banner.textContent = text;
      document.body.prepend(banner);
    };
    document.body ? show() : addEventListener("DOMContentLoaded", show, { once: true });
  };
  fetch(api + "health", { mode: "cors", credentials: "omit" }).then((r) => {
    if (!r.ok) say(`The autoui server at ${api} answered ${r.status}; this page may not work.`);
  }).catch(() => fetch(api + "health", { mode: "no-cors" }).then(
    () => say(`The autoui server at ${api} refuses requests from this page (origin ${origin}). ` +
      `Start it with --cors-origin ${origin} to allow them.`),
    () => say(`Cannot reach the autoui server at ${api}: it is not running, or not at that ` +
      "address. Start it with autoui serve, then reload this page."),
  ));
})();
