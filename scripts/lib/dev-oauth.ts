// What `npm run dev` prints about the demo OAuth 2.0 provider: its client id and (dev-only)
// secret, its authorize and token URLs, and the curl lines that connect a credential to it.
import { DEMO_OAUTH_CLIENT } from "./oauth-provider.ts";

export function demoOAuthLines(apiUrl: string, workspaceId: string, targetUrl: string): string {
  const authorize = `${targetUrl}/oauth/authorize`;
  const token = `${targetUrl}/oauth/token`;
  const credential = `${apiUrl}/v1/workspaces/${workspaceId}/credentials/demo_oauth`;
  const body = JSON.stringify({
    allowedHosts: [new URL(targetUrl).host],
    oauth: {
      grantType: "authorization_code",
      authorizeUrl: authorize,
      tokenUrl: token,
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      scopes: ["people.read"],
    },
  });
  return `Demo OAuth 2.0 provider (dev-only client; README "Connecting an OAuth 2.0 credential"):
  Client id      ${DEMO_OAUTH_CLIENT.clientId}
  Client secret  ${DEMO_OAUTH_CLIENT.clientSecret}
  Authorize URL  ${authorize}
  Token URL      ${token}
  curl -s -X PUT ${credential} -H "Authorization: Bearer $OWNER_TOKEN" \\
    -H 'content-type: application/json' -d '${body}'
  AUTHORIZE_URL=$(curl -s -X POST ${credential}/oauth/authorize -H "Authorization: Bearer $OWNER_TOKEN" \\
    | sed -E 's/^[{]"authorizeUrl":"([^"]+)".*/\\1/'); echo "$AUTHORIZE_URL"
  curl -s -L -o /dev/null -w '%{url_effective}\\n' "$AUTHORIZE_URL"   # or open it in a browser
  curl -s ${credential} -H "Authorization: Bearer $OWNER_TOKEN"   # "status":"connected"`;
}
