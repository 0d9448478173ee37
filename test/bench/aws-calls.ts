import { callMilliseconds, countedCalls } from '../../functions/adapters/call-counter.js';

export interface CallRow {
  service: string;
  perEmployee: number;
  minimum: number;
  /** Time waiting on this service per employee, summed over chunks running side by side. */
  msPerEmployee: number;
  operations: string;
}

/**
 * The calls a scope made per employee, by service, next to the minimum the design allows.
 * `minimum` is calls per employee for each service the job must use.
 */
export function callsPerEmployee(scope: string, employees: number, minimum: Record<string, number>): CallRow[] {
  const byService = new Map<string, Map<string, number>>();
  for (const [key, count] of countedCalls()) {
    const [who, service, operation] = key.split(' ') as [string, string, string];
    if (who !== scope) continue;
    const ops = byService.get(service) ?? new Map<string, number>();
    ops.set(operation, (ops.get(operation) ?? 0) + count);
    byService.set(service, ops);
  }
  const waited = new Map<string, number>();
  for (const [key, ms] of callMilliseconds()) {
    const [who, service] = key.split(' ') as [string, string];
    if (who === scope) waited.set(service, (waited.get(service) ?? 0) + ms);
  }
  const services = [...new Set([...Object.keys(minimum), ...byService.keys()])].sort();
  return services.map((service) => {
    const ops = byService.get(service) ?? new Map<string, number>();
    const total = [...ops.values()].reduce((a, b) => a + b, 0);
    return {
      service,
      perEmployee: total / employees,
      minimum: minimum[service] ?? 0,
      msPerEmployee: (waited.get(service) ?? 0) / employees,
      operations: [...ops.entries()].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', '),
    };
  });
}

export function printCalls(title: string, rows: CallRow[]): void {
  console.log(`\n${title} (wait: time spent in the service's calls, summed over chunks running side by side)`);
  console.log(`${'service'.padEnd(10)} ${'per employee'.padStart(13)} ${'design min'.padStart(11)} ${'ratio'.padStart(6)} ${'wait ms/emp'.padStart(12)}  calls by operation`);
  for (const r of rows) {
    const ratio = r.minimum > 0 ? (r.perEmployee / r.minimum).toFixed(2) : '-';
    console.log(`${r.service.padEnd(10)} ${r.perEmployee.toFixed(3).padStart(13)} ${r.minimum.toFixed(3).padStart(11)} ${ratio.padStart(6)} ${r.msPerEmployee.toFixed(1).padStart(12)}  ${r.operations}`);
  }
}
