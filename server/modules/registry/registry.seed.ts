import type { Deps } from '../../platform/context.ts';
export async function seedRegistry(_deps: Deps, _progress: (done: number, total: number) => void) {}
