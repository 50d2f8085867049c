// What every service function receives first: who is asking, from where, and the shared dependencies.
import type { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from './clock.ts';
import type { JobRunner } from './jobs/jobs.ts';

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
  roles: string[];
  permissions: ReadonlySet<string>;
  /** Jurisdiction code prefixes this actor may see (own unit's subtree plus grants). */
  jurisdictions: string[];
  /** External users are confined to one enterprise/park as well. */
  enterpriseId: string | null;
  via: 'session' | 'token';
  sessionId?: string;
  mfaPassed?: boolean;
  /** Session only: a staff role needs a second factor and the user has not enrolled yet (only /api/auth/* answers). */
  mfaEnrollmentRequired?: boolean;
  /** Session only: the password is past its rotation age or is an administrator's temporary one. */
  passwordExpired?: boolean;
  passwordChangeReason?: 'expired' | 'temporary';
}

export interface Deps {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  jobs: JobRunner;
  /** Domain events, published after commit (live feeds subscribe here). */
  events: EventEmitter;
}

export interface Ctx {
  actor: Actor;
  ip: string | null;
  requestId: string;
  deps: Deps;
}

/** A context for work the system does on its own (jobs, seeding, CLI). Sees everything. */
export function systemCtx(deps: Deps, districtCode = '330203'): Ctx {
  return {
    actor: {
      id: '00000000-0000-7000-8000-000000000000',
      username: 'system',
      displayName: '系统',
      unitCode: districtCode,
      unitName: '系统',
      unitKind: 'district',
      roles: ['district_admin'],
      permissions: new Set(['*:*']),
      jurisdictions: [districtCode],
      enterpriseId: null,
      via: 'token',
    },
    ip: null,
    requestId: 'system',
    deps,
  };
}
