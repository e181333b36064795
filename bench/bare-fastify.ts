// The floor every chatapp figure is reported beside: bare Fastify answering a small JSON body.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/*', async () => ({ data: [{ id: '1', display_phone_number: '+1 555-010-0001' }] }));
app.post('/*', async () => ({ ok: true }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
