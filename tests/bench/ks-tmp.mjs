import { startGateway, launchBrowser, PHONE } from "../e2e/support.mjs";
const gw = await startGateway({ RUST_LOG: "warn" });
const browser = await launchBrowser();
const real = await (await fetch(`${gw.url}/api/v1/catalog?region=440000`)).json();
const n = 5000;
const items = Array.from({ length: n }, (_, k) => { const b = real.items[k % real.items.length]; return { ...b, id: `${b.id}-g${k}`, name: `${b.name}（${k}）` }; });
const body = JSON.stringify({ ...real, version: `bench-${n}`, items });
for (let run = 0; run < 2; run++) {
const context = await browser.newContext(PHONE);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await page.route((u) => u.pathname === "/", async (route) => {
  const res = await route.fetch();
  const html = (await res.text()).replace(/(<script type="application\/json" id="catalog">)[^<]*(<\/script>)/, (_, o, c) => o + body.replaceAll("<", "\\u003c") + c);
  await route.fulfill({ response: res, body: html });
});
await page.goto(gw.url);
await page.waitForSelector(".item-card");
await page.waitForLoadState("networkidle"); await page.waitForTimeout(1500);
const out = await page.evaluate(async () => {
  const input = document.querySelector("#search");
  const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
  const res = [];
  for (const value of ["备", "备案", "", "备", "备案", "", "报", "", "ydjy", "", "ydjy", ""]) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
    const t0 = performance.now();
    input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    await macrotask(); void document.body.offsetHeight;
    res.push(`${value || "-"}:${(performance.now() - t0).toFixed(1)}`);
    await macrotask();
  }
  return res.join(" ");
});
console.log(out);
await context.close();
}
await browser.close(); await gw.stop();
