/** JSON schemas of the Direct Line routes: requests are validated, responses serialised from them. */

const conversationId = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const watermark = { type: 'string', pattern: '^[0-9]{0,15}$' } as const;
const userId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const shortText = { type: 'string', maxLength: 256 } as const;

const errorResponse = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] },
  },
} as const;

const errors = { '4xx': errorResponse, '5xx': errorResponse } as const;

const conversation = {
  type: 'object',
  properties: {
    conversationId: { type: 'string' },
    token: { type: 'string' },
    expires_in: { type: 'integer' },
    streamUrl: { type: 'string' },
  },
  required: ['conversationId', 'token', 'expires_in'],
} as const;

const activitySet = {
  type: 'object',
  properties: {
    activities: { type: 'array', items: { type: 'object', additionalProperties: true } },
    watermark: { type: 'string' },
  },
  required: ['activities', 'watermark'],
} as const;

const account = {
  type: 'object',
  properties: { id: userId, name: shortText, role: { type: 'string', maxLength: 16 } },
} as const;

/** Optional body of tokens/generate and conversations: `{ user: { id, name } }`. */
const startBody = {
  type: ['object', 'null'],
  properties: {
    user: { type: 'object', properties: { id: userId, name: shortText } },
    locale: { type: 'string', maxLength: 20 },
    trustedOrigins: { type: 'array', items: { type: 'string', maxLength: 256 }, maxItems: 20 },
  },
} as const;

export const tokensGenerateSchema = { body: startBody, response: { 200: conversation, ...errors } } as const;
export const tokensRefreshSchema = { response: { 200: conversation, ...errors } } as const;
export const startConversationSchema = { body: startBody, response: { 200: conversation, 201: conversation, ...errors } } as const;

export const reconnectSchema = {
  params: { type: 'object', properties: { conversationId }, required: ['conversationId'] },
  querystring: { type: 'object', properties: { watermark } },
  response: { 200: conversation, ...errors },
} as const;

export const getActivitiesSchema = {
  params: { type: 'object', properties: { conversationId }, required: ['conversationId'] },
  querystring: { type: 'object', properties: { watermark } },
  response: { 200: activitySet, ...errors },
} as const;

export const postActivitySchema = {
  params: { type: 'object', properties: { conversationId }, required: ['conversationId'] },
  body: {
    type: 'object',
    required: ['type'],
    properties: {
      type: { type: 'string', enum: ['message', 'event', 'typing'] },
      from: account,
      text: { type: 'string' },
      textFormat: { type: 'string', enum: ['plain', 'markdown', 'xml'] },
      locale: { type: 'string', maxLength: 20 },
      name: shortText,
      value: {},
      replyToId: shortText,
      attachments: { type: 'array', maxItems: 10, items: { type: 'object' } },
      entities: { type: 'array', maxItems: 20, items: { type: 'object' } },
      channelData: { type: 'object' },
    },
  },
  response: { 200: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, ...errors },
} as const;

export const streamSchema = {
  params: { type: 'object', properties: { conversationId }, required: ['conversationId'] },
  querystring: { type: 'object', properties: { watermark, t: { type: 'string', maxLength: 4096 } } },
} as const;

export const publicTokenSchema = {
  response: {
    200: {
      type: 'object',
      properties: {
        conversationId: { type: 'string' },
        token: { type: 'string' },
        expires_in: { type: 'integer' },
        userId: { type: 'string' },
      },
      required: ['conversationId', 'token', 'expires_in', 'userId'],
    },
    ...errors,
  },
} as const;
