// A local JWKS endpoint standing in for Supabase Auth's asymmetric signing keys.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, type JWK, exportJWK, generateKeyPair } from "jose";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeSigningKey(kid: string, alg: "RS256" | "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicJwk };
}

export interface JwksServer {
  url: string;
  hits: () => number;
  setKeys: (keys: SigningKey[]) => void;
  close: () => Promise<void>;
}

export async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  let current = keys;
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: current.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`,
    hits: () => hits,
    setKeys: (keys) => {
      current = keys;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
