import type { State } from '../../src/progress/state.ts';
export const SF: string;
export const TENANT: string;
export const TOKEN: string;
export function seededState(now?: number, opts?: { dueIn?: number }): State;
export function seed(ctx: unknown, state: State): Promise<void>;
