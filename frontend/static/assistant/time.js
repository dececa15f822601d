// Message times: "just now", "5 min ago", "3 h ago", then the date; the exact time on hover.

/** A short relative time for `date` (a Date or ms) as seen at `now`. */
export function relativeTime(date, now = Date.now(), locale = undefined) {
  const then = typeof date === "number" ? date : date.getTime();
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString(locale, { month: "short", day: "numeric" });
}

/** "Dec 4, 2026, 9:42 PM" in the customer's clock. */
export function exactTime(date, locale = undefined) {
  const then = typeof date === "number" ? new Date(date) : date;
  return then.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

/** A Date from an ISO string, or null. */
export function parseTime(iso) {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
}
