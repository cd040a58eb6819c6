// 亲情代办 (#17): one person invites a family member, the member accepts the code on their own
// phone (a second browser context: another citizen), and the first files for the member; the
// receipt shows 申请人 (the member) and 经办人 (the agent), and the member sees it in 我的办件.
// And the invitation code in elder mode: digits in groups of three, 24 px or more. 为谁申请 on a
// home visit: the agent asks for the member, who sees it in their own 我的预约. And someone
// without a phone: bound on a 户口本 photo that a clerk approves (through the operator API).
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectText, expectTextIncludes, expectValue } from "./expect.mjs";
import { APPLICANT, askVisit, bind, elderAgentAndMember, AGENT, open, field, next, fillTransfer, api, pageToken, tokenOf } from "./journey-steps.mjs";

const s = suite();
const AGENT_NAME = AGENT.name;
const AGENT_ID = AGENT.id;

/** On the 亲情代办 page of `page`: a new invitation; its grouped code. */
async function invite(page) {
  // A session with a real-name name shows it instead of asking for one (once the session is there).
  await page.locator(".family-invite .inviter-shown, #fam-agent-name").first().waitFor();
  if (await page.locator("#fam-agent-name").count()) await page.fill("#fam-agent-name", AGENT_NAME);
  await page.locator(".family-invite button[type=submit]").click();
  return expectText(page.locator("#family-code"), /^\d{3} \d{3} \d{3}$/);
}

test("为家人办理: invitation, the member's consent on their own phone, a form filed for them, the receipt with 申请人 and 经办人", async (t) => {
  const agent = await phonePage(s.browser, { realName: AGENT_ID, realNameAs: AGENT_NAME });
  const member = await phonePage(s.browser);
  await withEvidence(t, agent, async () => {
    // The agent reaches 亲情代办 from 我的 and asks for a code.
    await open(agent, s.gateway.url, "/me");
    await agent.locator("a.family-link").click();
    await agent.locator("#family-title").waitFor();
    const code = await invite(agent);
    await agent.locator("img.family-qr").waitFor();
    await screenshot(agent, "family-invitation");

    // The member, on their own phone, types the code, sees who asks, names the relation and
    // consents (one thing per page: journey-elder.test.mjs checks each page).
    await withEvidence(t, member, async () => {
      const accept = async () => {
        await open(member, s.gateway.url, "/family/accept");
        await member.fill("#fam-code", code);
        await member.locator(".family-accept button[type=submit]").click();
      };
      await accept();
      await expectTextIncludes(member.locator(".family-accept .inviter"), "李*华");
      await member.locator(".family-accept .decision button.primary").click();
      await member.locator(".family-accept .choice", { hasText: "儿子" }).click();
      await member.locator(".family-accept button[type=submit]").click();
      await member.fill("#fam-name", APPLICANT.name);
      await member.selectOption("#fam-id-type", "resident");
      await member.fill("#fam-id-number", APPLICANT.id);
      await member.fill("#fam-phone", APPLICANT.phone);
      await member.locator(".family-accept button[type=submit]").click();
      await member.locator(".family-accept button[type=submit]", { hasText: "同意并绑定" }).click();
      await expectTextIncludes(member.locator(".family-accept .panel"), "绑定成功");
      await member.locator(".panel a.primary").click();
      await expectTextIncludes(member.locator('.family-member[data-status="live"]'), "李*华");
      await screenshot(member, "family-accepted");
      // The same code again: refused, in Chinese, before anyone is shown.
      await accept();
      await expectTextIncludes(member.locator(".family-accept .notice.failure"), "已经使用过");
    });

    // The agent's list shows the member; 为谁办理 on a new form fills the applicant from it.
    await agent.reload();
    await expectCount(agent.locator('.family-member[data-status="live"]'), 1, "the binding, on the agent's side");
    await open(agent, s.gateway.url, "/apply/440000/gd-17");
    await agent.locator(".for-whom").waitFor();
    await agent.locator(".for-whom label", { hasText: "母亲" }).click();
    await expectValue(field(agent, "applicant.name"), APPLICANT.name);
    await expectValue(field(agent, "applicant.id_number"), APPLICANT.id);
    await screenshot(agent, "family-for-whom");
    await next(agent);
    await fillTransfer(agent);
    await next(agent);
    await agent.locator(".review").waitFor();
    await agent.locator("button.submit").click();
    await agent.waitForURL(/\/receipt\/TB/);
    const receiptNo = await expectText(agent.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    await expectText(agent.locator(".receipt .applicant"), "张*");
    await expectText(agent.locator(".receipt .agent"), "李*华");
    await screenshot(agent, "family-receipt");
    await agent.goto(`${s.gateway.url}/applications/${receiptNo}`);
    await expectCount(agent.locator("button.revoke"), 1, "the agent may revoke it until the member objects");

    // The member sees it in 我的办件, with who filed it.
    await withEvidence(t, member, async () => {
      await open(member, s.gateway.url, "/me");
      await member.locator(`.application[data-receipt="${receiptNo}"] a`).click();
      await expectText(member.locator(".progress .agent"), "李*华");
      await screenshot(member, "family-member-progress");
      // 不同意此代办: recorded, then not offered again; the member may still revoke it.
      await member.locator("button.object", { hasText: "不同意此代办" }).click();
      // What objecting does is said first; the second tap, 确认不同意, records it.
      await expectTextIncludes(member.locator(".actions .confirm"), "只有您本人可以撤销");
      await member.locator("button.object", { hasText: "确认不同意" }).click();
      await expectCount(member.locator("button.object"), 0, "the objection is recorded once");
      await expectCount(member.locator("button.revoke"), 1, "the member may still revoke it");
    });
    // The agent may no longer revoke it.
    await agent.goto(`${s.gateway.url}/applications/${receiptNo}`);
    await expectText(agent.locator(".progress .agent"), "李*华");
    await expectCount(agent.locator("button.revoke"), 0, "the agent's revoke is gone after the objection");
  });
  await agent.context().close();
  await member.context().close();
});

test("elder mode: the invitation code is read-aloud digits in groups, 24 px or more", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/family");
    await page.locator("button.elder-toggle").click();
    await page.locator(".frame.elder").waitFor();
    const code = await invite(page);
    assert.match(code, /^\d{3} \d{3} \d{3}$/);
    const size = await page.locator("#family-code").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 24, `the code at least 24px in elder mode, got ${size}`);
    const box = await page.locator(".family-invite button[type=submit]").boundingBox();
    assert.ok(box.height >= 60, `elder targets at least 60px high, got ${box.height}`);
    await screenshot(page, "family-code-elder");
  });
  await page.context().close();
});

test("为谁申请 on a home visit: the agent asks for the bound member, who sees it in their own 我的预约 (elder mode)", async (t) => {
  const { agent, member } = await elderAgentAndMember(s.browser);
  await withEvidence(t, agent, async () => {
    await bind(s.gateway.url, agent, member, { agentName: AGENT_NAME });

    await open(agent, s.gateway.url, "/items/440000/gd-05");
    await askVisit(agent, {
      reason: "行动不便", address: "广州市越秀区梅花村街道某巷9号", phone: "13800138000", halves: [0, 2],
      forWhom: async (visit) => {
        const forWhom = visit.locator(".visit-for-whom");
        await expectCount(forWhom.locator(".choice"), 2, "本人 and the one bound member");
        // The member (…002X, a woman) is the agent's parent: his 母亲, told apart by her ID tail.
        await expectTextIncludes(forWhom.locator(".choice").nth(1), "张*（尾号002X，母亲）");
        const box = await forWhom.locator(".choice").nth(1).boundingBox();
        assert.ok(box.height >= 60, `the 为谁申请 choice at least 60px high in elder mode, got ${box.height}`);
        await forWhom.locator(".choice", { hasText: "母亲" }).click();
        await forWhom.locator(".hint").waitFor();
      },
    });
    await screenshot(agent, "family-visit-for-member");
    await agent.locator(".visit button[type=submit]").click();
    // The agent sees it while the binding lives.
    await expectText(agent.locator(".home-visit .status"), "待确认");

    // The visit is the member's: in their own 我的预约, on their own phone.
    await withEvidence(t, member, async () => {
      await open(member, s.gateway.url, "/appointments");
      await expectCount(member.locator(".home-visit"), 1, "the visit asked for the member");
      await expectText(member.locator(".home-visit .status"), "待确认");
      await screenshot(member, "family-visit-member-sees-it");
    });
    const mine = await api(s.gateway.url, "GET", "/me/appointments", { token: await tokenOf(member) });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.home_visits.length, 1);
    assert.equal(mine.body.home_visits[0].reason, "mobility");
  });
  await agent.context().close();
  await member.context().close();
});

/** A photo of a 户口本 page (a PNG drawn in the page). */
async function documentPhoto(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 800;
    c.height = 560;
    const g = c.getContext("2d");
    g.fillStyle = "#f4f1e8";
    g.fillRect(0, 0, 800, 560);
    g.fillStyle = "#222";
    g.font = "40px sans-serif";
    g.fillText("常住人口登记卡 李小宝 与户主关系：子", 40, 120);
    return c.toDataURL("image/png").split(",")[1];
  });
  return Buffer.from(b64, "base64");
}

test("为没有手机的家人申请: a 户口本 photo, consent, 待审核; a clerk approves and the member shows as bound", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/family");
    await page.locator("button.family-request-open").click();
    await page.locator("form.family-request").waitFor();
    await page.fill("#req-agent-name", AGENT_NAME);
    await page.selectOption("#req-relation", "child");
    await page.fill("#req-name", "李小宝");
    await page.selectOption("#req-id-type", "resident");
    await page.fill("#req-id-number", "440106201503010021");
    await page.selectOption("#req-region", "440000");
    // Sent without the document: stopped, and told so.
    await page.check("#req-consent");
    await page.locator("form.family-request button[type=submit]").click();
    await page.locator(".family-request .upload-row .error", { hasText: "请上传这项材料" }).waitFor();
    await page.setInputFiles("#material-file-0", { name: "户口本.png", mimeType: "image/png", buffer: await documentPhoto(page) });
    await page.locator(".family-request .uploaded li", { hasText: "户口本.png" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "family-request-filled");
    await page.locator("form.family-request button[type=submit]").click();
    await expectTextIncludes(page.locator(".family-request-notice"), "已提交");
    const pending = page.locator('.family-member[data-status="pending"]');
    await expectTextIncludes(pending, "李*宝（尾号0021，女儿）");
    await expectTextIncludes(pending, "待审核");
    await screenshot(page, "family-request-pending");

    // A clerk of the region reads the queue and approves the document.
    const queue = await api(s.gateway.url, "GET", "/operator/family/requests", { token: s.gateway.operatorToken });
    assert.equal(queue.status, 200);
    const request = queue.body.find((r) => r.member_name === "李*宝");
    assert.ok(request, `the request in the clerk's queue: ${JSON.stringify(queue.body)}`);
    assert.equal(request.region, "440000");
    const approved = await api(s.gateway.url, "POST", `/operator/family/requests/${request.id}/approve`, {
      token: s.gateway.operatorToken,
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));

    // The approval is stored (200 above): the list, loaded again, shows the binding live.
    await page.reload();
    await expectCount(page.locator('.family-member[data-status="live"]'), 1, "the member bound after the approval");
    await expectTextIncludes(page.locator('.family-member[data-status="live"]'), "李*宝（尾号0021，女儿）");
    await expectTextIncludes(page.locator('.family-member[data-status="live"]'), "已绑定");
    await screenshot(page, "family-request-approved");
  });
  await page.context().close();
});
