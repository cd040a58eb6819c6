// Following an application: lookup by receipt number + verifier (never in a URL), revoking a
// filing made under Jingmen's 承诺制 and one waiting for the office in Guangdong, and the messages
// inbox with its unread badge after an operator move.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { appReady, OTHER_ID, phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectFocus, expectText, expectTextIncludes, expectValue } from "./expect.mjs";
import {
  APPLICANT, open, field, fillApplicant, next, api, citizen, transferForm,
  todayInChina, pageToken, pickRegion,
} from "./journey-steps.mjs";

const s = suite();

async function submitTransfer(token) {
  const r = await api(s.gateway.url, "POST", "/applications", {
    token, body: { region: "440000", item: "gd-17", form: transferForm() },
    headers: { "idempotency-key": `e2e-${Date.now()}-${Math.random()}` },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.receipt_no;
}

test("anyone with the receipt number and the verifier sees the progress; the verifier is never in a URL", async (t) => {
  const receiptNo = await submitTransfer(await citizen(s.gateway.url));
  // Anyone: someone other than the applicant, whose own session would read it without a verifier.
  const page = await phonePage(s.browser, { realName: OTHER_ID });
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/me");
    await page.fill("#lookup-no", receiptNo);
    await page.fill("#lookup-verifier", "000000");
    await page.locator(".lookup button[type=submit]").click();
    await page.locator(".lookup-result .failure").waitFor();

    await page.fill("#lookup-verifier", APPLICANT.verifier.toLowerCase());
    await page.locator(".lookup button[type=submit]").click();
    await page.locator(".lookup-result .timeline .event").first().waitFor();
    await expectText(page.locator(".lookup-result .receipt-no"), receiptNo);
    await expectText(page.locator(".lookup-result .status"), "已提交");
    assert.ok(urls.every((u) => !u.toUpperCase().includes(APPLICANT.verifier)), "no URL carries the verifier");
  });
});

test("the receipt number is shown in groups of four that never wrap inside a group (长辈版, 390 px), and is found typed back with spaces and an O", async (t) => {
  // Numbers are random: submit until one holds a 0, to be typed back as O (40 % a try).
  const token = await citizen(s.gateway.url);
  let receiptNo = await submitTransfer(token);
  for (let i = 0; i < 30 && !receiptNo.includes("0"); i++) receiptNo = await submitTransfer(token);
  assert.ok(receiptNo.includes("0"), `a number with a 0: ${receiptNo}`);
  const page = await phonePage(s.browser);
  await page.addInitScript(() => localStorage.setItem("tongban.elder", "true"));
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, `/receipt/${receiptNo}`);
    await page.locator(".frame.elder").waitFor();
    const groups = page.locator(".receipt-box .receipt-no .receipt-group");
    await expectCount(groups, 5, "TB + 16 characters in groups of four: 4 + 4 + 4 + 4 + 2");
    const texts = await groups.allTextContents();
    assert.deepEqual(texts.map((g) => g.length), [4, 4, 4, 4, 2], texts.join(" "));
    assert.equal(texts.join(""), receiptNo, "the groups are the number, in order");
    await expectText(page.locator(".receipt-box .receipt-no"), receiptNo, "copies as stored: no text between groups");
    // Each group is one line high: a line breaks between groups, never inside one.
    const boxes = await groups.evaluateAll((els) => els.map((el) => {
      const style = getComputedStyle(el);
      return { height: el.getBoundingClientRect().height, font: parseFloat(style.fontSize), space: style.whiteSpace };
    }));
    for (const [i, b] of boxes.entries()) {
      assert.equal(b.space, "nowrap", `group ${texts[i]} does not wrap`);
      assert.ok(b.height > 0 && b.height < 1.9 * b.font, `group ${texts[i]} is on one line: ${JSON.stringify(b)}`);
      assert.equal(Math.round(b.height), Math.round(boxes[0].height), `group ${texts[i]} is as high as the first`);
    }
    await screenshot(page, "receipt-groups-elder");

    // Typed back as a person reads it off the paper: lower case, spaces, O for 0.
    const typed = texts.join("  ").toLowerCase().replaceAll("0", "O");
    await open(page, s.gateway.url, "/me");
    await page.fill("#lookup-no", typed);
    await page.fill("#lookup-verifier", APPLICANT.verifier);
    await page.locator(".lookup button[type=submit]").click();
    await page.locator(".lookup-result .timeline .event").first().waitFor();
    await expectText(page.locator(".lookup-result .receipt-no"), receiptNo, "found, and shown as stored");
    assert.equal(await page.locator(".lookup-result .receipt-no .receipt-group").count(), 5);
  });
});

/** Fills a retiree's filing of `region`'s item up to the step after the filing answers. */
async function fillRetireeFiling(page, region, item) {
  await open(page, s.gateway.url, `/apply/${region}/${item}`);
  await fillApplicant(page);
  await next(page);
  await field(page, "filing.type").selectOption("retiree");
  await pickRegion(page, "filing.destination", ["海南省", "海口市"]);
  await field(page, "filing.start_date").fill(todayInChina());
  await field(page, "filing.commitment").check();
  await next(page);
}

/** Withdraws the application shown on the receipt page and waits for 已撤销. */
async function revokeFromReceipt(page) {
  await page.locator("a", { hasText: "查看办理进度" }).click();
  await page.locator("button.revoke").click();
  await page.locator(".confirm").waitFor();
  await page.locator("button.revoke").click();
  await page.locator(".progress .status", { hasText: "已撤销" }).waitFor();
  await expectCount(page.locator("button.revoke"), 0, "nothing left to revoke");
}

// Jingmen's measure 13 (荆医保发〔2023〕18号): 承诺制 filing, documents generated; the system's approval
// is the self-service terminal's, so a phone filing waits for the office.
test("a Jingmen filing under 承诺制 is signed, waits for the office, and is revoked by the applicant", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await fillRetireeFiling(page, "420800", "jm-filing-retiree");

    // The generated letter and 备案登记表, signed before going on.
    await page.locator(".letter").first().waitFor();
    // The rules crate's documents: the 备案登记表 and the 承诺书, with the answers and 依据 in full.
    await expectCount(page.locator(".document"), 2, "备案登记表 and 承诺书");
    const docs = await page.locator(".document").allTextContents();
    assert.ok(docs[0].startsWith("异地就医备案登记表") && docs[0].includes(APPLICANT.name));
    assert.ok(docs[1].startsWith("异地就医备案个人承诺书") && docs[1].includes("通过自助服务终端撤销备案"));
    for (const doc of docs) {
      assert.ok(doc.includes("荆门市医疗保障局《市医疗保障局关于落实医保服务二十七项便民措施的通知》（荆医保发〔2023〕18号）第十三项"), doc);
      assert.ok(!/JM ?\d/.test(doc), `no short key in ${doc}`);
    }
    await screenshot(page, "filing-documents");
    await expectTextIncludes(page.locator(".commitment"), "异地就医备案登记表");
    await next(page);
    await page.locator("#sign-error").waitFor();
    await page.locator("#sign").check();
    await next(page);
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    // JM 13's automatic approval is the self-service terminal's: a phone filing waits for the office.
    await expectText(page.locator(".status-label"), "已提交");
    await revokeFromReceipt(page);
  });
});

// Guangdong (粤医保发〔2021〕29号) and the national notice (医保发〔2022〕22号) as far as we can cite it
// say nothing of 承诺制 or approval by the system: the filing waits for the office like any 承诺件.
test("a Guangdong filing has no 承诺书, waits for the office, and may be withdrawn before acceptance", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await fillRetireeFiling(page, "440000", "gd-13");
    await page.locator(".review").waitFor();
    await expectCount(page.locator(".document"), 0, "no 承诺制 documents to sign");
    await expectCount(page.locator("#sign"), 0, "nothing to sign");
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    await expectText(page.locator(".status-label"), "已提交");
    await revokeFromReceipt(page);
  });
});

test("an operator's move reaches the inbox: unread badge, then read", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/me");
    await page.waitForFunction(() => localStorage.getItem("tongban.session"));
    const receiptNo = await submitTransfer(await pageToken(page));
    const moved = await api(s.gateway.url, "POST", `/operator/applications/${receiptNo}/accept`, {
      token: s.gateway.operatorToken, body: {},
    });
    assert.equal(moved.status, 200, `operator accept: ${JSON.stringify(moved.body)}`);

    await page.reload();
    await page.locator(`.application[data-receipt="${receiptNo}"]`).waitFor();
    await expectText(page.locator(".unread-badge"), /^[1-9]\d*$/, "an unread count of at least 1");

    await page.locator(".messages-link").click();
    await page.locator(".notification").first().waitFor();
    await expectTextIncludes(page.locator(".notifications"), "已受理");
    await screenshot(page, "messages");
    await page.locator("a.brand").click();
    await page.locator("#home-title").waitFor();
    await expectCount(page.locator(".unread-badge"), 0, "read once the inbox was opened");
  });
});

/** A 3000×2000 PNG drawn in the page, like a phone camera's photo of an invoice. */
async function bigPhoto(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 3000;
    c.height = 2000;
    const g = c.getContext("2d");
    g.fillStyle = "#f4f1e8";
    g.fillRect(0, 0, 3000, 2000);
    g.fillStyle = "#222";
    g.font = "120px sans-serif";
    for (let y = 200; y < 2000; y += 240) g.fillText(`医疗费用票据 第${y}行 金额 123.45 元`, 120, y);
    return c.toDataURL("image/png").split(",")[1];
  });
  return Buffer.from(b64, "base64");
}

/** The width and height a JPEG's SOF marker declares. */
function jpegSize(bytes) {
  assert.equal(bytes[0], 0xff);
  assert.equal(bytes[1], 0xd8, "a JPEG");
  for (let i = 2; i < bytes.length; ) {
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  throw new Error("no SOF marker");
}

test("returned for correction: the answers come back, the asked material is photographed, shrunk and sent, then resubmitted", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await fillApplicant(page);
    await next(page);
    await field(page, "transfer.direction").selectOption("in");
    await pickRegion(page, "transfer.from_region", ["湖南省", "永州市", "零陵区"]);
    await pickRegion(page, "transfer.to_region", ["广东省", "广州市", "天河区"]);
    await field(page, "transfer.insurance_type").selectOption("employee");
    await next(page);
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    const receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    const returned = await api(s.gateway.url, "POST", `/operator/applications/${receiptNo}/return`, {
      token: s.gateway.operatorToken, body: { note: "转出地填写不完整，请写到县（区）", materials: ["参保缴费凭证"] },
    });
    assert.equal(returned.status, 200, `operator return: ${JSON.stringify(returned.body)}`);

    await page.goto(`${s.gateway.url}/applications/${receiptNo}`);
    await page.locator(".asked").waitFor();
    await expectTextIncludes(page.locator(".asked"), "参保缴费凭证");
    // The first attempt to fetch the stored answers is lost: a calm notice with 重试, no form.
    await page.route("**/api/v1/applications/*/form", (route) => route.abort(), { times: 1 });
    await page.locator("a.resubmit").click();
    await page.locator(".apply .notice button", { hasText: "重试" }).click();
    await expectValue(field(page, "applicant.name"), APPLICANT.name, "the answers come back");
    await page.locator(".apply .asked", { hasText: "参保缴费凭证" }).waitFor();
    await next(page);
    await pickRegion(page, "transfer.from_region", ["湖南省", "永州市", "冷水滩区"]);
    await next(page);

    // The materials step: going on without the asked material is stopped at it.
    await page.locator(".uploads .material-name", { hasText: "参保缴费凭证" }).waitFor();
    await next(page);
    await page.locator(".upload-row .error", { hasText: "请上传这项材料" }).waitFor();
    await expectFocus(page, "material-file-0", "the focus moves to the missing material");

    // A slow uplink, so the progress bar is seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 100, downloadThroughput: 200_000, uploadThroughput: 40_000,
    });
    const photo = await bigPhoto(page);
    await page.setInputFiles("#material-file-0", { name: "凭证.png", mimeType: "image/png", buffer: photo });
    await page.locator(".sending progress").waitFor();
    await screenshot(page, "upload-progress");
    await page.locator(".uploaded li", { hasText: "凭证.png" }).waitFor({ timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
    });
    await screenshot(page, "upload-done");

    // The upload is part of the draft: a reload keeps it.
    await page.reload();
    await appReady(page);
    await page.locator(".uploaded li", { hasText: "凭证.png" }).waitFor();
    await next(page);
    await page.locator(".uploaded-review", { hasText: "参保缴费凭证" }).waitFor();
    await page.locator("button.submit").click();
    await page.waitForURL(new RegExp(`/applications/${receiptNo}$`));
    await page.locator(".progress .status", { hasText: "已提交" }).waitFor();
    await page.locator(".on-file li", { hasText: "参保缴费凭证" }).waitFor();
    await expectCount(page.locator("a.resubmit"), 0, "nothing left to correct");

    // What reached the office is the photo shrunk on the phone: a JPEG at most 1600 px wide.
    const seen = await api(s.gateway.url, "GET", `/operator/applications/${receiptNo}`, { token: s.gateway.operatorToken });
    const file = seen.body.attachments?.[0];
    assert.equal(file?.material, "参保缴费凭证", JSON.stringify(seen.body));
    assert.equal(file.content_type, "image/jpeg");
    assert.ok(file.size < photo.length, `shrunk: ${file.size} < ${photo.length}`);
    const res = await fetch(`${s.gateway.url}/api/v1/attachments/${file.id}`, {
      headers: { authorization: `Bearer ${s.gateway.operatorToken}` },
    });
    assert.deepEqual(jpegSize(Buffer.from(await res.arrayBuffer())), { width: 1600, height: 1067 });
  });
});

test("after 办结 the citizen rates the service; a bad grade needs a reason", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/me");
    await page.waitForFunction(() => localStorage.getItem("tongban.session"));
    const receiptNo = await submitTransfer(await pageToken(page));
    for (const move of ["accept", "complete"]) {
      const r = await api(s.gateway.url, "POST", `/operator/applications/${receiptNo}/${move}`, { token: s.gateway.operatorToken, body: {} });
      assert.equal(r.status, 200, `operator ${move}: ${JSON.stringify(r.body)}`);
    }
    await page.goto(`${s.gateway.url}/applications/${receiptNo}`);
    await page.locator(".progress .status", { hasText: "办结" }).waitFor();
    await page.locator('label[for="grade-1"]').click();
    await page.locator(".rating button[type=submit]").click();
    await page.locator(".actions .failure", { hasText: "原因" }).waitFor();
    await expectFocus(page, "rating-reason", "the focus moves to the reason");
    await page.fill("#rating-reason", "等待时间太长");
    await page.locator(".rating button[type=submit]").click();
    await page.locator(".rated", { hasText: "非常不满意" }).waitFor();
    await screenshot(page, "progress-rated");
  });
});
