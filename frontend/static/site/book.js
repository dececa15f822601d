// The /book wizard: applies a chat handoff's prefill (localStorage, valid 5 minutes, domain.md §7),
// walks four steps, and shows the price from POST /api/pricing/quote/ (the one calculator).
import { clearPrefill, readPrefill } from "../assistant/storage.js";

const form = document.getElementById("booking-form");
const quoteBox = document.getElementById("quote");
const steps = [...form.querySelectorAll(".step")];
const stepLabels = [...form.querySelectorAll(".steps li")];
const back = document.getElementById("step-back");
const next = document.getElementById("step-next");
let step = 1;

const field = (name) => form.elements.namedItem(name);
const SERVICES = ["mini_move", "standard_delivery", "blade_transfer"];

function setValue(name, value) {
  const el = field(name);
  if (!el || value === undefined || value === null) return;
  if (el instanceof RadioNodeList) {
    for (const radio of el) radio.checked = radio.value === String(value);
  } else if (el.type === "checkbox") {
    el.checked = Boolean(value);
  } else {
    el.value = String(value);
  }
}

function applyPrefill(data) {
  // The handoff maps specialty orders to standard_delivery already; anything unknown stays default.
  const service = data.service_type === "specialty_item" ? "standard_delivery" : data.service_type;
  if (SERVICES.includes(service)) setValue("service_type", service);
  for (const key of ["package_type", "standard_delivery_item_count", "item_description", "blade_bag_count", "transfer_direction",
    "blade_airport", "blade_terminal", "blade_flight_date", "blade_flight_time", "pickup_date", "include_packing",
    "include_unpacking", "coi_required", "special_instructions"]) {
    setValue(key, data[key]);
  }
  for (const side of ["pickup_address", "delivery_address"]) {
    const address = data[side];
    if (!address || typeof address !== "object") continue;
    for (const part of ["address_line_1", "city", "state", "zip_code"]) setValue(`${side}.${part}`, address[part]);
  }
  document.getElementById("prefill-banner").hidden = false;
}

function service() {
  return field("service_type").value;
}

function showServiceFields() {
  const current = service();
  for (const el of form.querySelectorAll("[data-for]")) el.hidden = el.dataset.for !== current;
  for (const el of form.querySelectorAll("[data-not-for]")) el.hidden = el.dataset.notFor === current;
}

function goTo(n) {
  step = Math.max(1, Math.min(steps.length, n));
  steps.forEach((el, i) => (el.hidden = i + 1 !== step));
  stepLabels.forEach((el, i) => {
    el.toggleAttribute("aria-current", i + 1 === step);
    if (i + 1 === step) el.setAttribute("aria-current", "step");
    el.classList.toggle("done", i + 1 < step);
  });
  back.hidden = step === 1;
  next.hidden = step === steps.length;
  // domain.md §7: the prefill is consumed once the customer moves past the first step.
  if (step >= 2) clearPrefill();
}

const zip = (name) => {
  const value = (field(name).value || "").trim();
  return /^\d{5}(-\d{4})?$/.test(value) ? value : null;
};
const int = (name) => {
  const value = parseInt(field(name).value, 10);
  return Number.isFinite(value) ? value : null;
};

function quoteRequest() {
  const type = service();
  const request = { service_type: type, pickup_zip: zip("pickup_address.zip_code"), delivery_zip: zip("delivery_address.zip_code") };
  if (type === "mini_move") {
    Object.assign(request, { package_type: field("package_type").value, include_packing: field("include_packing").checked,
      include_unpacking: field("include_unpacking").checked, coi_required: field("coi_required").checked });
  } else if (type === "standard_delivery") {
    Object.assign(request, { standard_delivery_item_count: int("standard_delivery_item_count"), coi_required: field("coi_required").checked });
  } else {
    Object.assign(request, { blade_bag_count: int("blade_bag_count"), blade_airport: field("blade_airport").value,
      transfer_direction: field("transfer_direction").value, blade_terminal: field("blade_terminal").value.trim() || null });
  }
  const date = type === "blade_transfer" ? field("blade_flight_date").value || field("pickup_date").value : field("pickup_date").value;
  if (date) request.pickup_date = date;
  for (const key of Object.keys(request)) if (request[key] === null) delete request[key];
  return request;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const money = (amount) => `$${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function renderQuote(result) {
  const list = el("dl", "lines");
  for (const line of result.line_items) {
    list.append(el("dt", "", line.label), el("dd", "", money(line.amount)));
  }
  const total = el("p", "total");
  total.append(el("span", "", "Total"), el("strong", "", money(result.total)));
  total.querySelector("strong").dataset.testid = "quote-total";
  const children = [list, total];
  for (const note of result.notes || []) children.push(el("p", "muted small", note));
  quoteBox.replaceChildren(...children);
}

let pending = 0;
let timer = null;
async function refreshQuote() {
  const ticket = ++pending;
  quoteBox.classList.add("is-loading");
  try {
    const response = await fetch("/api/pricing/quote/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": field("csrfmiddlewaretoken").value },
      body: JSON.stringify(quoteRequest()),
    });
    const body = await response.json();
    if (ticket !== pending) return;
    if (response.ok) renderQuote(body);
    else quoteBox.replaceChildren(el("p", "form-error", body.error ? body.error.message : "We couldn't price that."));
  } catch {
    if (ticket === pending) quoteBox.replaceChildren(el("p", "form-error", "We couldn't reach the price service. Please try again."));
  } finally {
    if (ticket === pending) quoteBox.classList.remove("is-loading");
  }
}
const scheduleQuote = () => {
  clearTimeout(timer);
  timer = setTimeout(refreshQuote, 250);
};

const prefill = readPrefill();
if (prefill) applyPrefill(prefill);
form.addEventListener("change", () => {
  showServiceFields();
  scheduleQuote();
});
form.addEventListener("input", scheduleQuote);
form.addEventListener("submit", (event) => event.preventDefault());
next.addEventListener("click", () => goTo(step + 1));
back.addEventListener("click", () => goTo(step - 1));
showServiceFields();
goTo(1);
refreshQuote();
