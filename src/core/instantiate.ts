/** Fill a playbook's {{param}} placeholders with the run's values. Pure. */
import type { Playbook } from '../format/types.ts';
import { fillTemplate } from './text.ts';

export function defaultParams(pb: Playbook): Record<string, string> {
  return Object.fromEntries(Object.entries(pb.params).map(([k, p]) => [k, p.default]));
}

export function instantiate<T>(value: T, params: Record<string, string>): T {
  if (typeof value === 'string') return fillTemplate(value, params) as T;
  if (Array.isArray(value)) return value.map((v) => instantiate(v, params)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = instantiate(v, params);
    return out as T;
  }
  return value;
}
