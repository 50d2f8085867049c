// Typed domain errors. Every error a user can see has a stable code, an HTTP status and a message in
// Chinese and English. Anything else thrown is a bug: the handler answers a generic 500 and logs it.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldSentence } from '../../shared/fields.ts';
import { HAISHU_BBOX } from '../../shared/registry.ts';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "body.creditCode". */
  field: string;
  message: string;
  messageEn: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
}

/** A 400 naming its fields by path in `fields`; its message names the first by its label (shared/fields.ts), never its path. */
export class ValidationError extends AppError {
  constructor(fields: FieldIssue[]) {
    const first = fields[0];
    const words = first ? fieldSentence(first.field, first.message, first.messageEn) : undefined;
    super('VALIDATION_FAILED', 400, words ? `输入有误：${words.zh}` : '输入有误', words ? `Invalid input: ${words.en}` : 'Invalid input', fields);
  }
}

export const notFound = (what: string, whatEn: string) =>
  new AppError(`${whatEn.toUpperCase().replace(/\W+/g, '_')}_NOT_FOUND`, 404, `${what}不存在`, `${whatEn} not found`);

export const forbidden = () => new AppError('FORBIDDEN', 403, '没有执行此操作的权限', 'You do not have permission for this action');
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401, '请先登录', 'Please sign in');
export const conflict = (code: string, zh: string, en: string) => new AppError(code, 409, zh, en);
export const badRequest = (code: string, zh: string, en: string, fields: FieldIssue[] = []) => new AppError(code, 400, zh, en, fields);

/** Field-level error for a rule the schema cannot express (e.g. a check digit). */
export const fieldError = (field: string, message: string, messageEn: string) => new ValidationError([{ field, message, messageEn }]);

// Ajv keyword → Chinese/English description, so a 400 names the field and says what is wrong.
function describeAjv(e: { keyword: string; params: Record<string, unknown>; message?: string }): [string, string] {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return ['为必填项', 'is required'];
    case 'additionalProperties':
      return ['不是可接受的字段', 'is not an accepted field'];
    case 'type':
      return [`类型应为 ${p.type}`, `must be of type ${p.type}`];
    case 'maxLength':
      return [`长度不能超过 ${p.limit}`, `must be at most ${p.limit} characters`];
    case 'minLength':
      return [`长度不能少于 ${p.limit}`, `must be at least ${p.limit} characters`];
    case 'maximum':
      return [`不能大于 ${p.limit}`, `must be at most ${p.limit}`];
    case 'minimum':
      return [`不能小于 ${p.limit}`, `must be at least ${p.limit}`];
    case 'pattern':
      return ['格式不正确', 'has an invalid format'];
    case 'format':
      if (p.format === 'date') return ['应为真实存在的日期（YYYY-MM-DD，1900–2100 年）', 'must be a real date (YYYY-MM-DD, 1900–2100)'];
      if (p.format === 'date-time') return ['应为真实存在的日期时间（含时区，1900–2100 年）', 'must be a real date-time with time zone (1900–2100)'];
      return [`格式应为 ${p.format}`, `must be a valid ${p.format}`];
    case 'enum':
    case 'const':
    case 'anyOf':
      return ['不是允许的取值', 'is not an allowed value'];
    case 'maxItems':
      return [`最多 ${p.limit} 项`, `must have at most ${p.limit} items`];
    case 'minItems':
      return [`至少 ${p.limit} 项`, `must have at least ${p.limit} items`];
    default:
      return ['取值无效', e.message ?? 'is invalid'];
  }
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

export function fromAjv(context: string, issues: AjvIssue[]): ValidationError {
  const fields = oneErrorPerUnion(issues).map((e) => {
    let field = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required') field = [field, String(e.params.missingProperty)].filter(Boolean).join('.');
    if (e.keyword === 'additionalProperties') field = [field, String(e.params.additionalProperty)].filter(Boolean).join('.');
    const [zh, en] = /(^|\/)(lon|lat)$/.test(e.instancePath) && (e.keyword === 'minimum' || e.keyword === 'maximum') ? OUTSIDE_DISTRICT : describeAjv(e);
    return { field: field ? `${context}.${field}` : context, message: zh, messageEn: en };
  });
  return new ValidationError(fields);
}

// Coordinates are bounded by the district (shared/schema.ts Lon/Lat): say so, not "at least 121.2".
const b = HAISHU_BBOX;
const OUTSIDE_DISTRICT: [string, string] = [
  `不在海曙区范围内（经度 ${b.minLon.toFixed(2)}–${b.maxLon.toFixed(2)}，纬度 ${b.minLat.toFixed(2)}–${b.maxLat.toFixed(2)}，WGS-84）`,
  `is outside Haishu (lon ${b.minLon}–${b.maxLon}, lat ${b.minLat}–${b.maxLat}, WGS-84)`,
];

/**
 * A value that fails a union (`null` or a string, say) yields one error per branch, then `anyOf`. Report
 * one: the error that says what is wrong with the value (a bad date, a number out of range), or when every
 * branch only failed on type, the types it may have ("null/string").
 */
function oneErrorPerUnion(issues: AjvIssue[]): AjvIssue[] {
  const path = issues[0]?.instancePath;
  const same = issues.filter((e) => e.instancePath === path);
  if (same.length < 2) return issues;
  const specific = same.find((e) => e.keyword !== 'type' && e.keyword !== 'anyOf');
  const types = same.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
  const first = specific ?? (types.length > 1 ? { ...same[0], keyword: 'type', params: { type: types.join('/') } } : same[0]);
  return [first, ...issues.filter((e) => e.instancePath !== path)];
}

function wantsEnglish(req: FastifyRequest): boolean {
  const lang = req.headers['accept-language'];
  return typeof lang === 'string' && /^en\b/i.test(lang);
}

export function errorBody(req: FastifyRequest, err: AppError) {
  const en = wantsEnglish(req);
  return {
    error: {
      code: err.code,
      message: en ? err.messageEn : err.messageZh,
      fields: err.fields.map((f) => ({ field: f.field, message: en ? f.messageEn : f.message })),
      requestId: req.id,
    },
  };
}

/** The one error handler. Known errors keep their code; everything else is a logged, generic 500. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    let known: AppError | undefined;
    if (error instanceof AppError) known = error;
    else if ('validation' in error && Array.isArray(error.validation)) {
      known = fromAjv((error as FastifyError).validationContext ?? 'body', error.validation as AjvIssue[]);
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      known = mapFastifyClientError(error as FastifyError);
    }
    if (known) {
      if (known.status >= 500) req.log.error({ err: error }, 'request failed');
      return reply.status(known.status).send(errorBody(req, known));
    }
    req.log.error({ err: error }, 'unhandled error');
    const generic = new AppError('INTERNAL', 500, '服务器内部错误，请稍后重试', 'Internal server error, please retry later');
    return reply.status(500).send(errorBody(req, generic));
  });
}

export const routeNotFound = () => new AppError('ROUTE_NOT_FOUND', 404, '请求的地址不存在', 'No such route');

function mapFastifyClientError(error: FastifyError): AppError {
  const status = error.statusCode ?? 400;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', 413, '请求内容过大', 'Request body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的内容类型', 'Unsupported content type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_JSON', 400, '请求内容不是有效的 JSON', 'Body is not valid JSON', [
        { field: 'body', message: '不是有效的 JSON', messageEn: 'is not valid JSON' },
      ]);
    default:
      if (error instanceof SyntaxError || error.name === 'SyntaxError') {
        return new AppError('MALFORMED_JSON', 400, '请求内容不是有效的 JSON', 'Body is not valid JSON', [
          { field: 'body', message: '不是有效的 JSON', messageEn: 'is not valid JSON' },
        ]);
      }
      if (status === 429) return new AppError('RATE_LIMITED', 429, '请求过于频繁，请稍后再试', 'Too many requests');
      return new AppError('BAD_REQUEST', status, '请求无效', 'Bad request');
  }
}
