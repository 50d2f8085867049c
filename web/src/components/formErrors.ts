// The API's validation errors ({error: {code, message, fields: [{field: 'body.x.0.y', message}]}}) on the
// antd form fields they name, so the reason stands under the input, in the user's language.
import type { FormInstance } from 'antd';
import { ApiError } from '../app/api';
import { getLang, t } from '../app/i18n';

type NamePath = (string | number)[];

/** 'body.contacts.0.name' → ['contacts', 0, 'name']; the request part (body/query/params) is dropped. */
export function fieldPath(field: string): NamePath {
  return field
    .replace(/^(body|query|params|querystring)\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const has = (values: unknown, path: NamePath) => {
  let v = values;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !(p in v)) return false;
    v = (v as Record<string | number, unknown>)[p];
  }
  return true;
};

/**
 * Put the error's field messages on the form's fields (the full path where the form holds it, else the
 * top-level field). Returns the message to show elsewhere, or undefined when every field error is now
 * under its input. A `version` error (someone else saved first) never goes on a field.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  // Registered fields (also those still empty) and the store (also values set without a field).
  const known = (path: NamePath) => has(form.getFieldsValue(), path) || has(form.getFieldsValue(true), path);
  const placed: { name: NamePath; errors: string[] }[] = [];
  let unplaced = err.fields.length === 0;
  for (const f of err.fields) {
    const path = fieldPath(f.field);
    const text = (getLang() === 'en' && f.messageEn) || f.message;
    if (path[0] === 'version' || !known(path.slice(0, 1))) {
      unplaced = true;
      continue;
    }
    placed.push({ name: known(path) ? path : path.slice(0, 1), errors: [text] });
  }
  if (placed.length) form.setFields(placed);
  return unplaced ? err.message : undefined;
}

/** For a toast: what did not fit on a field, or a pointer to the highlighted ones. */
export function formErrorMessage(form: FormInstance, err: unknown): string {
  return applyFieldErrors(form, err) ?? t('请检查标红的字段', 'Please check the highlighted fields');
}
