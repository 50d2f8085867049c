// What the platform's own routes answer (sign-in, files, org tree, system): response schemas that fastify
// serialises by and OpenAPI shows, with their types for the web.
import { type Static, type TSchema, Type } from 'typebox';

import { CodeName, Items, Nullable } from './dto.ts';

/** Who a user is, as every answer about a user starts (the signed-in user's Me, an administrator's user list). */
export const userIdentity = {
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  roles: Type.Array(Type.String()),
};

export const Me = Type.Object({
  ...userIdentity,
  permissions: Type.Array(Type.String()),
  mfaEnrollmentRequired: Type.Boolean(),
  passwordExpired: Type.Boolean(),
  passwordChangeReason: Type.Optional(Type.Union([Type.Literal('expired'), Type.Literal('temporary')])),
});
export type Me = Static<typeof Me>;
export const Session = Type.Object({ user: Me, csrfToken: Type.String() });
export type Session = Static<typeof Session>;
export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrDataUrl: Type.String() });
export type TotpSetup = Static<typeof TotpSetup>;
/** A 204: no body. */
export const NoContent = Type.Null({ description: 'no content' });

export const StoredFile = Type.Object({ id: Type.String(), filename: Type.String(), mime: Type.String(), size: Type.Number(), sha256: Type.String() });
export type StoredFile = Static<typeof StoredFile>;
export const Uploaded = Type.Object({ files: Type.Array(StoredFile) });
/** Bytes, not JSON (fastify sends a Buffer as it is); the content type is the file's own. */
export const FileBody = Type.Unsafe<Uint8Array>(
  Type.String({ format: 'binary', contentMediaType: 'application/octet-stream', description: 'the stored bytes, with the file’s own content type' }),
);

// The org tree is district → town → village (and district → department): four levels describe it all.
const node = <T extends TSchema>(children: T) =>
  Type.Object({ code: Type.String(), name: Type.String(), shortName: Nullable(Type.String()), kind: Type.String(), children: Type.Array(children) });
export const OrgTree = Type.Array(node(node(node(node(Type.Unknown({ description: 'no deeper levels' }))))));
export const Towns = Items(CodeName);
export type Towns = Static<typeof Towns>;
export const WebConfig = Type.Object({
  tileUrl: Type.String(),
  /** The largest accepted upload in MB (ANLAN_MAX_UPLOAD_MB): what upload pages state. */
  uploadMaxMb: Type.Integer({ minimum: 1 }),
});
export type WebConfig = Static<typeof WebConfig>;
export const Overview = Type.Object({
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  towns: Type.Number(),
  villages: Type.Number(),
  departments: Type.Number(),
  users: Type.Number(),
  modules: Type.Array(Type.Object({ key: Type.String(), available: Type.Boolean() })),
});
export type Overview = Static<typeof Overview>;
