import { LineCapStyle, rgb, type PDFPage } from 'pdf-lib';
import type { FontFamily } from './fonts';
import { drawText, drawTextCentered, drawTextRightAligned, fitText } from './text';

/**
 * A trend chart drawn as vector graphics: measurements over a date range as a line with a marker
 * per measurement, a y axis in the measure's unit with rounded ticks, dated x ticks, and the goal
 * target as a dashed line. Values and labels are text, so a reader can extract them.
 */

export interface ChartPoint {
  /** `YYYY-MM-DD` or a date-time. */
  at: string;
  value: number;
}

export interface TrendChart {
  title: string;
  /** The unit as printed on the axis, e.g. `m`, `s`, `m/s`; empty for a count or score. */
  unit: string;
  points: readonly ChartPoint[];
  /** The goal value the line should reach. */
  target?: number;
  /** The dates the x axis spans (`YYYY-MM-DD`). */
  from: string;
  to: string;
}

export interface Box {
  x: number;
  /** Bottom edge. */
  y: number;
  width: number;
  height: number;
}

const AXIS = rgb(0.3, 0.3, 0.3);
const GRID = rgb(0.86, 0.86, 0.86);
const SERIES = rgb(0.1, 0.3, 0.6);
const TARGET = rgb(0.1, 0.5, 0.25);
const MUTED = rgb(0.35, 0.35, 0.35);
const TITLE_SIZE = 7;
const LABEL_SIZE = 5.5;
const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function drawTrendChart(page: PDFPage, box: Box, chart: TrendChart, fonts: FontFamily): void {
  const title = { font: fonts.bold, size: TITLE_SIZE };
  const label = { font: fonts.regular, size: LABEL_SIZE, color: MUTED };
  const titleText = chart.unit ? `${chart.title} (${chart.unit})` : chart.title;
  drawText(page, fitText(titleText, box.width, title), box.x, box.y + box.height - fonts.bold.ascentAt(TITLE_SIZE), title);

  const ticks = valueTicks([...chart.points.map((point) => point.value), ...(chart.target === undefined ? [] : [chart.target])]);
  const tickLabels = ticks.values.map((value) => formatTick(value, ticks.step));
  const labelWidth = Math.max(...tickLabels.map((text) => fonts.regular.widthOf(text, LABEL_SIZE)));
  const plot = {
    left: box.x + labelWidth + 3,
    right: box.x + box.width - 2,
    bottom: box.y + LABEL_SIZE + 4,
    top: box.y + box.height - TITLE_SIZE - 6,
  };
  const start = Date.parse(`${chart.from.slice(0, 10)}T00:00:00Z`);
  const end = Math.max(Date.parse(`${chart.to.slice(0, 10)}T00:00:00Z`), start + DAY);
  const xOf = (at: string) => plot.left + ((Date.parse(at.length === 10 ? `${at}T12:00:00Z` : at) - start) / (end - start)) * (plot.right - plot.left);
  const yOf = (value: number) => plot.bottom + ((value - ticks.min) / (ticks.max - ticks.min)) * (plot.top - plot.bottom);

  ticks.values.forEach((value, index) => {
    const y = yOf(value);
    if (index > 0) page.drawLine({ start: { x: plot.left, y }, end: { x: plot.right, y }, thickness: 0.3, color: GRID });
    drawTextRightAligned(page, tickLabels[index]!, plot.left - 2, y - LABEL_SIZE * 0.35, label);
  });
  page.drawLine({ start: { x: plot.left, y: plot.bottom }, end: { x: plot.left, y: plot.top }, thickness: 0.6, color: AXIS });
  page.drawLine({ start: { x: plot.left, y: plot.bottom }, end: { x: plot.right, y: plot.bottom }, thickness: 0.6, color: AXIS });

  let lastLabelRight = -Infinity;
  for (const tick of dateTicks(start, end)) {
    const x = plot.left + ((tick - start) / (end - start)) * (plot.right - plot.left);
    const text = formatDay(tick);
    const half = fonts.regular.widthOf(text, LABEL_SIZE) / 2;
    if (x - half < lastLabelRight + 3 || x + half > box.x + box.width) continue;
    page.drawLine({ start: { x, y: plot.bottom }, end: { x, y: plot.bottom - 2 }, thickness: 0.6, color: AXIS });
    drawTextCentered(page, text, x, box.y + 1, label);
    lastLabelRight = x + half;
  }

  if (chart.target !== undefined) {
    const y = yOf(chart.target);
    page.drawLine({ start: { x: plot.left, y }, end: { x: plot.right, y }, thickness: 0.7, color: TARGET, dashArray: [3, 2] });
    const targetLabel = `target ${formatValue(chart.target)}`;
    drawTextRightAligned(page, targetLabel, plot.right - 1, y + 1.5, { ...label, color: TARGET });
  }

  const points = [...chart.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!points.length) {
    drawTextCentered(page, 'no measurement in this period', (plot.left + plot.right) / 2, (plot.bottom + plot.top) / 2, label);
    return;
  }
  for (let i = 1; i < points.length; i++) {
    page.drawLine({
      start: { x: xOf(points[i - 1]!.at), y: yOf(points[i - 1]!.value) },
      end: { x: xOf(points[i]!.at), y: yOf(points[i]!.value) },
      thickness: 1,
      color: SERIES,
      lineCap: LineCapStyle.Round,
    });
  }
  for (const point of points) page.drawCircle({ x: xOf(point.at), y: yOf(point.value), size: 1.4, color: SERIES });
}

/** Rounded ticks (steps of 1, 2, 2.5 or 5 × 10^n) spanning `values`, about four of them. */
export function valueTicks(values: readonly number[]): { min: number; max: number; step: number; values: number[] } {
  let low = values.length ? Math.min(...values) : 0;
  let high = values.length ? Math.max(...values) : 1;
  if (high - low < 1e-9) {
    const pad = Math.abs(high) > 0 ? Math.abs(high) * 0.1 : 1;
    low -= pad;
    high += pad;
  }
  const rough = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  const min = Math.floor(low / step + 1e-9) * step;
  const max = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = min; value <= max + step / 2; value += step) ticks.push(Number(value.toFixed(10)));
  return { min, max: Math.max(max, min + step), step, values: ticks };
}

/** A tick value with as many decimals as the step has. */
function formatTick(value: number, step: number): string {
  const stepText = String(Number(step.toFixed(10)));
  const decimals = stepText.includes('.') ? stepText.length - stepText.indexOf('.') - 1 : 0;
  return value.toFixed(decimals);
}

/** A value as written in text: at most three decimals, no trailing zeros. */
function formatValue(value: number): string {
  return String(Number(value.toFixed(3)));
}

/** Ticks on the first of each month for spans over seven weeks, else weekly; always the start. */
function dateTicks(start: number, end: number): number[] {
  const ticks = [start];
  if (end - start > 49 * DAY) {
    const date = new Date(start);
    let tick = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    for (; tick <= end; tick = Date.UTC(new Date(tick).getUTCFullYear(), new Date(tick).getUTCMonth() + 1, 1)) ticks.push(tick);
  } else {
    for (let tick = start + 7 * DAY; tick <= end; tick += 7 * DAY) ticks.push(tick);
  }
  return ticks;
}

function formatDay(time: number): string {
  const date = new Date(time);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}
