// One thing per page: what each page of a journey an elderly person takes is checked for —
// one main button, the axe audit, and (at 200 % text) nothing that does not fit; and the
// screenshot a reviewer reads.
import assert from "node:assert/strict";
import { screenshot } from "./support.mjs";
import { audit } from "./a11y.mjs";

/** The main buttons a person sees on the page now: visible `.primary` buttons and links. */
export async function mainButtons(page) {
  return page.evaluate(() => [...document.querySelectorAll("main .primary, main button[type=submit].primary")]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
    })
    .map((el) => el.textContent.trim()));
}

/** The page as it is now: its screenshot, the axe audit, exactly one main button. */
export async function onePage(page, name) {
  await screenshot(page, name);
  await audit(page, name);
  const main = await mainButtons(page);
  assert.equal(main.length, 1, `${name}: one main button, found ${JSON.stringify(main)}`);
}

/** At 200 % text (after `textAt200`): nothing on the page now sticks out or is cut off. */
export async function fitsAt200(page, name) {
  const found = await page.evaluate(misfits);
  if (found.length) await screenshot(page, `text-200-${name}`);
  assert.deepEqual(found, [], `${name} at 200 % text`);
}

/** Doubles the text before the app loads: a constructed style sheet, which the CSP allows. */
export async function textAt200(page) {
  await page.addInitScript(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(":root, .frame { --font: 32px !important; } .frame.elder { --font: 48px !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
}

/** What does not fit: sideways scrolling, elements past the viewport's edges, clipped text. */
export function misfits() {
  const vw = document.documentElement.clientWidth;
  const found = [];
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")}`;
  if (document.documentElement.scrollWidth > vw + 1) found.push(`the page is ${document.documentElement.scrollWidth} px wide in ${vw}`);
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || style.visibility === "hidden" || box.width <= 1 || box.height <= 1) continue;
    if (box.right > vw + 1 || box.left < -1) found.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    const hides = /hidden|clip/.test(style.overflowX + style.overflowY) || style.textOverflow === "ellipsis";
    if (hides && el.textContent.trim() && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      found.push(`${name(el)} cuts its text (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
    }
  }
  return found;
}

