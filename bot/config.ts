import { z } from 'zod';

const WhatsappMode = z.enum(['off', 'web', 'cloud']);

const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  OFFICE_HOURS: z.string().min(3).default('Mon-Fri 08:00-15:00'),
  OFFICE_TIMEZONE: z.string().default('Asia/Jakarta'),
  REDIS_URL: z.url().optional(),
  DIRECTLINE_SECRET: z.string().min(16, 'DIRECTLINE_SECRET must be at least 16 characters').optional(),
  WHATSAPP_MODE: WhatsappMode.default('off'),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0'),
  MAX_MESSAGE_LENGTH: z.coerce.number().int().min(50).max(20000).default(1000),
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
