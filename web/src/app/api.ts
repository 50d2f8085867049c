// The one way the web talks to the server: JSON in and out, session cookie, CSRF header on writes,
// server errors surfaced as ApiError with the server's code, message and field list.
import { getLang } from './i18n';

export interface FieldError {
  field: string;
  message: string;
  messageEn?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

/** Called on any 401 outside the auth endpoints, so the shell can send the user to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | undefined) {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (getLang() === 'en') headers['Accept-Language'] = 'en';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  const res = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  throw errorFrom(res, data, path);
}

function errorFrom(res: Response, data: unknown, path: string): ApiError {
  const err = (data as { error?: { code?: string; message?: string; fields?: FieldError[]; requestId?: string } } | undefined)?.error;
  if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
  return new ApiError(
    res.status,
    err?.code ?? `HTTP_${res.status}`,
    err?.message ?? (getLang() === 'en' ? `Request failed (${res.status})` : `请求失败（${res.status}）`),
    err?.fields ?? [],
    err?.requestId,
  );
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', getLang() === 'en' ? 'Cannot reach the server' : '无法连接服务器');
  }
}

/** Query string from an object, leaving out empty values; arrays repeat the key. With the leading `?`, or ''. */
export function toQuery(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) u.append(k, String(x));
    else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** Multipart POST (files and plain fields) with the session's CSRF token; the JSON answer. */
export async function upload<T>(path: string, files: File[], fields: Record<string, string | undefined> = {}): Promise<T> {
  const fd = new FormData();
  for (const f of files) fd.append('file', f, f.name);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, v);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (getLang() === 'en') headers['Accept-Language'] = 'en';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await send(path, { method: 'POST', body: fd, headers });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw errorFrom(res, data, path);
  return data as T;
}

/** GET a file and save it under the server's file name (Content-Disposition), or the fallback. */
export async function download(path: string, fallback: string): Promise<void> {
  const res = await send(path, { headers: getLang() === 'en' ? { 'Accept-Language': 'en' } : {} });
  if (!res.ok) throw errorFrom(res, await res.json().catch(() => undefined), path);
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallback;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
