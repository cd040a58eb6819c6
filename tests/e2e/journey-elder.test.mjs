// 长辈版, one thing per page: accepting a family member's invitation (who is asking shown, from
// the inviter's real-name identity, before any consent) and booking a hall slot (nothing booked
// until the confirm page's 确认预约). Every page: a screenshot, the axe audit, one main button;
// the same pages again at 200 % text, where nothing may stick out or be cut off.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectText, expectTextIncludes } from "./expect.mjs";
import { APPLICANT, open, api, pageToken } from "./journey-steps.mjs";
import { elderBeforeLoad } from "./a11y.mjs";
import { fitsAt200, onePage, textAt200 } from "./one-thing.mjs";

const s = suite();
/** The inviter: a man (the 17th character of his ID number is odd) whose real name is 李建华. */
const INVITER_ID = "110105194912310038";
const INVITER_NAME = "李建华";

async function tokenOf(page) {
  return eventually(() => pageToken(page), (t) => typeof t === "string" && t.length > 0, "the page's session token");
}

/** The inviter's phone asks for a code (through the API, as the 亲情代办 page does): the code. */
async function invitationFrom(inviter) {
  await open(inviter, s.gateway.url, "/family");
  const inv = await api(s.gateway.url, "POST", "/me/family/invitations", { token: await tokenOf(inviter), body: {} });
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  return inv.body.grouped;
}

/**
 * The member's pages of accepting `code`, each handed to `check(page, name)` once it shows:
 * the code, who is asking, the relation, their own details, the answers, done.
 */
async function acceptJourney(member, code, check) {
  await open(member, s.gateway.url, "/family");
  await member.locator("a.family-accept-link").click();
  await member.locator('.family-accept[data-step="code"]').waitFor();
  await expectTextIncludes(member.locator(".family-accept .warning"), "工作人员不会向您索要邀请码");
  await check(member, "accept-1-code");
  await member.fill("#fam-code", code);
  await member.locator(".family-accept button[type=submit]").click();

  // Who is asking, before anything is consented to: the inviter's real-name name and ID tail.
  await member.locator('.family-accept[data-step="who"]').waitFor();
  await expectText(member.locator(".family-accept .inviter"), "李*华（身份证尾号0038） 请求为您代办");
  await expectTextIncludes(member.locator(".family-accept .cards"), "可以办理");
  await expectTextIncludes(member.locator(".family-accept .cards"), "可以查看");
  await check(member, "accept-2-who-is-asking");
  await member.locator(".family-accept .decision button.primary", { hasText: "同意" }).click();

  // The relation: nothing chosen in advance, the words by the inviter's sex.
  await member.locator('.family-accept[data-step="relation"]').waitFor();
  await expectCount(member.locator('input[name="fam-relation"]:checked'), 0, "no relation preset");
  await check(member, "accept-3-relation");
  await member.locator(".family-accept .choice", { hasText: "儿子" }).click();
  await member.locator(".family-accept button[type=submit]").click();

  await member.locator('.family-accept[data-step="details"]').waitFor();
  await check(member, "accept-4-details");
  await member.fill("#fam-name", APPLICANT.name);
  await member.selectOption("#fam-id-type", "resident");
  await member.fill("#fam-id-number", APPLICANT.id);
  await member.fill("#fam-phone", APPLICANT.phone);
  await member.locator(".family-accept button[type=submit]").click();

  await member.locator('.family-accept[data-step="check"]').waitFor();
  await expectTextIncludes(member.locator(".family-accept .cards"), "儿子");
  await check(member, "accept-5-check");
  await member.locator(".family-accept button[type=submit]", { hasText: "同意并绑定" }).click();

  await member.locator('.family-accept[data-step="done"]').waitFor();
  await check(member, "accept-6-done");
}

test("长辈版 accept an invitation: who is asking (the inviter's real name) before consent, one thing per page", async (t) => {
  const inviter = await phonePage(s.browser, { realName: INVITER_ID, realNameAs: INVITER_NAME });
  const member = await phonePage(s.browser);
  await elderBeforeLoad(member);
  await withEvidence(t, member, async () => {
    const code = await invitationFrom(inviter);
    await acceptJourney(member, code, onePage);
    // Each side reads the relation from its own side: the member's 儿子 is the inviter's 母亲
    // (the member's ID number …002X: a woman), named with her ID tail.
    await member.locator(".panel a.primary").click();
    await expectTextIncludes(member.locator('.family-member[data-status="live"]'), "李*华");
    await open(inviter, s.gateway.url, "/family");
    await expectTextIncludes(inviter.locator('.family-member[data-status="live"] .name'), "张*（尾号002X，母亲）");
    // Ending a binding says what follows first; nothing ends on the first tap.
    await inviter.locator(".family-member button.end").click();
    await expectTextIncludes(inviter.locator(".family-member .confirm"), "解除后");
    await expectCount(inviter.locator('.family-member[data-status="live"]'), 1, "still bound until 确定解除");
    await screenshot(inviter, "family-end-confirm");
  });
  await inviter.context().close();
  await member.context().close();
});

test("长辈版 accept an invitation at 200 % text: every page fits", async (t) => {
  const inviter = await phonePage(s.browser, { realName: INVITER_ID, realNameAs: INVITER_NAME });
  const member = await phonePage(s.browser);
  await elderBeforeLoad(member);
  await textAt200(member);
  await withEvidence(t, member, async () => {
    const code = await invitationFrom(inviter);
    await acceptJourney(member, code, (page, name) => fitsAt200(page, `${name}-elder`));
  });
  await inviter.context().close();
  await member.context().close();
});

/** The booking pages of item gd-05 in 广州, each handed to `check`: pick, confirm, booked. */
async function bookJourney(page, check) {
  await open(page, s.gateway.url, "/items/440000/gd-05");
  await page.locator("a.book-hall").click();
  await page.locator(".book .slots button.slot").first().waitFor();
  // The last day offered, far enough ahead to cancel online; shown with its weekday.
  const day = page.locator(".book .days button.day").last();
  await day.click();
  await expectTextIncludes(day, "星期");
  const before = await day.boundingBox();
  await page.locator(".book .slots button.slot:not([disabled])").first().click();
  await expectCount(page.locator('.book .slots button.slot[aria-pressed="true"]'), 1, "one time chosen");
  // A chosen chip keeps its size and shows a tick; choosing it booked nothing.
  const after = await day.boundingBox();
  assert.equal(Math.round(after.height), Math.round(before.height), "the chosen day keeps its size");
  await expectText(page.locator('.book .slots button.slot[aria-pressed="true"] .tick'), "✓");
  await check(page, "book-1-day-and-time");
  await page.locator(".book button.next").click();

  await page.locator(".confirm-booking").waitFor();
  await expectTextIncludes(page.locator(".confirm-booking .cards"), "星期");
  await expectTextIncludes(page.locator(".confirm-booking .cards"), "请带上");
  await expectTextIncludes(page.locator(".confirm-booking .cards"), "地点");
  await check(page, "book-2-confirm");
}

test("长辈版 booking: nothing is booked before 确认预约 on the confirm page; cancelling asks first", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await bookJourney(page, onePage);
    const before = await api(s.gateway.url, "GET", "/me/appointments", { token: await tokenOf(page) });
    assert.equal(before.body.appointments.length, 0, "the confirm page has booked nothing yet");
    await page.locator("button.confirm-book").click();
    await expectCount(page.locator(".my-appointments .appointment"), 1);
    await expectText(page.locator(".appointment .status"), "已预约");
    await expectTextIncludes(page.locator(".appointment .cards"), "星期");
    await screenshot(page, "book-3-booked");
    await page.locator(".appointment button.cancel").click();
    await expectTextIncludes(page.locator(".appointment .confirm"), "取消后");
    await screenshot(page, "book-4-cancel-confirm");
    await page.locator(".appointment button.confirm-cancel").click();
    await expectText(page.locator(".appointment .status"), "已取消");
  });
  await page.context().close();
});

test("长辈版 booking at 200 % text: every page fits", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await bookJourney(page, (p, name) => fitsAt200(p, `${name}-elder`));
  });
  await page.context().close();
});

test("长辈版 search understands everyday words: 医保转移, 转医保 and 异地报销 find their items", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/");
    await page.selectOption("#region", "420800");
    for (const [said, found] of [["医保转移", "转移接续"], ["转医保", "转移接续"], ["异地报销", "异地"]]) {
      await page.fill("#search", said);
      await page.locator(".items .item-card", { hasText: found }).first().waitFor();
      await expectCount(page.locator(".home .empty"), 0, `${said} finds something`);
    }
    await screenshot(page, "search-everyday-words-elder");
  });
  await page.context().close();
});
