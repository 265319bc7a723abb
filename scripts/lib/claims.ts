// The load and chaos suites' summary: PASS/FAIL per claim and informational lines.
/** PASS/FAIL claims and informational lines, printed as one summary. */
export class Claims {
  private readonly rows: { pass: boolean | null; name: string; detail: string }[] = [];

  check(name: string, pass: boolean, detail = ""): boolean {
    this.rows.push({ pass, name, detail });
    return pass;
  }

  info(name: string, detail: string): void {
    this.rows.push({ pass: null, name, detail });
  }

  get failed(): number {
    return this.rows.filter((r) => r.pass === false).length;
  }

  print(title: string): string {
    const lines = [`\n${title}`];
    for (const row of this.rows) {
      const mark = row.pass === null ? "  info" : row.pass ? "  PASS" : "  FAIL";
      lines.push(`${mark}  ${row.name}${row.detail ? ` — ${row.detail}` : ""}`);
    }
    const passed = this.rows.filter((r) => r.pass === true).length;
    lines.push(`${passed} passed, ${this.failed} failed`);
    const text = lines.join("\n");
    console.log(text);
    return text;
  }
}
