// A TCP proxy for the chaos suite that can make a network path go silent: `hang()` stops
// forwarding in both directions on open connections and accepts new ones without forwarding
// anything (no RST, no FIN — what a dead router or a full conntrack table looks like), and
// `resume()` delivers what was held, in order, as TCP's retransmissions would once the path is
// back. Loopback only; it listens on a port the kernel picks.
import { createServer, type Server, type Socket, connect } from "node:net";
import type { AddressInfo } from "node:net";

export interface HangProxy {
  /** `127.0.0.1:<port>` the clients should dial instead of the upstream. */
  host: string;
  port: number;
  /** Rewrites a connection URL's host and port to the proxy's. */
  via(url: string): string;
  hang(): void;
  resume(): void;
  hanging(): boolean;
  /** Connections currently open through the proxy (client side). */
  open(): number;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket | undefined;
  /** What arrived while the path hung, replayed in order on resume. */
  held: (() => void)[];
}

export async function startHangProxy(upstream: { host: string; port: number }): Promise<HangProxy> {
  const links = new Set<Link>();
  let silent = false;

  const run = (link: Link, action: () => void) => {
    if (silent) link.held.push(action);
    else action();
  };
  const drop = (link: Link) => {
    link.client.destroy();
    link.upstream?.destroy();
    links.delete(link);
  };
  const openUpstream = (link: Link) => {
    const socket = connect(upstream.port, upstream.host);
    link.upstream = socket;
    if (silent) socket.pause();
    socket.on("data", (chunk) => run(link, () => link.client.write(chunk)));
    socket.on("end", () => run(link, () => link.client.end()));
    socket.on("error", () => {});
    socket.on("close", () => run(link, () => drop(link)));
  };

  const server: Server = createServer((client) => {
    const link: Link = { client, upstream: undefined, held: [] };
    links.add(link);
    if (silent) client.pause();
    client.on("data", (chunk) => run(link, () => link.upstream?.write(chunk)));
    client.on("end", () => run(link, () => link.upstream?.end()));
    client.on("error", () => {});
    client.on("close", () => run(link, () => drop(link)));
    run(link, () => openUpstream(link));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;

  return {
    host,
    port,
    via: (url) => {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    hang: () => {
      silent = true;
      for (const link of links) {
        link.client.pause();
        link.upstream?.pause();
      }
    },
    resume: () => {
      silent = false;
      for (const link of [...links]) {
        for (const action of link.held.splice(0)) action();
        if (!link.client.destroyed) link.client.resume();
        if (link.upstream && !link.upstream.destroyed) link.upstream.resume();
      }
    },
    hanging: () => silent,
    open: () => links.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const link of [...links]) drop(link);
        server.close(() => resolve());
      }),
  };
}
