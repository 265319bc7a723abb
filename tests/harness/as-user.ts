import postgres from "postgres";
import { inject } from "vitest";

/**
 * A connection that is "the user" from its first byte, as `psql` would be with
 * PGOPTIONS="-c role=authenticated -c request.jwt.claims=…": logs in as the API's login
 * role and sets the role and the JWT claims in the startup packet.
 */
export function connectAsUser(userId: string): postgres.Sql {
  return postgres(inject("apiLoginUrl"), {
    max: 1,
    onnotice: () => {},
    connection: {
      role: "authenticated",
      "request.jwt.claims": JSON.stringify({ sub: userId, role: "authenticated" }),
    },
  });
}
