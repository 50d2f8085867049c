// The phone's offline queue (IndexedDB through idb): every answer, photo and step of a field inspection is first
// written here with its own key, then sent in order when the network is there. Each operation carries its key to
// the server (the inspection's id for the create, `syncKey` for the rest), so sending one twice — the answer was
// lost, the page was reloaded mid-sync — writes nothing twice. The local copy of each inspection (`drafts`) is
// what the page shows, so a reload keeps what was filled in.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { InspectionKind, ItemResult, TemplateItem } from '../../../../shared/inspections.ts';
import { ApiError, api, upload } from '../../app/api';

export type OpKind = 'create' | 'start' | 'answer' | 'photo' | 'confirm' | 'submit' | 'sign';
export type OpStatus = 'queued' | 'failed';

export interface QueuedOp {
  key: string;
  /** Order of sending (a counter kept with the queue). */
  order: number;
  inspectionId: string;
  kind: OpKind;
  body: Record<string, unknown>;
  /** A photo, kept as a Blob until sent. */
  blob?: Blob;
  fileName?: string;
  status: OpStatus;
  error?: string;
  at: number;
}

export interface LocalItem extends TemplateItem {
  seq: number;
  result: ItemResult | null;
  note: string;
  photos: number;
  toHazard: boolean;
  hazardCode?: string | null;
}

export interface LocalInspection {
  id: string;
  kind: InspectionKind;
  enterpriseId: string | null;
  parkId: string | null;
  placeName: string;
  officerIds: string[];
  officerNames: string[];
  items: LocalItem[];
  confirmed: string[];
  /** What the phone did (the server's state once synced). */
  stage: 'filling' | 'submitted' | 'signed';
  serverState?: string;
  code?: string;
  createdAt: number;
}

interface FieldDb extends DBSchema {
  ops: { key: string; value: QueuedOp; indexes: { order: number } };
  drafts: { key: string; value: LocalInspection };
  meta: { key: string; value: { key: string; value: number } };
}

let dbp: Promise<IDBPDatabase<FieldDb>> | undefined;
function db() {
  dbp ??= openDB<FieldDb>('anlan-field', 1, {
    upgrade(d) {
      d.createObjectStore('ops', { keyPath: 'key' }).createIndex('order', 'order');
      d.createObjectStore('drafts', { keyPath: 'id' });
      d.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  return dbp;
}

const listeners = new Set<() => void>();
/** Re-render when the queue or a draft changes (the page's sync badge, the checklist). */
export function onQueueChange(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
const changed = () => {
  for (const fn of listeners) fn();
};

export const newKey = () => crypto.randomUUID();

export async function saveDraft(d: LocalInspection) {
  await (await db()).put('drafts', d);
  changed();
}
export async function getDraft(id: string) {
  return (await db()).get('drafts', id);
}
export async function listDrafts() {
  return (await (await db()).getAll('drafts')).sort((a, b) => b.createdAt - a.createdAt);
}
export async function removeDraft(id: string) {
  await (await db()).delete('drafts', id);
  changed();
}

/** Put an operation in the queue (in one IndexedDB transaction with its order number) and try to send. */
export async function enqueue(op: Omit<QueuedOp, 'order' | 'status' | 'at' | 'key'> & { key?: string }) {
  const d = await db();
  const tx = d.transaction(['ops', 'meta'], 'readwrite');
  const counter = (await tx.objectStore('meta').get('order'))?.value ?? 0;
  await tx.objectStore('meta').put({ key: 'order', value: counter + 1 });
  await tx.objectStore('ops').put({ ...op, key: op.key ?? newKey(), order: counter + 1, status: 'queued', at: Date.now() });
  await tx.done;
  changed();
  void sync();
}

export async function queued(): Promise<QueuedOp[]> {
  return (await db()).getAllFromIndex('ops', 'order');
}

export interface SyncState {
  queued: number;
  failed: QueuedOp[];
  sent: number;
  syncing: boolean;
  lastError?: string;
}
let sentThisSession = 0;
let syncing: Promise<void> | undefined;
let lastError: string | undefined;

export async function syncState(): Promise<SyncState> {
  const ops = await queued();
  return {
    queued: ops.filter((o) => o.status === 'queued').length,
    failed: ops.filter((o) => o.status === 'failed'),
    sent: sentThisSession,
    syncing: !!syncing,
    lastError,
  };
}

/** One operation to the server; the answer updates the local copy (the hazard's code, the state). */
async function send(op: QueuedOp) {
  const base = `/api/inspections/${op.inspectionId}`;
  switch (op.kind) {
    case 'create': {
      const r = await api.post<{ inspection: { code: string; state: string } }>('/api/inspections', op.body);
      return { code: r.inspection.code, state: r.inspection.state };
    }
    case 'answer': {
      const r = await api.post<{ hazard: { code: string } | null; item: { seq: number } }>(`${base}/answers`, { ...op.body, syncKey: op.key });
      return { seq: r.item.seq, hazardCode: r.hazard?.code };
    }
    case 'photo': {
      const file = new File([op.blob as Blob], op.fileName ?? 'photo.jpg', { type: (op.blob as Blob).type });
      await upload(`${base}/items/${op.body.seq}/photos`, [file], { syncKey: op.key });
      return {};
    }
    default: {
      const r = await api.post<{ inspection: { state: string } }>(`${base}/${op.kind}`, { ...op.body, syncKey: op.key });
      return { state: r.inspection.state };
    }
  }
}

/** A refusal the server gave for good (bad input, a step not allowed): sending again will not help. */
const isFinal = (e: unknown) => e instanceof ApiError && e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status);

/** Send what is queued, in order. Stops at the first network failure (tries again when back online). */
export function sync(): Promise<void> {
  if (syncing) return syncing;
  syncing = (async () => {
    changed();
    try {
      const blocked = new Set<string>();
      for (const op of await queued()) {
        if (op.status === 'failed') {
          blocked.add(op.inspectionId);
          continue;
        }
        // After a refused operation, the later ones of the same inspection wait for the user's decision.
        if (blocked.has(op.inspectionId)) continue;
        try {
          const r = await send(op);
          await (await db()).delete('ops', op.key);
          sentThisSession++;
          lastError = undefined;
          const d = await getDraft(op.inspectionId);
          if (d) {
            if ('code' in r && r.code) d.code = r.code;
            if ('state' in r && r.state) d.serverState = r.state;
            if ('hazardCode' in r && r.hazardCode) d.items = d.items.map((i) => (i.seq === r.seq ? { ...i, hazardCode: r.hazardCode } : i));
            await (await db()).put('drafts', d);
          }
          changed();
        } catch (e) {
          if (isFinal(e)) {
            await (await db()).put('ops', { ...op, status: 'failed', error: (e as Error).message });
            blocked.add(op.inspectionId);
            changed();
            continue;
          }
          lastError = (e as Error).message;
          break;
        }
      }
    } finally {
      syncing = undefined;
      changed();
    }
  })();
  return syncing;
}

/** Send a refused operation again (after the cause was fixed elsewhere), or drop it. */
export async function retry(key: string) {
  const d = await db();
  const op = await d.get('ops', key);
  if (op) await d.put('ops', { ...op, status: 'queued', error: undefined });
  changed();
  return sync();
}
export async function discard(key: string) {
  await (await db()).delete('ops', key);
  changed();
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void sync());
