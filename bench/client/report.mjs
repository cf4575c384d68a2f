// Plain-text tables for the terminal and the README.

function pad(s, n, right = false) {
  const str = String(s);
  return right ? str.padStart(n) : str.padEnd(n);
}

/** Prints rows (arrays of cells) under headers, first column left-aligned. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => pad(c, widths[i], i > 0)).join(' | ')} |`;
  const out = [
    line(headers),
    `|${widths.map((w, i) => (i > 0 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
  ];
  for (const r of rows) out.push(line(r));
  return out.join('\n');
}

export const fmt = {
  x: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–'),
  pct: (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–'),
  ms: (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '–'),
  s: (v, max) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : `> ${(max / 1000).toFixed(1)} s`),
};
