// 预约: booking a hall slot from the item guide and cancelling it, and asking for a home visit
// that the office confirms (through the operator API, as a clerk would) — both in elder mode,
// where every tap target of these pages is at least 60 px.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectText, expectTextIncludes } from "./expect.mjs";
import { askVisit, open, api, pageToken } from "./journey-steps.mjs";
import { elderBeforeLoad } from "./a11y.mjs";

const s = suite();

/** The smallest height and width among the tap targets inside `selector`. */
async function smallestTarget(page, selector) {
  return page.evaluate((sel) => {
    const els = [...document.querySelectorAll(`${sel} button, ${sel} a, ${sel} input, ${sel} select`)];
    return Math.min(...els.map((e) => Math.min(e.getBoundingClientRect().height, e.getBoundingClientRect().width)));
  }, selector);
}

test("a citizen books a hall slot from the item guide and cancels it (elder mode)", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/440000/gd-05");
    await page.locator("a.book-hall").click();
    await page.locator(".book .slots button.slot").first().waitFor();
    // The last day offered: far enough ahead to cancel online.
    await page.locator(".book .days button.day").last().click();
    assert.ok((await smallestTarget(page, ".book")) >= 60, "every tap target of 预约办理 is 60 px or more");
    await screenshot(page, "appointments-book-slot");
    await page.locator(".book .slots button.slot:not([disabled])").first().click();
    // Choosing a time books nothing: the confirm page does, on 确认预约.
    await page.locator(".book button.next").click();
    await page.locator("button.confirm-book").click();

    await expectCount(page.locator(".my-appointments .appointment"), 1);
    await expectText(page.locator(".appointment .status"), "已预约");
    await expectTextIncludes(page.locator(".appointment .cards"), "广州市医疗保险服务管理中心");
    assert.ok((await smallestTarget(page, ".my-appointments")) >= 60, "every tap target of 我的预约 is 60 px or more");
    await screenshot(page, "appointments-booked");

    await page.locator(".appointment button.cancel").click();
    await page.locator(".appointment button.confirm-cancel").click();
    await expectText(page.locator(".appointment .status"), "已取消");
    await expectCount(page.locator(".appointment button.cancel"), 0);
    await screenshot(page, "appointments-cancelled");
  });
});

test("a citizen asks for a home visit and sees it confirmed by the office (elder mode)", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/440000/gd-05");
    await askVisit(page, {
      reason: "高龄", address: "广州市越秀区梅花村街道某巷7号", phone: "13800138000",
      onPage: async (name) => {
        assert.ok((await smallestTarget(page, ".visit")) >= 60, `every tap target of 预约上门 (${name}) is 60 px or more`);
        if (name === "times") await screenshot(page, "appointments-home-visit-request");
      },
    });
    await page.locator(".visit button[type=submit]").click();

    await expectText(page.locator(".home-visit .status"), "待确认");
    const token = await pageToken(page);
    const mine = await api(s.gateway.url, "GET", "/me/appointments", { token });
    assert.equal(mine.status, 200);
    const visit = mine.body.home_visits[0];
    const confirmed = await api(s.gateway.url, "POST", `/operator/home-visits/${visit.id}/confirm`, {
      token: s.gateway.operatorToken, body: { slot: visit.preferred[1], clerk: "李四" },
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));

    await eventually(
      async () => {
        await page.reload();
        return page.locator(".home-visit .status").textContent({ timeout: 5000 }).catch(() => "");
      },
      (text) => text === "已确认",
      "the confirmed status after a reload",
    );
    await expectTextIncludes(page.locator(".home-visit .cards"), "上门人员李四");
    await screenshot(page, "appointments-home-visit-confirmed");
  });
});
