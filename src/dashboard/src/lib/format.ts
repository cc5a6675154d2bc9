/**
 * Formatting of figures for people.
 * @module
 */

/** `1.2 MB`. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** `3h 12m`, `45s`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `12:03:44`. */
export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/** A number with at most `digits` decimals, or a dash. */
export function num(n: number | null | undefined, digits = 1, unit = ''): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return `${Number(n.toFixed(digits))}${unit}`;
}

/** `5.0 %`. */
export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

/** How a server state reads as a badge class. */
export function stateClass(state: string): 'ok' | 'warn' | 'bad' | 'muted' {
  if (state === 'running') return 'ok';
  if (state === 'starting' || state === 'stopping' || state === 'connecting' || state === 'waiting')
    return 'warn';
  if (state === 'stopped' || state === 'idle') return 'muted';
  return 'bad';
}
