// A Playwright reporter that ends the run with the counts pkg-scripts/test adds up, in node:test's
// TAP words ("# pass N", "# fail N"): a flaky test (failed, then passed on its retry) counts as
// passed but is listed by name, as is every skipped test with its reason.
export default class SummaryReporter {
  onBegin(config, suite) {
    this.suite = suite;
  }

  onEnd() {
    const tests = this.suite.allTests();
    if (tests.every((t) => t.results.length === 0)) {
      console.log(`# listed ${tests.length}`); // --list: nothing ran
      return;
    }
    const by = (o) => tests.filter((t) => t.outcome() === o);
    const name = (t) => {
      const [proj, ...rest] = t.titlePath().filter(Boolean);
      return `[${proj}] ${rest.join(" › ")}`;
    };
    const lines = [
      `# tests ${tests.length}`,
      `# pass ${by("expected").length + by("flaky").length}`,
      `# fail ${by("unexpected").length}`,
      `# flaky ${by("flaky").length}`,
      `# skipped ${by("skipped").length}`,
    ];
    for (const t of by("flaky")) lines.push(`# flaky (passed on retry ${t.results.length - 1}): ${name(t)}`);
    for (const t of by("skipped")) {
      const why = t.annotations.concat(t.results.flatMap((r) => r.annotations ?? []))
        .filter((a) => a.type === "skip" || a.type === "fixme").map((a) => a.description).filter(Boolean);
      lines.push(`# skipped: ${name(t)}${why.length ? ` — ${why[0]}` : ""}`);
    }
    for (const t of by("unexpected")) lines.push(`# failed: ${name(t)}`);
    console.log(lines.join("\n"));
  }

  printsToStdio() {
    return true;
  }
}
