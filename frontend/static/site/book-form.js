// The /book form's data, without any UI: apply a chat handoff's prefill (domain.md §7 + §9 keys), build the
// request for POST /api/pricing/quote/ (the one calculator the chat quoted with), check a step's fields and
// describe the booking for the review step. Pure functions of the <form>, so the wizard (book.js) stays thin.

export const SERVICES = ["mini_move", "standard_delivery", "blade_transfer"];
const SIMPLE_KEYS = ["package_type", "include_packing", "include_unpacking", "coi_required", "pickup_time",
  "specific_pickup_hour", "item_description", "blade_bag_count", "transfer_direction", "blade_airport",
  "blade_terminal", "blade_flight_date", "blade_flight_time", "pickup_date", "special_instructions"];
const ADDRESS_PARTS = ["address_line_1", "city", "state", "zip_code"];
const ZIP = /^\d{5}(-\d{4})?$/;

export const field = (form, name) => form.elements.namedItem(name);
export const specialtyInputs = (form) => [...form.querySelectorAll("[data-specialty]")];

function setValue(form, name, value) {
  const el = field(form, name);
  if (!el || value === undefined || value === null) return;
  if (el instanceof RadioNodeList) {
    for (const radio of el) radio.checked = radio.value === String(value);
  } else if (el.type === "checkbox") {
    el.checked = Boolean(value);
  } else {
    el.value = String(value);
  }
}

/** Fill the form from a handoff. Returns the specialty items the catalogue here doesn't list (to say so). */
export function applyPrefill(form, data) {
  const service = data.service_type === "specialty_item" ? "standard_delivery" : data.service_type;
  if (SERVICES.includes(service)) setValue(form, "service_type", service);
  for (const key of SIMPLE_KEYS) setValue(form, key, data[key]);
  if (service === "blade_transfer" && !data.blade_flight_date) setValue(form, "blade_flight_date", data.pickup_date);
  const unknown = [];
  const items = Array.isArray(data.specialty_items) ? data.specialty_items : [];
  for (const item of items) {
    const input = specialtyInputs(form).find((el) => el.dataset.specialty === item.item_type);
    if (input) input.value = String(item.quantity ?? 1);
    else unknown.push(String(item.item_type));
  }
  // A delivery of specialty items only has 0 regular items: never let the form's default of 1 add a charge.
  const count = data.standard_delivery_item_count ?? (items.length ? 0 : undefined);
  setValue(form, "standard_delivery_item_count", count);
  for (const side of ["pickup_address", "delivery_address"]) {
    const address = data[side];
    if (!address || typeof address !== "object") continue;
    for (const part of ADDRESS_PARTS) setValue(form, `${side}.${part}`, address[part]);
  }
  return unknown;
}

export const service = (form) => field(form, "service_type").value;

/** The address sides the customer fills in: an airport transfer's other end is the airport. */
export function customerSides(form) {
  if (service(form) !== "blade_transfer") return ["pickup_address", "delivery_address"];
  return field(form, "transfer_direction").value === "from_airport" ? ["delivery_address"] : ["pickup_address"];
}

const text = (form, name) => (field(form, name).value || "").trim();
function int(form, name) {
  const raw = text(form, name);
  return /^\d+$/.test(raw) ? parseInt(raw, 10) : null;
}
const zip = (form, side) => (ZIP.test(text(form, `${side}.zip_code`)) ? text(form, `${side}.zip_code`) : null);

export function specialtyItems(form) {
  return specialtyInputs(form)
    .map((el) => ({ item_type: el.dataset.specialty, quantity: /^\d+$/.test(el.value.trim()) ? parseInt(el.value, 10) : 0 }))
    .filter((item) => item.quantity > 0);
}

/** The price request, in the pricing API's (and the chat quote's) vocabulary. */
export function quoteRequest(form) {
  const type = service(form);
  const request = { service_type: type };
  for (const side of customerSides(form)) request[side === "pickup_address" ? "pickup_zip" : "delivery_zip"] = zip(form, side);
  if (type === "mini_move") {
    const window = field(form, "pickup_time").value || "morning";
    Object.assign(request, { package_type: field(form, "package_type").value, include_packing: field(form, "include_packing").checked,
      include_unpacking: field(form, "include_unpacking").checked, coi_required: field(form, "coi_required").checked, pickup_time: window });
    if (window === "morning_specific") request.specific_pickup_hour = int(form, "specific_pickup_hour");
  } else if (type === "standard_delivery") {
    Object.assign(request, { standard_delivery_item_count: int(form, "standard_delivery_item_count"),
      specialty_items: specialtyItems(form), coi_required: field(form, "coi_required").checked });
  } else {
    Object.assign(request, { blade_bag_count: int(form, "blade_bag_count"), blade_airport: field(form, "blade_airport").value,
      transfer_direction: field(form, "transfer_direction").value, blade_terminal: text(form, "blade_terminal") || null });
  }
  const date = type === "blade_transfer" ? text(form, "blade_flight_date") : text(form, "pickup_date");
  if (date) request.pickup_date = date;
  for (const key of Object.keys(request)) if (request[key] === null) delete request[key];
  return request;
}

/** Which input a pricing error's `field` is about (null when none on this form). */
export function inputForError(form, name) {
  if (!name) return null;
  const root = String(name).split(".")[0];
  if (root === "pickup_zip") return "pickup_address.zip_code";
  if (root === "delivery_zip") return "delivery_address.zip_code";
  if (root === "pickup_date") return service(form) === "blade_transfer" ? "blade_flight_date" : "pickup_date";
  if (root === "specialty_items") return specialtyInputs(form)[0]?.name ?? null;
  if (root === "pickup_address" || root === "delivery_address") return name;
  return field(form, root) ? root : null;
}

function today() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** Problems with one step's fields: [{name, message}], first one first. */
export function stepProblems(form, step) {
  const type = service(form);
  const problems = [];
  const need = (name, ok, message) => ok || problems.push({ name, message });
  if (step === 1 && type === "standard_delivery") {
    const count = int(form, "standard_delivery_item_count");
    need("standard_delivery_item_count", count !== null && count <= 200, "Enter a number of items from 0 to 200.");
    for (const el of specialtyInputs(form)) {
      const raw = el.value.trim();
      need(el.name, raw === "" || (/^\d+$/.test(raw) && parseInt(raw, 10) <= 20), "Enter a quantity from 0 to 20.");
    }
    if (count !== null) need("standard_delivery_item_count", count > 0 || specialtyItems(form).length > 0, "Add at least one item or specialty item.");
    if (count) need("item_description", text(form, "item_description") !== "", "Tell us briefly what you're sending.");
  }
  if (step === 1 && type === "blade_transfer") {
    const bags = int(form, "blade_bag_count");
    need("blade_bag_count", bags !== null && bags >= 2 && bags <= 50, "Enter between 2 and 50 bags (a single bag is booked as 2).");
    const terminals = (field(form, "blade_airport").selectedOptions[0]?.dataset.terminals || "").split(",").filter(Boolean);
    const terminal = text(form, "blade_terminal").toUpperCase();
    need("blade_terminal", !terminal || !terminals.length || terminals.includes(terminal), `Choose one of these terminals: ${terminals.join(", ")}.`);
  }
  if (step === 2) {
    const dateName = type === "blade_transfer" ? "blade_flight_date" : "pickup_date";
    const date = text(form, dateName);
    need(dateName, date !== "", type === "blade_transfer" ? "Choose the flight date." : "Choose a pickup date.");
    if (date) need(dateName, date > today(), "Choose a date after today (same-day pickups are arranged by phone).");
    if (type === "blade_transfer") need("blade_flight_time", text(form, "blade_flight_time") !== "", "Enter the flight time.");
  }
  if (step === 3) {
    for (const side of customerSides(form)) {
      need(`${side}.address_line_1`, text(form, `${side}.address_line_1`) !== "", "Enter the street address.");
      need(`${side}.city`, text(form, `${side}.city`) !== "", "Enter the city or town.");
      need(`${side}.zip_code`, zip(form, side) !== null, "Enter a 5-digit ZIP code, like 10001.");
    }
  }
  return problems;
}
