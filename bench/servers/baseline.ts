/**
 * The baseline: a bare fastify server with one JSON route, run as its own process. End-to-end figures
 * are divided by its requests per second, so that results from different machines can be compared.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
