import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the parts the reports draw, so the chart code stays small (and it loads with the Reports page only).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);
Chart.defaults.font.family = "'Segoe UI Variable', 'Segoe UI', system-ui, -apple-system, sans-serif";
Chart.defaults.color = '#424242';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  color: string;
}

/** The chart's figures in one sentence, for the canvas's accessible name. */
function summarise(labels: readonly string[], series: readonly ChartSeries[]): string {
  return labels
    .map((label, index) =>
      series.length === 1
        ? `${label}: ${series[0]?.values[index] ?? 0}`
        : `${label}: ${series.map((one) => `${one.label} ${one.values[index] ?? 0}`).join(', ')}`,
    )
    .join('; ');
}

/**
 * A chart drawn by Chart.js on a canvas: an image to assistive technology, named by its title and
 * its figures (the same figures are in the table beside it). No animation, so what is drawn is
 * final at once.
 */
function CanvasChart({
  title,
  config,
  summary,
  height = 240,
}: {
  title: string;
  config: ChartConfiguration;
  summary: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const serialised = JSON.stringify(config);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
    // The configuration is compared by value: a new object with the same figures draws nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialised]);
  return (
    <div className="ap-chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`}>
        {summary}
      </canvas>
    </div>
  );
}

export function BarChart({
  title,
  labels,
  series,
  stacked = false,
  horizontal = false,
}: {
  title: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  stacked?: boolean;
  /** Bars along the y axis, one row per label (long labels such as failure reasons). */
  horizontal?: boolean;
}) {
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: [...labels],
      datasets: series.map((one) => ({
        label: one.label,
        data: [...one.values],
        backgroundColor: one.color,
        borderRadius: 3,
        maxBarThickness: 36,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: series.length > 1, position: 'bottom' } },
      scales: {
        x: { stacked, grid: { display: horizontal }, ticks: { precision: 0 } },
        y: { stacked, beginAtZero: true, grid: { display: !horizontal }, ticks: { precision: 0 } },
      },
    },
  };
  return (
    <CanvasChart
      title={title}
      config={config as ChartConfiguration}
      summary={summarise(labels, series)}
      height={horizontal ? Math.max(160, 36 * labels.length + 60) : 240}
    />
  );
}

export function DoughnutChart({
  title,
  labels,
  values,
  colors,
}: {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  colors: readonly string[];
}) {
  const config: ChartConfiguration<'doughnut'> = {
    type: 'doughnut',
    data: {
      labels: [...labels],
      datasets: [{ data: [...values], backgroundColor: [...colors], borderWidth: 2, borderColor: '#ffffff' }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      cutout: '60%',
      plugins: { legend: { position: 'right' } },
    },
  };
  return (
    <CanvasChart
      title={title}
      config={config as ChartConfiguration}
      summary={summarise(labels, [{ label: title, values, color: '' }])}
    />
  );
}
