// A vendor stand-in that holds each answer until the test releases it, so a test can watch an
// execution's steps finish one by one. Every answer echoes the bearer token it received (the
// engine must redact it from the stored trace).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectorDefinition } from "../../engine/definition.ts";
import type { TestClient } from "./app.ts";
import { createTeam } from "./fixtures.ts";

export interface Hold {
  /** Resolves once the request for step `n` has arrived (and is being held). */
  arrived(n: number): Promise<void>;
  /** Answers step `n` (now, or as soon as it arrives). */
  release(n: number): void;
}

export interface HeldTarget {
  host: string;
  /** The steps of one connector, told apart by `tag` in their path. */
  hold(tag: string): Hold;
  close(): Promise<void>;
}

export async function startHeldTarget(): Promise<HeldTarget> {
  const waiting = new Map<string, ServerResponse & { token?: string }>();
  const released = new Set<string>();
  const arrivals = new Map<string, () => void>();
  const arrivedPromises = new Map<string, Promise<void>>();
  const arrivedPromise = (n: string) => {
    let promise = arrivedPromises.get(n);
    if (!promise) {
      promise = new Promise<void>((resolve) => arrivals.set(n, resolve));
      arrivedPromises.set(n, promise);
    }
    return promise;
  };
  const answer = (key: string, res: ServerResponse, token: string) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ step: Number(key.split("/")[1]), echoed: token }));
  };
  const server = createServer((req, res) => {
    const key = /^\/hold\/([a-z0-9]+\/\d+)$/.exec(req.url ?? "")?.[1] ?? "unknown";
    const token = req.headers.authorization ?? "";
    req.resume();
    arrivedPromise(key);
    arrivals.get(key)?.();
    if (released.has(key)) return answer(key, res, token);
    const held = Object.assign(res, { token });
    waiting.set(key, held);
    res.on("close", () => waiting.delete(key));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    hold: (tag) => ({
      arrived: (n) => arrivedPromise(`${tag}/${n}`),
      release(n) {
        const key = `${tag}/${n}`;
        released.add(key);
        const res = waiting.get(key);
        if (res) answer(key, res, res.token ?? "");
      },
    }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `steps` GET steps against the held target, each sending the `held_token` credential. */
export function heldDefinition(host: string, tag: string, steps: number): ConnectorDefinition {
  return {
    steps: Array.from({ length: steps }, (_, i) => ({
      id: `s${i + 1}`,
      request: {
        method: "GET" as const,
        url: `http://${host}/hold/${tag}/${i + 1}`,
        auth: { type: "bearer" as const, credential: "held_token" },
      },
      retry: false,
      extract: { step: "$.step" },
    })),
  };
}

/** A team with the credential stored and a connector of `steps` held steps. */
export async function arrangeHeldConnector(
  client: TestClient,
  target: HeldTarget,
  token: string,
  steps = 3,
) {
  const host = target.host;
  const tag = crypto.randomUUID().replaceAll("-", "");
  const team = await createTeam();
  const put = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/held_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: token, allowedHosts: [host] },
  });
  if (put.status !== 201) throw new Error(`credential: ${JSON.stringify(put.body)}`);
  const created = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors`,
    {
      method: "POST",
      token: team.member.token,
      body: { name: "Held", definition: heldDefinition(host, tag, steps) },
    },
  );
  if (created.status !== 201) throw new Error(`connector: ${JSON.stringify(created.body)}`);
  return { team, connectorId: created.body.id, hold: target.hold(tag) };
}
