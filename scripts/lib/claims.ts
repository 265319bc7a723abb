// The load and chaos suites' summary: PASS/FAIL per claim, KNOWN for a check that fails today
// because of a product bug fixed elsewhere, and informational lines.
/** PASS/FAIL claims and informational lines, printed as one summary. */
export class Claims {
  private readonly rows: {
    pass: boolean | null;
    name: string;
    detail: string;
    known?: string;
  }[] = [];

  check(name: string, pass: boolean, detail = ""): boolean {
    this.rows.push({ pass, name, detail });
    return pass;
  }

  /**
   * A check that fails today because of a product bug being fixed elsewhere: printed KNOWN with
   * its reason when it fails (the check itself is unchanged), not counted in `failed`.
   */
  known(reason: string, name: string, pass: boolean, detail = ""): boolean {
    this.rows.push({ pass, name, detail, known: reason });
    return pass;
  }

  info(name: string, detail: string): void {
    this.rows.push({ pass: null, name, detail });
  }

  get failed(): number {
    return this.rows.filter((r) => r.pass === false && r.known === undefined).length;
  }

  print(title: string): string {
    const lines = [`\n${title}`];
    for (const row of this.rows) {
      const failed = row.known === undefined ? "  FAIL" : " KNOWN";
      const mark = row.pass === null ? "  info" : row.pass ? "  PASS" : failed;
      const reason = row.pass === false && row.known ? ` [known: ${row.known}]` : "";
      lines.push(`${mark}  ${row.name}${row.detail ? ` — ${row.detail}` : ""}${reason}`);
    }
    const passed = this.rows.filter((r) => r.pass === true).length;
    const known = this.rows.filter((r) => r.pass === false && r.known !== undefined).length;
    lines.push(
      `${passed} passed, ${this.failed} failed${known ? `, ${known} known failures` : ""}`,
    );
    const text = lines.join("\n");
    console.log(text);
    return text;
  }
}
