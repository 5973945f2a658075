/**
 * A text cell that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
 * apostrophe; then quoting as RFC 4180 asks. Numbers are written as numbers.
 */
export function csvCell(text: string): string {
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

