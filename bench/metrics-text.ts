/** A server's /metrics text, or undefined when it does not answer it (within 2 s) or has none. */
export async function readMetrics(baseUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sum of a metric's samples in a Prometheus text exposition (`/metrics`), whatever its prefix
 * (`layani_…`), over the samples whose labels include `label` (e.g. `kind="major"`; all of them when
 * omitted); undefined when no sample matches.
 */
export function metricSum(text: string, name: string, label?: string): number | undefined {
  let sum: number | undefined;
  for (const match of text.matchAll(new RegExp(`^\\w*${name}(?:\\{([^}]*)\\})? ([0-9.e+-]+)$`, 'gm'))) {
    if (label !== undefined && !(match[1] ?? '').includes(label)) continue;
    sum = (sum ?? 0) + Number(match[2]);
  }
  return sum;
}
