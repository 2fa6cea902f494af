import { rgb, type Color, type PDFDocument, type PDFPage } from 'pdf-lib';
import { drawText, drawTextRightAligned, wrapText, type TextStyle } from './text';

/**
 * Content flowing down pages: a cursor that moves down as blocks are placed, and starts a new
 * page (same size and margins, `decorate` drawing its header or footer) when a block does not
 * fit in what is left. Coordinates are PDF points from the bottom-left corner.
 */

export interface PageSetup {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** Draws what every page carries (letterhead, footer), once, when the page is added. */
  decorate?: (page: PDFPage, pageIndex: number) => void;
}

/** US Letter, the paper US physicians' offices print and fax on. */
export const US_LETTER = { width: 612, height: 792 } as const;

export const RULE_GREY = rgb(0.75, 0.75, 0.75);

export interface TableColumn {
  header?: string;
  /** Points. */
  width: number;
  align?: 'left' | 'right';
}

export interface TableStyles {
  header: TextStyle;
  body: TextStyle;
  lineHeight: number;
  /** Space above and below each row's text. */
  padding: number;
  ruleColor?: Color;
}

export class PageFlow {
  readonly pages: PDFPage[] = [];
  /** The top of the free space on the current page. */
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly setup: PageSetup,
  ) {
    this.addPage();
  }

  get page(): PDFPage {
    return this.pages[this.pages.length - 1]!;
  }

  get left(): number {
    return this.setup.margin.left;
  }

  get right(): number {
    return this.setup.width - this.setup.margin.right;
  }

  get width(): number {
    return this.right - this.left;
  }

  /** What is left between the cursor and the bottom margin. */
  get remaining(): number {
    return this.y - this.setup.margin.bottom;
  }

  private addPage(): void {
    const page = this.doc.addPage([this.setup.width, this.setup.height]);
    this.pages.push(page);
    this.y = this.setup.height - this.setup.margin.top;
    this.setup.decorate?.(page, this.pages.length - 1);
  }

  /**
   * Claims a band of `height` points and returns its top; on a new page when the band does not
   * fit on this one (a band taller than a whole page is placed anyway and overflows it).
   */
  reserve(height: number): number {
    if (height > this.remaining && this.y < this.setup.height - this.setup.margin.top) this.addPage();
    const top = this.y;
    this.y -= height;
    return top;
  }

  gap(points: number): void {
    this.y -= Math.min(points, Math.max(this.remaining, 0));
  }

  /** Lines of text, one below the other, breaking to a new page between lines when needed. */
  lines(lines: readonly string[], style: TextStyle, lineHeight: number, x = this.left): void {
    for (const line of lines) {
      const top = this.reserve(lineHeight);
      drawText(this.page, line, x, top - style.font.ascentAt(style.size), style);
    }
  }

  /** Prose wrapped to `width` (the whole column by default), starting at `x`. */
  paragraph(text: string, style: TextStyle, lineHeight: number, x = this.left, width = this.right - x): void {
    this.lines(wrapText(text, width, style), style, lineHeight, x);
  }

  /** A thin horizontal rule across the column at the cursor. */
  rule(color: Color = RULE_GREY, thickness = 0.5): void {
    const top = this.reserve(thickness);
    this.page.drawLine({ start: { x: this.left, y: top }, end: { x: this.right, y: top }, thickness, color });
  }

  /**
   * A table: a header row (when any column has a header) in the header style over a rule, then
   * each row with its cells wrapped to their column; a row is never split across pages.
   */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], styles: TableStyles): void {
    if (columns.some((column) => column.header)) {
      this.row(columns, columns.map((column) => column.header ?? ''), styles.header, styles);
      this.rule(styles.ruleColor ?? RULE_GREY);
    }
    for (const cells of rows) this.row(columns, cells, styles.body, styles);
  }

  private row(columns: readonly TableColumn[], cells: readonly string[], style: TextStyle, styles: TableStyles): void {
    const gutter = 4;
    const wrapped = columns.map((column, index) => wrapText(cells[index] ?? '', column.width - gutter, style));
    const lineCount = Math.max(1, ...wrapped.map((lines) => lines.length));
    const top = this.reserve(lineCount * styles.lineHeight + 2 * styles.padding);
    let x = this.left;
    columns.forEach((column, index) => {
      wrapped[index]!.forEach((line, lineIndex) => {
        const baseline = top - styles.padding - lineIndex * styles.lineHeight - style.font.ascentAt(style.size);
        if (column.align === 'right') drawTextRightAligned(this.page, line, x + column.width - gutter, baseline, style);
        else drawText(this.page, line, x, baseline, style);
      });
      x += column.width;
    });
  }
}
