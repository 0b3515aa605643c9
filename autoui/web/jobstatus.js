// What a job is doing, shown above the outputs: queue position and ETA, a running clock,
// the progress bar with its description and counts, and how it ended.

import { h } from "./dom.js";

function seconds(s) {
  if (s === null || s === undefined || !Number.isFinite(s)) return "";
  if (s < 1) return `${Math.max(1, Math.round(s * 1000))} ms`;
  return s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function createStatus() {
  // Only the state is announced (role=status); the ticking clock and the per-step detail
  // would make a screen reader talk non-stop, so they are shown, and the bar carries them.
  const text = h("span", { class: "status-text", role: "status" });
  const clockEl = h("span", { class: "status-clock", "aria-hidden": "true" });
  const bar = h("progress", { class: "job-progress", max: 1, hidden: true, "aria-label": "Progress" });
  const detail = h("span", { class: "progress-detail", "aria-hidden": "true" });
  const el = h("div", { class: "job-status", dataset: { state: "idle" } }, text, clockEl, bar, detail);
  let clock = null;
  let startedAt = 0;
  let label = "";

  const stopClock = () => {
    clearInterval(clock);
    clock = null;
  };
  const state = (name, message) => {
    el.dataset.state = name;
    text.textContent = message;
    clockEl.textContent = "";
  };
  const tick = () => (clockEl.textContent = `· ${seconds((performance.now() - startedAt) / 1000)}`);

  return {
    el,
    submitting: () => {
      stopClock();
      bar.hidden = true;
      detail.textContent = "";
      state("submitting", "Sending…");
    },
    queued({ position = null, eta = null } = {}) {
      const where = position === null ? "" : position <= 0 ? " · next in line" : ` · ${position} ahead of you`;
      const when = eta ? ` · ETA ~${seconds(eta)}` : "";
      state("queued", `Queued${where}${when}`);
    },
    started() {
      startedAt = performance.now();
      label = "Running";
      state("running", label);
      stopClock();
      clock = setInterval(tick, 250);
    },
    progress({ progress = null, desc = null, index = null, total = null, unit = null } = {}) {
      bar.hidden = false;
      if (progress === null || progress === undefined) bar.removeAttribute("value");
      else bar.value = Math.max(0, Math.min(1, progress));
      const counts = index !== null && index !== undefined ? `${index}${total ? `/${total}` : ""}${unit ? ` ${unit}` : ""}` : "";
      const pct = progress === null || progress === undefined ? "" : `${Math.round(progress * 100)}%`;
      detail.textContent = [desc, counts, pct].filter(Boolean).join(" · ");
      bar.setAttribute("aria-valuetext", detail.textContent || "working");
    },
    restarted({ attempt = null } = {}) {
      stopClock();
      bar.hidden = true;
      detail.textContent = "";
      state("queued", `Restarting on another worker${attempt ? ` (attempt ${attempt})` : ""}…`);
    },
    stopping: () => {
      label = "Stopping";
      text.textContent = label;
    },
    finished(name, message) {
      stopClock();
      bar.hidden = true;
      detail.textContent = "";
      state(name, message);
    },
    done(duration) {
      this.finished("complete", duration === null || duration === undefined ? "Done" : `Done in ${seconds(duration)}`);
    },
    reset() {
      this.finished("idle", "");
    },
  };
}
