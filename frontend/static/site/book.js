// The /book wizard: applies a chat handoff's prefill (localStorage, valid 5 minutes, domain.md §7), walks
// four steps showing only the current step's and the chosen service's fields, puts each error next to its
// field, and shows the price from POST /api/pricing/quote/ (the one calculator the chat quoted with).
import { clearPrefill, readPrefill } from "../assistant/storage.js";
import {
  applyPrefill, customerSides, field, inputForError, quoteRequest, service, specialtyItems, stepProblems,
} from "./book-form.js";

const form = document.getElementById("booking-form");
const quoteBox = document.getElementById("quote");
const steps = [...form.querySelectorAll(".step")];
const stepLabels = [...form.querySelectorAll(".steps li")];
const back = document.getElementById("step-back");
const next = document.getElementById("step-next");
let step = 1;
let lastError = null; // the price service's refusal {code, message, field}, if the current request has one

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------- what is shown

function showRelevantFields() {
  const current = service(form);
  for (const node of form.querySelectorAll("[data-for]")) node.hidden = node.dataset.for !== current;
  for (const node of form.querySelectorAll("[data-not-for]")) node.hidden = node.dataset.notFor === current;
  const sides = customerSides(form);
  for (const node of form.querySelectorAll("[data-address]")) node.hidden = !sides.includes(node.dataset.address);
  document.getElementById("specific-hour").hidden = field(form, "pickup_time").value !== "morning_specific";
  const airport = field(form, "blade_airport").selectedOptions[0];
  const terminals = airport?.dataset.terminals || "";
  document.getElementById("terminal-hint").textContent = terminals ? `Terminals at ${airport.value}: ${terminals.replaceAll(",", ", ")}` : "";
  if (airport && current === "blade_transfer") {
    const toAirport = sides.includes("pickup_address");
    document.getElementById("airport-side").textContent = toAirport
      ? `We pick up from you and meet you at ${airport.dataset.name} (${airport.value}).`
      : `We meet you at ${airport.dataset.name} (${airport.value}) and deliver to you.`;
  }
}

function goTo(n, { focus = true } = {}) {
  step = Math.max(1, Math.min(steps.length, n));
  steps.forEach((node, i) => (node.hidden = i + 1 !== step));
  stepLabels.forEach((node, i) => {
    if (i + 1 === step) node.setAttribute("aria-current", "step");
    else node.removeAttribute("aria-current");
    node.classList.toggle("done", i + 1 < step);
  });
  back.hidden = step === 1;
  next.hidden = step === steps.length;
  if (step === steps.length) renderReview();
  // domain.md §7: the prefill is consumed once the customer moves past the first step.
  if (step >= 2) clearPrefill();
  if (focus) steps[step - 1].querySelector(".step-title").focus();
}

// ---------------------------------------------------------------- errors next to their fields

function clearErrors() {
  for (const node of form.querySelectorAll(".field-error")) node.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.startsWith("err-"));
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }
}

function showError(name, message) {
  const input = field(form, name);
  if (!input || input instanceof RadioNodeList || input.getAttribute("aria-invalid")) return null;
  const id = `err-${input.id}`;
  const note = el("p", "field-error", message);
  note.id = id;
  (input.closest(".field") || input.parentElement).append(note);
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
  return input;
}

const inStep = (name, n) => {
  const input = name && field(form, name);
  return Boolean(input && !(input instanceof RadioNodeList) && steps[n - 1].contains(input));
};

async function tryContinue() {
  clearErrors();
  const problems = stepProblems(form, step);
  await refreshQuote(); // the price service has the last word (service area, cutoffs, terminals)
  const serverField = lastError && inputForError(form, lastError.field);
  if (serverField && inStep(serverField, step) && !problems.some((p) => p.name === serverField)) {
    problems.push({ name: serverField, message: lastError.message });
  }
  const shown = problems.map((p) => showError(p.name, p.message)).filter(Boolean);
  if (shown.length) shown[0].focus();
  else goTo(step + 1);
}

// ---------------------------------------------------------------- review

function dateText(value) {
  if (!value) return "";
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString("en-US", { weekday: "long", month: "long", day: "numeric", year: "numeric" });
}

function addressText(side) {
  const part = (name) => (field(form, `${side}.${name}`).value || "").trim();
  return [part("address_line_1"), part("city"), `${part("state")} ${part("zip_code")}`.trim()].filter(Boolean).join(", ");
}

function renderReview() {
  const type = service(form);
  const checkedLabel = (name) => form.querySelector(`input[name=${name}]:checked`)?.closest("label")?.textContent.trim();
  const selectedText = (name) => field(form, name).selectedOptions[0]?.textContent.trim();
  const rows = [["Service", form.querySelector("input[name=service_type]:checked + span strong").textContent]];
  if (type === "mini_move") {
    rows.push(["Package", selectedText("package_type")]);
    const extras = [["include_packing", "Professional packing"], ["include_unpacking", "Unpacking & organizing"]]
      .filter(([name]) => field(form, name).checked).map(([, label]) => label);
    if (extras.length) rows.push(["Add-ons", extras.join(", ")]);
    const window = field(form, "pickup_time").value;
    rows.push(["Pickup window", window === "morning_specific" ? `1 hour from ${selectedText("specific_pickup_hour")}` : checkedLabel("pickup_time")]);
  } else if (type === "standard_delivery") {
    rows.push(["Regular items", field(form, "standard_delivery_item_count").value || "0"]);
    if (field(form, "item_description").value.trim()) rows.push(["Description", field(form, "item_description").value.trim()]);
    const names = specialtyItems(form).map((i) => `${form.querySelector(`[data-specialty="${i.item_type}"]`).dataset.name} × ${i.quantity}`);
    if (names.length) rows.push(["Specialty items", names.join(", ")]);
  } else {
    rows.push(["Bags", field(form, "blade_bag_count").value], ["Direction", selectedText("transfer_direction")],
      ["Airport", selectedText("blade_airport")]);
    if (field(form, "blade_terminal").value.trim()) rows.push(["Terminal", field(form, "blade_terminal").value.trim()]);
    rows.push(["Flight", `${dateText(field(form, "blade_flight_date").value)} ${field(form, "blade_flight_time").value}`.trim()]);
  }
  if (type !== "blade_transfer") {
    rows.push(["Pickup date", dateText(field(form, "pickup_date").value)]);
    if (field(form, "coi_required").checked) rows.push(["Certificate of insurance", "Yes"]);
  }
  for (const side of customerSides(form)) rows.push([side === "pickup_address" ? "Pickup address" : "Delivery address", addressText(side)]);
  if (field(form, "special_instructions").value.trim()) rows.push(["Instructions", field(form, "special_instructions").value.trim()]);
  document.getElementById("review").replaceChildren(...rows.flatMap(([term, value]) => [el("dt", "", term), el("dd", "", value || "—")]));
}

// ---------------------------------------------------------------- the price box

const money = (amount) => `$${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function renderQuote(result) {
  const list = el("dl", "lines");
  for (const line of result.line_items) list.append(el("dt", "", line.label), el("dd", "", money(line.amount)));
  const total = el("p", "total");
  const amount = el("strong", "", money(result.total));
  amount.dataset.testid = "quote-total";
  total.append(el("span", "", "Total"), amount);
  quoteBox.replaceChildren(list, total, ...(result.notes || []).map((note) => el("p", "muted small", note)));
}

let pending = 0;
let timer = null;
async function refreshQuote() {
  clearTimeout(timer);
  const ticket = ++pending;
  quoteBox.classList.add("is-loading");
  try {
    const response = await fetch("/api/pricing/quote/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": field(form, "csrfmiddlewaretoken").value },
      body: JSON.stringify(quoteRequest(form)),
    });
    const body = await response.json();
    if (ticket !== pending) return;
    lastError = response.ok ? null : body.error || { message: "We couldn't price that." };
    if (response.ok) renderQuote(body);
    else quoteBox.replaceChildren(el("p", "form-error", lastError.message));
  } catch {
    if (ticket !== pending) return;
    lastError = null; // a network failure is not the customer's mistake: don't block them on it
    quoteBox.replaceChildren(el("p", "form-error", "We couldn't reach the price service. Please try again."));
  } finally {
    if (ticket === pending) quoteBox.classList.remove("is-loading");
  }
}
const scheduleQuote = () => {
  clearTimeout(timer);
  timer = setTimeout(refreshQuote, 250);
};

// ---------------------------------------------------------------- start

const prefill = readPrefill();
if (prefill) {
  const unknown = applyPrefill(form, prefill);
  const banner = document.getElementById("prefill-banner");
  if (unknown.length) banner.append(` We couldn't add: ${unknown.join(", ")} — please call us about those.`);
  banner.hidden = false;
}
form.addEventListener("change", () => {
  showRelevantFields();
  scheduleQuote();
});
form.addEventListener("input", scheduleQuote);
// Continue is the form's submit button, so Enter in a field moves on too (and is checked the same way).
form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (step < steps.length) tryContinue();
});
back.addEventListener("click", () => {
  clearErrors();
  goTo(step - 1);
});
showRelevantFields();
goTo(1, { focus: false });
refreshQuote();
