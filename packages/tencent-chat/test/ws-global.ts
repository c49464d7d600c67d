import { type AddressInfo, createServer } from 'node:net';
import WebSocket from 'ws';

/** The sockets the SDK opened, with the address it asked for. */
export interface OpenedSocket {
  url: string;
  socket: WebSocket;
  closed: Promise<void>;
}

/**
 * Installs `ws` as the global WebSocket (Node 20 has none), recording every socket. `redirectTo` sends every
 * connection to that address instead, so the SDK's default Tencent hosts are never reached.
 */
export function installWebSocket(redirectTo?: string) {
  const opened: OpenedSocket[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(redirectTo ?? url, protocols);
      // The SDK drops its handlers before close(); ws would then throw "closed before the connection was
      // established" as an unhandled 'error' event, which a browser WebSocket never does.
      this.on('error', () => {});
      const closed = new Promise<void>((resolve) => this.once('close', () => resolve()));
      opened.push({ url: String(url), socket: this, closed });
    }
  }
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
  Object.defineProperty(globalThis, 'WebSocket', {
    value: RecordingWebSocket,
    configurable: true,
    writable: true,
  });
  return {
    opened,
    restore: () => {
      if (previous) Object.defineProperty(globalThis, 'WebSocket', previous);
      else Reflect.deleteProperty(globalThis, 'WebSocket');
    },
  };
}

/** A 127.0.0.1 port nothing listens on: connections to it are refused at once. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
