import { SignJWT } from "jose";

export interface TokenUser {
  id: string;
  email: string;
}

/** Mints a Supabase-shaped access token (HS256), as Supabase Auth would issue for `user`. */
export async function mintToken(
  user: TokenUser,
  options: { secret: string; supabaseUrl: string; ttlSeconds?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: user.email,
    role: "authenticated",
    aal: "aal1",
    session_id: crypto.randomUUID(),
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(`${options.supabaseUrl.replace(/\/+$/, "")}/auth/v1`)
    .setAudience("authenticated")
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(options.secret));
}
