import { z } from 'zod';

const WhatsappMode = z.enum(['off', 'web', 'cloud']);

/** `CORS_ORIGINS`: comma-separated origins (`https://example.go.id`) or `*`. */
function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o.length > 0);
  for (const origin of origins) {
    if (origin === '*') continue;
    let valid = false;
    try {
      valid = new URL(origin).origin === origin;
    } catch {
      valid = false;
    }
    if (!valid) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://layanan.example.go.id (no path, no trailing slash)` });
  }
  return origins;
}

const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  OFFICE_HOURS: z.string().min(3).default('Mon-Fri 08:00-15:00'),
  OFFICE_TIMEZONE: z.string().default('Asia/Jakarta'),
  REDIS_URL: z.url().optional(),
  REDIS_PREFIX: z.string().regex(/^[\w:.-]*$/).default('layani:'),
  RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  DIRECTLINE_SECRET: z.string().min(16, 'DIRECTLINE_SECRET must be at least 16 characters').optional(),
  WHATSAPP_MODE: WhatsappMode.default('off'),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0'),
  TRUST_PROXY: z.stringbool().default(false),
  MAX_MESSAGE_LENGTH: z.coerce.number().int().min(50).max(20000).default(1000),
  MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(100000).default(32),
  // Web chat (channels/webchat): see .env.example.
  CORS_ORIGINS: z.string().transform(parseOrigins).default([]),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  TOKEN_SIGNING_KEY: z.string().min(32, 'TOKEN_SIGNING_KEY must be at least 32 characters').optional(),
  WEBCHAT_PUBLIC_TOKENS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_PUBLIC_TOKENS: z.coerce.number().int().min(1).default(30),
  // Officer console (channels/console): see .env.example.
  OFFICER_ACCOUNTS_FILE: z.string().min(1).default('var/officers.json'),
  CONSOLE_SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(480),
  CONSOLE_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  CONSOLE_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  CONSOLE_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  CONSOLE_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  // WhatsApp (channels/whatsapp): see .env.example and channels/whatsapp/README.md.
  WHATSAPP_SESSION_DIR: z.string().min(1).default('var/whatsapp-session'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_QR_TOKEN: z.string().min(16, 'WHATSAPP_QR_TOKEN must be at least 16 characters').optional(),
  WHATSAPP_TEMPLATE_NAME: z.string().min(1).optional(),
  WHATSAPP_TEMPLATE_LANG: z.string().min(2).default('id'),
});

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/** Validates the environment once at start; a bad value stops the start naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings (e.g. `REDIS_URL=` copied from .env.example) as unset.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
