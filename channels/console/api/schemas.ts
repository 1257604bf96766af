import { USERNAME_PATTERN, MAX_PASSWORD_LENGTH } from '../accounts/accounts.js';

/**
 * JSON schemas of the console API: requests are validated, and responses are serialised through them,
 * so nothing the console does not need (such as a citizen's channel address) ever reaches a browser.
 */
export const MAX_OFFICER_TEXT = 4000;

const nullableString = { type: ['string', 'null'] } as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const recordSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    channelId: { type: 'string' },
    citizenName: { type: 'string' },
    owner: { type: 'string', enum: ['bot', 'queued', 'officer', 'closed'] },
    officer: { type: 'string' },
    queuedAt: { type: 'number' },
    claimedAt: { type: 'number' },
    lastCitizenAt: { type: 'number' },
    intent: { type: 'string' },
    service: nullableString,
    pending: { type: 'string' },
    ticket: { type: 'string' },
    rating: { type: 'number' },
  },
  required: ['key', 'channelId', 'owner', 'lastCitizenAt'],
} as const;

export const entrySchema = {
  type: 'object',
  properties: {
    at: { type: 'number' },
    author: { type: 'string', enum: ['citizen', 'bot', 'officer', 'system', 'note'] },
    name: { type: 'string' },
    channel: { type: 'string' },
    text: { type: 'string' },
    attachments: {
      type: 'array',
      items: { type: 'object', properties: { contentType: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } }, required: ['contentType'] },
    },
    intent: { type: 'string' },
    confidence: { type: 'number' },
    service: nullableString,
  },
  required: ['at', 'author', 'channel', 'text'],
} as const;

export const ticketSchema = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    key: { type: 'string' },
    createdAt: { type: 'number' },
    message: { type: 'string' },
    status: { type: 'string', enum: ['open', 'answered'] },
    answeredBy: { type: 'string' },
    answeredAt: { type: 'number' },
  },
  required: ['number', 'key', 'createdAt', 'message', 'status'],
} as const;

const officerSchema = {
  type: 'object',
  properties: { username: { type: 'string' }, role: { type: 'string', enum: ['officer', 'supervisor'] } },
  required: ['username', 'role'],
} as const;

const okSchema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } as const;
const recordReply = { type: 'object', properties: { record: recordSchema }, required: ['record'] } as const;
const failures = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema } as const;

const keyParams = {
  type: 'object',
  properties: { key: { type: 'string', minLength: 3, maxLength: 512 } },
  required: ['key'],
} as const;
const textBody = {
  type: 'object',
  properties: { text: { type: 'string', minLength: 1, maxLength: MAX_OFFICER_TEXT, pattern: '\\S' } },
  required: ['text'],
  additionalProperties: false,
} as const;
const emptyBody = { type: 'object', additionalProperties: false, maxProperties: 0 } as const;

export const schemas = {
  loginForm: { response: { 200: { type: 'object', properties: { csrfToken: { type: 'string' } }, required: ['csrfToken'] } } },
  login: {
    body: {
      type: 'object',
      properties: {
        // Any string up to 64: a malformed username must fail like a wrong password, not earlier.
        username: { type: 'string', minLength: 1, maxLength: 64 },
        password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
      },
      required: ['username', 'password'],
      additionalProperties: false,
    },
    response: { 200: { type: 'object', properties: { ...officerSchema.properties, csrfToken: { type: 'string' } }, required: ['username', 'role', 'csrfToken'] }, ...failures },
  },
  logout: { response: { 200: okSchema, ...failures } },
  me: { response: { 200: { type: 'object', properties: { ...officerSchema.properties, csrfToken: { type: 'string' } }, required: ['username', 'role', 'csrfToken'] }, ...failures } },
  officers: { response: { 200: { type: 'object', properties: { officers: { type: 'array', items: officerSchema } }, required: ['officers'] }, ...failures } },
  canned: {
    response: {
      200: {
        type: 'object',
        properties: { replies: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, text: { type: 'string' } }, required: ['title', 'text'] } } },
        required: ['replies'],
      },
      ...failures,
    },
  },
  queue: {
    response: {
      200: {
        type: 'object',
        properties: {
          now: { type: 'number' },
          items: {
            type: 'array',
            items: { type: 'object', properties: { record: recordSchema, waitingMs: { type: 'number' }, preview: { type: 'array', items: entrySchema } }, required: ['record', 'waitingMs', 'preview'] },
          },
        },
        required: ['now', 'items'],
      },
      ...failures,
    },
  },
  conversation: {
    params: keyParams,
    response: { 200: { type: 'object', properties: { record: recordSchema, transcript: { type: 'array', items: entrySchema }, replyWindowClosed: { type: 'boolean' } }, required: ['record', 'transcript'] }, ...failures },
  },
  action: { params: keyParams, body: emptyBody, response: { 200: recordReply, ...failures } },
  text: { params: keyParams, body: textBody, response: { 200: okSchema, ...failures } },
  typing: { params: keyParams, body: emptyBody, response: { 200: okSchema, ...failures } },
  transfer: {
    params: keyParams,
    body: { type: 'object', properties: { to: { type: 'string', pattern: USERNAME_PATTERN } }, required: ['to'], additionalProperties: false },
    response: { 200: recordReply, ...failures },
  },
  tickets: {
    querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'answered'] } }, additionalProperties: false },
    response: { 200: { type: 'object', properties: { tickets: { type: 'array', items: ticketSchema } }, required: ['tickets'] }, ...failures },
  },
  answerTicket: {
    params: { type: 'object', properties: { number: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['number'] },
    body: textBody,
    response: { 200: { type: 'object', properties: { ticket: ticketSchema }, required: ['ticket'] }, ...failures },
  },
  load: {
    response: {
      200: {
        type: 'object',
        properties: {
          officers: {
            type: 'array',
            items: { type: 'object', properties: { ...officerSchema.properties, conversations: { type: 'integer' } }, required: ['username', 'conversations'] },
          },
          queued: { type: 'integer' },
        },
        required: ['officers', 'queued'],
      },
      ...failures,
    },
  },
} as const;
