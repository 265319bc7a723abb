// Published, dev-only secrets (README "Two commands": the same as the Supabase CLI's, and a fixed
// credentials key so dev data survives restarts). Anybody can read them here, so production refuses
// them.
export const DEV_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
export const DEV_CREDENTIALS_KEYS = "1:ZGV2LW9ubHktY3JlZGVudGlhbHMta2V5LTMyYnl0ZXM=";
