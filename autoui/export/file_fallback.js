// An exported folder opened from disk (file://): Chromium loads no ES modules there, so
// the page loads the spec and the one-script build instead.
if (location.protocol === "file:") {
  for (const src of ["spec.js", "static/__BUNDLE__"]) {
    const script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.append(script);
  }
}
