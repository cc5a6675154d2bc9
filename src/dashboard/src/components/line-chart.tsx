/**
 * A small SVG line chart: one or more series over time, a grid, the maximum, and the time range. Drawn by
 * hand, no library; described in text for screen readers.
 * @module
 */
import { clock } from '../lib/format.js';

/** One line. */
export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  title: string;
  /** Start time of each point (ms). */
  times: number[];
  series: Series[];
  format: (v: number) => string;
  height?: number;
}

const W = 600;
const PAD = { l: 44, r: 8, t: 10, b: 20 };

/** The chart. */
export function LineChart({ title, times, series, format, height = 150 }: LineChartProps) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(...all, 0) || 1;
  const n = Math.max(times.length - 1, 1);
  const x = (i: number): number => PAD.l + ((W - PAD.l - PAD.r) * i) / n;
  const y = (v: number): number => PAD.t + (height - PAD.t - PAD.b) * (1 - v / max);
  const latest = series.map((s) => {
    const v = [...s.values].reverse().find((p) => p !== null);
    return `${s.name} ${v === undefined || v === null ? 'no data' : format(v)}`;
  });
  const label = `${title}: ${latest.join(', ')}; maximum ${format(max)} over the period`;
  return (
    <figure class="panel" style={{ margin: 0 }}>
      <figcaption class="legend">
        <strong style={{ color: 'var(--text)' }}>{title}</strong>
        {series.map((s) => (
          <span key={s.name}>
            <i style={{ background: s.color }} />
            {s.name}
          </span>
        ))}
      </figcaption>
      <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line class="grid" x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} />
            <text x={PAD.l - 4} y={y(max * f) + 3} text-anchor="end">
              {format(max * f)}
            </text>
          </g>
        ))}
        {series.map((s) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={s.color}
            stroke-width="2"
            stroke-linejoin="round"
            points={s.values
              .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
              .filter(Boolean)
              .join(' ')}
          />
        ))}
        {times.length > 0 && (
          <>
            <text x={PAD.l} y={height - 4}>
              {clock(times[0]!)}
            </text>
            <text x={W - PAD.r} y={height - 4} text-anchor="end">
              {clock(times[times.length - 1]!)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
