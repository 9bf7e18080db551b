/**
 * Every error the API returns has one of these codes, an HTTP status and a message a person can act
 * on. The mini-app shows `message`; programs match on `code`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  BAD_ENCODING: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  AUTH_CODE_INVALID: 401,
  FORBIDDEN: 403,
  USER_NOT_IN_ORG: 403,
  OUT_OF_TERRITORY: 403,
  NOT_ELIGIBLE: 403,
  SELF_REVIEW_FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  TASK_ALREADY_CLAIMED: 409,
  CONFLICT: 409,
  IDENTITY_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DOMAIN_RULE: 422,
  CLAIM_LIMIT_REACHED: 422,
  CLAIM_DEADLINE_PASSED: 422,
  CLAIM_EXPIRED: 422,
  EXTENSION_USED: 422,
  OVERDUE_REASON_REQUIRED: 422,
  LAST_ADMIN: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  DB_UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown }
}
