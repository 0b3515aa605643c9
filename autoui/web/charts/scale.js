// Scales and ticks for autoui's own charts: numbers, dates (ISO strings, read as UTC) and
// categories. A scale maps a data value to a pixel; its ticks are round values to label.

const DAY = 86_400_000;
const TIME_STEPS = [1e3, 5e3, 15e3, 3e4, 6e4, 3e5, 9e5, 18e5, 36e5, 108e5, 216e5, 432e5];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A cell as milliseconds since 1970 when it is an ISO date (a zone-less one as UTC), else NaN. */
export function dateValue(cell) {
  if (typeof cell !== "string" || !ISO_DATE.test(cell)) return NaN;
  const zoned = /[Zz]|[+-]\d{2}:?\d{2}$/.test(cell) || cell.length === 10;
  return Date.parse(zoned ? cell : `${cell.replace(" ", "T")}Z`);
}

/** How the x cells are read: "number", "time" or "band" (categories, in order of first use). */
export function axisType(cells) {
  const present = cells.filter((c) => c !== null && c !== undefined);
  if (present.length && present.every((c) => typeof c === "number")) return "number";
  if (present.length && present.every((c) => !Number.isNaN(dateValue(c)))) return "time";
  return "band";
}

/** A round step near span/count: 1, 2 or 5 times a power of ten. */
function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/** The domain widened to round values, and its ticks. */
export function niceTicks(min, max, count = 5) {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (min === max) [min, max] = min === 0 ? [0, 1] : [Math.min(0, min * 2), Math.max(0, max * 2)];
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo, i = 0; v <= hi + step / 2 && i < 50; v += step, i += 1) ticks.push(Number(v.toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/** A number as a tick label: 1200 → "1,200", 0.25 → "0.25", 2e7 → "20M". */
export function formatNumber(v) {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${Number((v / 1e9).toPrecision(3))}B`;
  if (abs >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return v.toLocaleString("en-US", { maximumFractionDigits: 0 });
  return String(Number(v.toPrecision(6)));
}

function utcLabel(ms, unit) {
  const d = new Date(ms);
  const [y, m, day] = [d.getUTCFullYear(), MONTHS[d.getUTCMonth()], d.getUTCDate()];
  if (unit === "year") return String(y);
  if (unit === "month") return d.getUTCMonth() === 0 ? `${m} ${y}` : m;
  if (unit === "day") return `${m} ${day}`;
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** Round date ticks over [min, max] ms: years, months, days or clock times. */
export function timeTicks(min, max, count = 6) {
  const span = Math.max(1, max - min);
  const start = new Date(min);
  const ticks = [];
  let unit;
  if (span >= 2 * 365 * DAY || span >= 60 * DAY) {
    unit = span >= 2 * 365 * DAY ? "year" : "month";
    const months = unit === "year" ? 12 * Math.max(1, Math.ceil(span / (365 * DAY) / count)) : Math.max(1, Math.ceil(span / (30 * DAY) / count));
    const d = new Date(Date.UTC(start.getUTCFullYear(), unit === "year" ? 0 : start.getUTCMonth(), 1));
    for (let i = 0; i < 100 && d.getTime() <= max; i += 1, d.setUTCMonth(d.getUTCMonth() + months)) {
      if (d.getTime() >= min) ticks.push(d.getTime());
    }
  } else {
    const step = span >= 2 * DAY ? DAY * Math.max(1, Math.ceil(span / DAY / count)) : (TIME_STEPS.find((s) => s * count >= span) ?? DAY);
    unit = step >= DAY ? "day" : "time";
    for (let v = Math.ceil(min / step) * step, i = 0; v <= max && i < 100; v += step, i += 1) ticks.push(v);
  }
  return { ticks, format: (ms) => utcLabel(ms, unit) };
}

/** A linear map of [d0, d1] onto [r0, r1]. */
export function linear([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
