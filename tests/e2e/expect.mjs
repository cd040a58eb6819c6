// Bounded waits for page state. The app renders in a microtask after an event and moves the
// focus in a timer after the render, and any Chromium build may be faster or slower at either:
// so an assertion about the page after an action waits for the state it expects, up to a bound,
// and fails naming what it saw last when the state never comes. A single read right after an
// action, or a fixed sleep, is never an assertion here.
import assert from "node:assert/strict";

/** How long a state may take to arrive before the assertion fails. */
export const STATE_TIMEOUT = 10_000;
const POLL = 25;

/**
 * Reads `read()` until `holds(value)`; resolves to that value. A read that throws (the element
 * is not there yet) counts as not yet. Fails after `timeout` ms with `what` and the last value.
 */
export async function eventually(read, holds, what, timeout = STATE_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    let ok = false;
    try {
      last = await read();
      ok = holds(last);
    } catch (err) {
      last = `(${err.message.split("\n")[0]})`;
    }
    if (ok) return last;
    if (Date.now() >= deadline) assert.fail(`${what}: after ${timeout} ms it is ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL));
  }
}

const quick = { timeout: POLL * 4 };
const matches = (expected) => (v) => (expected instanceof RegExp ? expected.test(v) : v === expected);

/** The element's trimmed text becomes `expected` (a string, or a RegExp it matches); resolves to it. */
export function expectText(locator, expected, what = `text of ${locator}`) {
  return eventually(async () => (await locator.textContent(quick)).trim(), matches(expected), what);
}

/** The element's text comes to include `part`; resolves to the whole text. */
export function expectTextIncludes(locator, part, what = `text of ${locator} includes ${part}`) {
  return eventually(async () => await locator.textContent(quick), (v) => v.includes(part), what);
}

/** The number of elements the locator matches becomes `n`. */
export function expectCount(locator, n, what = `count of ${locator}`) {
  return eventually(() => locator.count(), (c) => c === n, what);
}

/** The input's value becomes `expected`. */
export function expectValue(locator, expected, what = `value of ${locator}`) {
  return eventually(() => locator.inputValue(quick), matches(expected), what);
}

/** The element with this id gets the focus. */
export function expectFocus(page, id, what = `focus on #${id}`) {
  return eventually(() => page.evaluate(() => document.activeElement?.id ?? null), (v) => v === id, what);
}

/** `fn(arg)` evaluated in the page comes to satisfy `holds`; resolves to its value. */
export function expectInPage(page, fn, arg, holds, what) {
  return eventually(() => page.evaluate(fn, arg), holds, what);
}
