// 一次性告知 of an item whose notice names materials: each material with why it need not be
// handed in and the document that says so, and the rest left to the local office.
import { test } from "./support.mjs";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText, expectTextIncludes } from "./expect.mjs";
import { open } from "./journey-steps.mjs";

const s = suite();

test("the guide lists the materials its source names, each 免提交 with why and its source", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    await page.goto(`${s.gateway.url}/items/420800/jm-transfer`);
    await page.locator("#guide-title", { hasText: "医保关系转移接续" }).waitFor();
    const materials = page.locator(".materials .material");
    await expectCount(materials, 2, "the two materials JM 1 names");
    await expectText(materials.first().locator(".material-name"), "《基本医疗保险参保凭证》");
    await expectText(materials.first().locator(".material-exempt"), "免提交：已取消该材料要求");
    await expectTextIncludes(materials.first().locator(".material-source"), "（荆医保发〔2023〕18号）第一项");
    await expectText(page.locator(".materials-rest"), "其他材料以当地经办机构公布为准");
    await screenshot(page, "guide-materials");
  });
});
