/**
 * Plain-text tables for terminals: columns separated by two spaces, numbers right-aligned and never cut. `render`
 * fits the widths to the rows (short listings); `fixed` uses declared widths so a long listing streams row by row
 * with constant memory. Control characters in values (vendor data may hold newlines or escape sequences) become
 * spaces, so a row is always one line and cannot drive the terminal.
 */

/** How a column's values line up. */
export type Align = "left" | "right"

/** One column: its header, alignment, width for streamed tables, and its value for a row. */
export interface Column<A> {
  readonly header: string
  readonly align?: Align | undefined
  /**
   * The width in a streamed table (`fixed`). A longer left-aligned value is cut with `…` (except in the last
   * column); a right-aligned one is a number and is never cut (it pushes the rest of its row). Default: the
   * header's width.
   */
  readonly width?: number | undefined
  readonly value: (row: A) => string
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g

/** A value made safe for one terminal line. */
export const cell = (value: string): string => value.replace(controlCharacters, " ")

const widthOf = (text: string): number => [...text].length

const fit = (text: string, width: number, align: Align, cut = true): string => {
  const characters = [...text]
  const shown =
    cut && characters.length > width && align === "left"
      ? characters.slice(0, Math.max(0, width - 1)).join("") + "…"
      : text
  const padding = " ".repeat(Math.max(0, width - widthOf(shown)))
  return align === "right" ? padding + shown : shown + padding
}

const join = (cells: ReadonlyArray<string>): string => cells.join("  ").trimEnd() + "\n"

/** The lines of a table whose widths fit its rows (header first). */
export const render = <A>(columns: ReadonlyArray<Column<A>>, rows: Iterable<A>): string => {
  const values = Array.from(rows, (row) => columns.map((column) => cell(column.value(row))))
  const widths = columns.map((column, index) =>
    values.reduce((max, row) => Math.max(max, widthOf(row[index]!)), widthOf(column.header))
  )
  const line = (cells: ReadonlyArray<string>) =>
    join(cells.map((text, index) => fit(text, widths[index]!, columns[index]!.align ?? "left")))
  return line(columns.map((column) => column.header)) + values.map(line).join("")
}

/** A streamed table: the header line, and one line per row at the columns' declared widths. */
export interface FixedTable<A> {
  readonly header: string
  readonly row: (row: A) => string
}

/** A table with declared widths, for listings too long to hold. The last column is never cut: nothing follows it. */
export const fixed = <A>(columns: ReadonlyArray<Column<A>>): FixedTable<A> => {
  const widths = columns.map((column) => Math.max(column.width ?? 0, widthOf(column.header)))
  const last = columns.length - 1
  const line = (cells: ReadonlyArray<string>) =>
    join(cells.map((text, index) => fit(text, widths[index]!, columns[index]!.align ?? "left", index !== last)))
  return {
    header: line(columns.map((column) => column.header)),
    row: (row) => line(columns.map((column) => cell(column.value(row))))
  }
}
