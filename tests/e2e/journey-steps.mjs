// Readable steps shared by the journey tests: choose an item, fill the standard applicant
// block, go through the steps, and talk to the gateway's API the way an operator would.
import assert from "node:assert/strict";
import { appReady, devTicket, phonePage } from "./support.mjs";
import { elderBeforeLoad } from "./a11y.mjs";
import { eventually } from "./expect.mjs";

/** A valid resident ID (GB 11643 example) and its verifier (last 6). */
export const APPLICANT = { name: "张三", id: "11010519491231002X", verifier: "31002X", phone: "13800138000" };

/** Opens a path of the app and waits for the wasm to mount. */
export async function open(page, url, path = "/") {
  await page.goto(`${url}${path}`);
  await appReady(page);
}

/** The field's input by its form path (`applicant.name` → `#f-applicant-name`). */
export const field = (page, path) => page.locator(`#f-${path.replaceAll(".", "-")}`);

/** Whether the form asks one question per page (长辈版) rather than a step per page. */
export async function onePerPage(page) {
  const form = page.locator("form.apply-form");
  await form.waitFor();
  return (await form.getAttribute("data-one-per-page")) === "true";
}

/** 下一步, and the next page of the form shown (its `data-page` changed). One tap is what a person
 * gives: a tap made while the division list loads is the form's to carry out once the list is
 * there (it says 正在加载地区列表…), so this never taps again. A page whose answer is wrong keeps
 * the person there, which fails here within 15 s, with what the page says, rather than at the
 * test's end. */
export async function nextPage(page) {
  const at = await page.locator("form.apply-form").getAttribute("data-page");
  await page.locator("button.next").click();
  try {
    await page.locator(`form.apply-form:not([data-page="${at}"])`).waitFor({ timeout: 15_000 });
  } catch (e) {
    const said = await page.locator("form.apply-form .error, form.apply-form .list-wait").allTextContents();
    throw new Error(`下一步 on page ${at} did not move on within 15 s; the page says: ${said.filter(Boolean).join(" | ") || "nothing"}`, { cause: e });
  }
}

/** 下一步 until `locator` shows (at most `max` pages on). */
export async function nextUntil(page, locator, max = 15) {
  for (let i = 0; i < max; i++) {
    if (await locator.count()) return;
    await nextPage(page);
  }
  await locator.first().waitFor();
}

/** Brings the page asking `path`: in 长辈版 (one question per page) 下一步 until it shows. */
export async function toField(page, path) {
  if (await onePerPage(page)) await nextUntil(page, field(page, path));
}

/** Fills the 申请人信息 step and leaves each field as a person would (Tab). */
export async function fillApplicant(page, a = APPLICANT) {
  await toField(page, "applicant.name");
  await field(page, "applicant.name").fill(a.name);
  await toField(page, "applicant.id_type");
  await field(page, "applicant.id_type").selectOption("resident");
  await toField(page, "applicant.id_number");
  await field(page, "applicant.id_number").fill(a.id);
  await toField(page, "applicant.phone");
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
  await toField(page, "transfer.direction");
  await field(page, "transfer.direction").selectOption("in");
  await toField(page, "transfer.from_region");
  await pickRegion(page, "transfer.from_region", ["湖南省", "永州市", "零陵区"]);
  await toField(page, "transfer.to_region");
  await pickRegion(page, "transfer.to_region", ["广东省", "广州市", "天河区"]);
  await toField(page, "transfer.insurance_type");
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

/**
 * 预约上门 from an item's guide, a question per page: (为谁申请,) the reason, the address, the
 * phone, the half days at `halves`; `onPage(name)` on each page once it shows, before it is
 * answered (`reason`, `address`, `phone`, `times` with its days shown, `check`). Ends on the
 * check page, before 提交上门申请.
 */
export async function askVisit(page, { reason, address, phone, halves = [0, 3], forWhom, onPage = async () => {} }) {
  await page.locator("a.book-visit").click();
  const visit = page.locator(".visit");
  const shown = async (name) => {
    await page.locator(`.visit[data-page="${name}"]`).waitFor();
    await onPage(name);
  };
  const next = async (name) => {
    await visit.locator("button.next").click();
    await shown(name);
  };
  if (forWhom) {
    await shown("for-whom");
    await forWhom(visit);
    await next("reason");
  } else {
    await shown("reason");
  }
  await visit.locator("button.reason", { hasText: reason }).click();
  await next("address");
  await page.fill("#visit-address", address);
  await next("phone");
  await page.fill("#visit-phone", phone);
  await visit.locator("button.next").click();
  const days = visit.locator(".half-days button");
  await days.first().waitFor();
  await shown("times");
  for (const i of halves) await days.nth(i).click();
  await next("check");
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


/** The session token of `page`, once the app has one. */
export async function tokenOf(page) {
  return eventually(() => pageToken(page), (t) => typeof t === "string" && t.length > 0, "the page's session token");
}

/**
 * Binds the citizen of `member` to the citizen of `agent` (who typed `agentName`) through the
 * API, as the 亲情代办 pages do; `relation` is the member's word for the agent.
 */
/** The agent's own real-name identity: someone other than the member (APPLICANT). */
export const AGENT = { id: "110105194912310038", name: "李建华" };

/** The agent (AGENT, in 长辈版) and a member, each on a phone of their own, not yet bound. */
export async function elderAgentAndMember(browser) {
  const agent = await phonePage(browser, { realName: AGENT.id, realNameAs: AGENT.name });
  const member = await phonePage(browser);
  await elderBeforeLoad(agent);
  return { agent, member };
}

/** Binds `member` to `agent` (as `relation`, `parent` by default): both open 亲情代办, the agent
 * invites, the member accepts with APPLICANT's identity and consent. */
export async function bind(url, agent, member, { agentName, relation = "parent" }) {
  await open(agent, url, "/family");
  await open(member, url, "/family");
  const inv = await api(url, "POST", "/me/family/invitations", {
    token: await tokenOf(agent), body: { agent_name: agentName },
  });
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  const accepted = await api(url, "POST", "/me/family/acceptances", {
    token: await tokenOf(member),
    body: {
      code: inv.body.code, relation, consent: true,
      applicant: { name: APPLICANT.name, id_type: "resident", id_number: APPLICANT.id, phone: APPLICANT.phone },
    },
  });
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
}

/** 返回, and the previous page of the form shown. */
export async function backPage(page) {
  const at = await page.locator("form.apply-form").getAttribute("data-page");
  await page.locator("form.apply-form button.back").click();
  await page.locator(`form.apply-form:not([data-page="${at}"])`).waitFor();
}
