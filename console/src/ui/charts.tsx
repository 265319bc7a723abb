// Small SVG charts, no library: a line chart over time and a horizontal bar chart. Each has a
// text label for screen readers and the numbers in a table under a disclosure.
export interface Series {
  name: string;
  /** y per point; null leaves a gap. */
  values: (number | null)[];
  className?: string;
}

const W = 640;
const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

export function LineChart({
  title,
  labels,
  series,
  unit = "",
  max,
}: {
  title: string;
  labels: string[];
  series: Series[];
  unit?: string;
  max?: number;
}) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = max ?? niceMax(Math.max(0, ...all));
  const n = Math.max(labels.length, 1);
  const x = (i: number) => PAD.left + (n === 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const ticks = [0, top / 2, top];
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: ${series.map((s) => s.name).join(", ")}`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="axis" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
              {unit}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % Math.ceil(n / 6) === 0 ? (
            <text key={label} className="axis" x={x(i)} y={H - 8} textAnchor="middle">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s, index) => {
          let d = "";
          s.values.forEach((v, i) => {
            if (v === null) return;
            d += `${d && s.values[i - 1] !== null ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          });
          return (
            <g key={s.name} className={s.className ?? `series-${index}`}>
              <path d={d} fill="none" />
              {s.values.map((v, i) =>
                v === null ? null : <circle key={labels[i] ?? i} cx={x(i)} cy={y(v)} r={2.5} />,
              )}
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {series.map((s, index) => (
          <li key={s.name} className={s.className ?? `series-${index}`}>
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[i] ?? "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function BarChart({
  title,
  bars,
  unit = "",
}: {
  title: string;
  bars: { label: string; value: number; detail?: string }[];
  unit?: string;
}) {
  const top = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  return (
    <figure className="chart bars">
      <figcaption>{title}</figcaption>
      <ul aria-label={title}>
        {bars.map((bar) => (
          <li key={bar.label}>
            <span className="bar-label">{bar.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ width: `${(bar.value / top) * 100}%` }} />
            </span>
            <span className="bar-value">
              {bar.value}
              {unit}
              {bar.detail ? ` · ${bar.detail}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
