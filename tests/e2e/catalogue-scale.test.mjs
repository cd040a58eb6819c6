// Thousands of items: a 5,000-item catalogue (the region's real items repeated under new ids and
// names, as in the bench) shows its first 20 cards and a 显示更多 button, not 5,000 cards; the
// button adds 20 more; a search looks through all 5,000 and clearing it goes back to 20.
import { test } from "./support.mjs";
import { phonePage, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText } from "./expect.mjs";
import { open } from "./journey-steps.mjs";

const s = suite();
const N = 5000;

async function bigCatalogue(url) {
  const real = await (await fetch(`${url}/api/v1/catalog?region=440000`)).json();
  const items = Array.from({ length: N }, (_, k) => {
    const base = real.items[k % real.items.length];
    return { ...base, id: `${base.id}-g${k}`, name: `${base.name}（${k}）` };
  });
  return JSON.stringify({ ...real, version: `scale-${N}`, items });
}

// The gateway puts the default region's catalogue in index.html (routes/app.rs), each item cut
// to the members a list reads: the big one replaces it there, cut to the same members (those of
// the page's own block) and escaped the same way.
async function withCatalogInPage(page, body) {
  const block = /(<script type="application\/json" id="catalog">)([^<]*)(<\/script>)/;
  await page.route((u) => u.pathname === "/", async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    const members = Object.keys(JSON.parse(html.match(block)[2]).items[0]);
    const big = JSON.parse(body);
    const cut = (item) => Object.fromEntries(members.map((k) => [k, item[k]]));
    const listing = JSON.stringify({ ...big, items: big.items.map(cut) });
    await route.fulfill({ response: res, body: html.replace(block, (_, open, _old, close) => open + listing.replaceAll("<", "\\u003c") + close) });
  });
}

test("5,000 items: 20 cards at first, 20 more per 显示更多, a search over all of them", async (t) => {
  const page = await phonePage(s.browser);
  const body = await bigCatalogue(s.gateway.url);
  await page.route((u) => u.pathname === "/api/v1/catalog",
    (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
  await withCatalogInPage(page, body);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    const cards = page.locator(".item-card");
    const more = page.locator("button.more-items");
    await expectCount(cards, 20, "only the first 20 cards are rendered");
    await expectText(more, `显示更多事项（还有 ${N - 20} 项）`);

    await more.click();
    await expectCount(cards, 40, "显示更多 adds 20 cards");
    await expectText(more, `显示更多事项（还有 ${N - 40} 项）`);

    // The search looks through every item, not only the rendered ones.
    await page.locator("#search").fill("（4999）");
    await expectCount(cards, 1, "the last item is found");
    await expectCount(more, 0, "nothing left to show");

    await page.locator("#search").fill("");
    await expectCount(cards, 20, "clearing the search shows the first 20 again");
    await expectText(more, `显示更多事项（还有 ${N - 20} 项）`);
  });
});
