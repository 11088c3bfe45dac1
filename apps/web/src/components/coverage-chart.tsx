import type { CoverageHistory, CoverageStatus } from '@clearance/contracts';
import { count, formatDay, statusLabels } from '../lib/format';

/** Bottom to top: what is fine underneath, what needs work on top where the eye lands. */
const layers: CoverageStatus[] = ['covered', 'expiring', 'unproven', 'expired', 'uncovered'];
const width = 640;
const height = 180;
const left = 44;
const bottom = 22;

/** Stacked areas of assets per coverage status over time, drawn on the server as inline SVG. */
export function CoverageChart({ history }: { history: CoverageHistory }) {
  const points = history.points;
  if (points.length === 0) return <p className="muted">No counts recorded yet.</p>;
  // A single day still deserves a band, not a dot.
  const series = points.length === 1 ? [points[0]!, points[0]!] : points;
  const max = Math.max(1, ...series.map((p) => layers.reduce((sum, s) => sum + p.byStatus[s], 0)));
  const plotW = width - left - 8;
  const plotH = height - bottom - 8;
  const x = (i: number) => left + (i / (series.length - 1)) * plotW;
  const y = (v: number) => 8 + plotH - (v / max) * plotH;

  const below = series.map(() => 0);
  const paths = layers.map((status) => {
    const base = [...below];
    const top = series.map((p, i) => (below[i]! += p.byStatus[status]));
    const upper = top.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const lower = base.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse();
    return { status, d: `M${upper.join('L')}L${lower.join('L')}Z` };
  });

  const first = points[0]!;
  const last = points.at(-1)!;
  const summary = layers
    .filter((s) => first.byStatus[s] || last.byStatus[s])
    .map((s) => `${statusLabels[s]} ${count.format(first.byStatus[s])} → ${count.format(last.byStatus[s])}`)
    .join(', ');
  const ticks = [0, Math.round(max / 2), max];

  return (
    <figure className="chart">
      {/* No <title> inside the SVG: React hoists <title> elements into <head>, which breaks hydration here. */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Assets per coverage status, ${formatDay(first.day)} to ${formatDay(last.day)}: ${summary || 'no assets'}`}
        preserveAspectRatio="none"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} className="gridline" />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" className="tick">
              {count.format(t)}
            </text>
          </g>
        ))}
        {paths.map((p) => (
          <path key={p.status} d={p.d} className={`area-${p.status}`} />
        ))}
        <text x={left} y={height - 6} className="tick">
          {formatDay(first.day)}
        </text>
        <text x={width - 8} y={height - 6} textAnchor="end" className="tick">
          {formatDay(last.day)}
        </text>
      </svg>
      <figcaption>
        <ul className="legend">
          {layers.map((s) => (
            <li key={s}>
              <span className={`swatch area-${s}`} aria-hidden="true" /> {statusLabels[s]} {count.format(last.byStatus[s])}
            </li>
          ))}
        </ul>
        {points.some((p) => !p.recorded) && <p className="muted small">Days without a count carry the previous day&apos;s figures.</p>}
      </figcaption>
    </figure>
  );
}
