// 为谁办理 on a form (长辈版, where it is a page of its own before the form's first question): switching the
// person the form is for never carries the previous person's answers over. With answers given, the switch says what it clears and waits for a
// second tap; 不改了 keeps everything; 清空并改为此人 starts an empty form for the new person.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { screenshot, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectTextIncludes, expectValue } from "./expect.mjs";
import { APPLICANT, backPage, bind, elderAgentAndMember, AGENT, field, open, pickRegion, toField } from "./journey-steps.mjs";
import { onePage } from "./one-thing.mjs";

const s = suite();
const AGENT_NAME = AGENT.name;

test("长辈版 为谁办理: switching the person asks first, then starts an empty form for the new one", async (t) => {
  const { agent, member } = await elderAgentAndMember(s.browser);
  await withEvidence(t, agent, async () => {
    await bind(s.gateway.url, agent, member, { agentName: AGENT_NAME });

    // For the member: the applicant from the binding, then the member's own transfer answers.
    await open(agent, s.gateway.url, "/apply/440000/gd-17");
    const forWhom = agent.locator(".for-whom");
    await forWhom.waitFor();
    // 为谁办理 is a page of its own, before the form's first question.
    await expectCount(field(agent, "applicant.name"), 0, "no question of the form on the 为谁办理 page");
    await onePage(agent, "for-whom-page-elder");
    await forWhom.locator("label", { hasText: "母亲" }).click();
    await toField(agent, "applicant.name");
    await expectValue(field(agent, "applicant.name"), APPLICANT.name);
    await toField(agent, "transfer.direction");
    await field(agent, "transfer.direction").selectOption("in");
    await toField(agent, "transfer.from_region");
    await pickRegion(agent, "transfer.from_region", ["湖南省", "永州市", "零陵区"]);
    await expectCount(forWhom, 0, "为谁办理 is asked on the first page only");

    // Back to the first page, then to 本人: nothing changes until the consequence has been read
    // and confirmed.
    for (let i = 0; i < 8 && !(await forWhom.count()); i++) await backPage(agent);
    await forWhom.locator("label", { hasText: "本人" }).click();
    const confirm = forWhom.locator(".confirm-switch");
    await expectTextIncludes(confirm, "换成本人后，已为张*");
    await expectTextIncludes(confirm, "将清空");
    await expectTextIncludes(confirm, "不能恢复");
    await onePage(agent, "for-whom-switch-confirm-elder");
    await confirm.locator("button.confirm-switch-no").click();
    await expectCount(forWhom.locator(".confirm-switch"), 0, "不改了 closes the question");
    const draft = () => agent.evaluate(() => JSON.parse(localStorage.getItem("tongban.draft.440000.gd-17") ?? "null"));
    await eventually(draft, (d) => d?.member && d.values["transfer.direction"] === "in" && d.values["transfer.from_region"] === "431102",
      "the member's answers kept");
    assert.equal(await forWhom.locator('input[name="for-whom"]:checked').getAttribute("value") !== "self", true,
      "the member is still the one chosen");

    await forWhom.locator("label", { hasText: "本人" }).click();
    await forWhom.locator(".confirm-switch button.confirm-switch-yes").click();
    await expectCount(forWhom.locator(".confirm-switch"), 0, "the switch is done");
    // An empty form, from its first step: none of the member's answers is kept, on the page or
    // in the draft on the device.
    await toField(agent, "applicant.name");
    await expectValue(field(agent, "applicant.name"), "");
    const kept = await eventually(
      () => agent.evaluate(() => JSON.parse(localStorage.getItem("tongban.draft.440000.gd-17") ?? "null")),
      (d) => d !== null && !d.member, "the draft for 本人");
    assert.deepEqual(Object.keys(kept.values).filter((k) => kept.values[k] !== ""), [], "no answer carried over");
    await screenshot(agent, "for-whom-switched-elder");
  });
  await agent.context().close();
  await member.context().close();
});
