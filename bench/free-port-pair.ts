import net from 'node:net';

/** A free port whose successor is free too: the local broker takes port and port + 1 (controller). */
export async function freePortPair(): Promise<number> {
  const listen = (port: number): Promise<number | null> =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  for (let i = 0; i < 50; i += 1) {
    const p = await listen(0);
    if (p !== null && p < 65535 && (await listen(p + 1)) !== null) return p;
  }
  throw new Error('no free port pair for the local Kafka broker');
}
