import { z } from 'zod';

/** Where a fact comes from and when we last checked it against that source. */
const Source = z.strictObject({
  name: z.string().min(3),
  url: z.url().optional(),
  checked: z.iso.date(),
});

const VariantFacts = z.strictObject({
  variant: z.string().min(1),
  summary: z.string().min(3),
  items: z.array(z.string().min(2)).optional(),
});

/**
 * One service-standard component (Law 25/2009 art. 21). `summary` is the first line a citizen
 * reads; `items` are the details (one per line); `byVariant` overrides for a variant of the service.
 * `uncertain` says plainly what we could not confirm, instead of inventing it.
 */
const Component = z.strictObject({
  summary: z.string().min(3),
  items: z.array(z.string().min(2)).optional(),
  byVariant: z.array(VariantFacts).optional(),
  regulation: z.string().min(5).optional(),
  source: Source,
  uncertain: z.string().min(5).optional(),
});

const Regulated = Component.extend({ regulation: z.string().min(5) });

const Variant = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(2),
  aliases: z.array(z.string().min(2)).default([]),
});

export const ServiceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(2),
  agency: z.string().min(2),
  aliases: z.array(z.string().min(2)).min(1),
  variants: z.array(Variant).default([]),
  components: z.strictObject({
    requirements: Component,
    procedure: Component,
    duration: Component,
    fee: Regulated,
    product: Component,
    legalBasis: Regulated,
    location: Component,
    complaint: Component,
  }),
});

export type Service = z.infer<typeof ServiceSchema>;
export type ComponentName = keyof Service['components'];
export type ServiceComponent = Service['components'][ComponentName];
