// A single-file export: theme switching swaps the href of #autoui-theme to
// ".../<name>.css"; here that href is an empty data: URL, and this observer puts the
// named theme's CSS inline.
(() => {
  const link = document.getElementById("autoui-theme");
  const style = document.getElementById("autoui-inline-theme");
  const themes = JSON.parse(document.getElementById("autoui-themes").textContent);
  const apply = () => {
    const name = (link.getAttribute("href").match(/([\w-]+)\.css$/) || [])[1];
    if (name in themes) style.textContent = themes[name];
  };
  new MutationObserver(apply).observe(link, { attributes: true, attributeFilter: ["href"] });
  apply();
})();
