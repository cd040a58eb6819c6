// Readable steps shared by the journey tests: choose an item, fill the standard applicant
// block, go through the steps, and talk to the gateway's API the way an operator would.
import assert from "node:assert/strict";
import { appReady, devTicket } from "./support.mjs";

/** A valid resident ID (GB 11643 example) and its verifier (last 6). */
export const APPLICANT = { name: "张三", id: "11010519491231002X", verifier: "31002X", phone: "13800138000" };

/** Opens a path of the app and waits for the wasm to mount. */
export async function open(page, url, path = "/") {
  await page.goto(`${url}${path}`);
  await appReady(page);
}

/** The field's input by its form path (`applicant.name` → `#f-applicant-name`). */
export const field = (page, path) => page.locator(`#f-${path.replaceAll(".", "-")}`);

/** Fills the 申请人信息 step and leaves each field as a person would (Tab). */
export async function fillApplicant(page, a = APPLICANT) {
  await field(page, "applicant.name").fill(a.name);
  await field(page, "applicant.id_type").selectOption("resident");
  await field(page, "applicant.id_number").fill(a.id);
  await field(page, "applicant.phone").fill(a.phone);
  await field(page, "applicant.phone").press("Tab");
}

export async function next(page) {
  await page.locator("button.next").click();
}

/**
 * A region field (省 → 市 → 县（区）): chooses each of `names` in turn; every level's list shows
 * once the one above is chosen (`#f-transfer-from_region`, `-1`, `-2`).
 */
export async function pickRegion(page, path, names) {
  const id = `#f-${path.replaceAll(".", "-")}`;
  for (const [i, name] of names.entries()) {
    await page.locator(i === 0 ? id : `${id}-${i}`).selectOption({ label: name });
  }
}

/** The 转移信息 step of the transfer form. */
export async function fillTransfer(page) {
  await field(page, "transfer.direction").selectOption("in");
  await pickRegion(page, "transfer.from_region", ["湖南省", "永州市", "零陵区"]);
  await pickRegion(page, "transfer.to_region", ["广东省", "广州市", "天河区"]);
  await field(page, "transfer.insurance_type").selectOption("employee");
}

/** The whole transfer form (gd-17 / jm-transfer), step by step, up to its review page. */
export async function fillTransferToReview(page) {
  await fillApplicant(page);
  await next(page);
  await fillTransfer(page);
  await next(page);
  await page.locator(".review").waitFor();
}

/** Today in China as YYYY-MM-DD. */
export function todayInChina() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Calls the gateway API from node; resolves to { status, body }. */
export async function api(url, method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: json ?? text };
}

/** A citizen session made directly against the gateway (dev tickets: --dev, or --url with its ticket secret). */
export async function citizen(url, idNumber = APPLICANT.id) {
  const ticket = await devTicket(url, "browser", idNumber);
  const s = await api(url, "POST", "/session", { body: { ticket } });
  assert.equal(s.status, 200);
  return s.body.token;
}

/** The transfer application as the API takes it. */
export function transferForm(a = APPLICANT) {
  return {
    "applicant.name": a.name, "applicant.id_type": "resident", "applicant.id_number": a.id,
    "applicant.phone": a.phone, "transfer.direction": "in", "transfer.from_region": "431102",
    "transfer.to_region": "440106", "transfer.insurance_type": "employee",
  };
}

/** The page's own session token (what the app keeps in local storage). */
export async function pageToken(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem("tongban.session") ?? "null")?.token);
}

