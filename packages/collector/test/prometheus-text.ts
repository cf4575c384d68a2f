/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for the ops tests: it throws
 * on any line the format does not allow (a bad name, an unescaped quote or backslash in a label
 * value, a sample before its TYPE, a second TYPE, a histogram whose buckets do not add up).
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** Label pairs of `{…}` starting at `text[0] === '{'`; returns them and the rest after `}`. */
function parseLabels(text: string, line: string): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let rest = text.slice(1);
  while (!rest.startsWith('}')) {
    const name = LABEL_NAME.exec(rest)?.[0];
    if (!name || rest[name.length] !== '=' || rest[name.length + 1] !== '"')
      throw new Error(`bad label in: ${line}`);
    if (name in labels) throw new Error(`repeated label ${name} in: ${line}`);
    rest = rest.slice(name.length + 2);
    let value = '';
    for (;;) {
      const c = rest[0];
      if (c === undefined || c === '\n') throw new Error(`unterminated label value in: ${line}`);
      rest = rest.slice(1);
      if (c === '"') break;
      if (c === '\\') {
        const e = rest[0];
        rest = rest.slice(1);
        if (e === '\\') value += '\\';
        else if (e === '"') value += '"';
        else if (e === 'n') value += '\n';
        else throw new Error(`bad escape \\${e} in: ${line}`);
      } else value += c;
    }
    labels[name] = value;
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (!rest.startsWith('}')) throw new Error(`expected , or } in: ${line}`);
  }
  return [labels, rest.slice(1)];
}

/** The family a sample belongs to: its own name, or a histogram/summary's without the suffix. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const own = families.get(name);
  if (own) return own;
  const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  const family = base === undefined ? undefined : families.get(base);
  return family && (family.type === 'histogram' || family.type === 'summary') ? family : undefined;
}

function checkHistogram(name: string, family: Family): void {
  const buckets = family.samples.filter((s) => s.name === `${name}_bucket`);
  const series = new Map<string, Sample[]>();
  for (const b of buckets) {
    if (b.labels.le === undefined) throw new Error(`${name}_bucket without le`);
    const { le: _, ...rest } = b.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), b]);
  }
  for (const [key, list] of series) {
    let previous = 0;
    for (const b of list) {
      if (b.value < previous) throw new Error(`${name} buckets are not cumulative (${key})`);
      previous = b.value;
    }
    const inf = list.find((b) => b.labels.le === '+Inf');
    const count = family.samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === key);
    if (!inf || !count || inf.value !== count.value)
      throw new Error(`${name}: +Inf bucket != _count (${key})`);
  }
}

/**
 * @example const families = parsePrometheusText(await (await fetch(url)).text())
 */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, keyword, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) throw new Error(`bad metric name in: ${line}`);
      if (keyword === 'HELP') {
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`bad escape in: ${line}`);
        helps.set(name, rest);
        const f = families.get(name);
        if (f) f.help = rest;
        continue;
      }
      if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
      if (families.has(name)) throw new Error(`second TYPE for ${name}`);
      families.set(name, { type: rest, help: helps.get(name), samples: [] });
      continue;
    }
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, line);
    const parts = rest.trim().split(/ +/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`bad sample: ${line}`);
    const family = familyOf(name, families);
    if (!family) throw new Error(`sample before (or without) its TYPE: ${line}`);
    family.samples.push({ name, labels, value: parseValue(parts[0]!, line) });
  }
  for (const [name, family] of families) if (family.type === 'histogram') checkHistogram(name, family);
  return families;
}

/** The value of one sample whose labels include `labels`, or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values())
    for (const s of family.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
  return undefined;
}

/** The sum of every sample of `name` whose labels include `labels`. */
export function sampleSum(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const family of families.values())
    for (const s of family.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  return sum;
}
