/** Every Redis key Layani writes starts with a configurable prefix, so deployments can share a Redis. */
export class Keys {
  constructor(readonly prefix: string) {}

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }
}
