// Sign-in through Supabase Auth with @supabase/supabase-js (email + password); supabase-js keeps
// the session in localStorage and refreshes it before it expires. The caller's workspaces and
// whether they are a saas admin come from GET /v1/me.
import {
  type Session,
  type SupabaseClient,
  createClient as createSupabase,
} from "@supabase/supabase-js";
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { type Client, createClient, ok } from "./api.ts";

export interface ConsoleConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
}

export interface Me {
  user: { id: string; email: string | null };
  workspaces: { id: string; name: string; role: "owner" | "admin" | "member"; createdAt: string }[];
  isSaasAdmin: boolean;
  saasAdminRole: "admin" | "super_admin" | null;
}

interface AuthValue {
  supabase: SupabaseClient;
  session: Session | null;
  /** Undefined while /v1/me loads. */
  me: Me | undefined;
  meError: unknown;
  api: Client;
  workspaceId: string | null;
  workspace: Me["workspaces"][number] | null;
  setWorkspaceId: (id: string) => void;
  signIn: (email: string, password: string) => Promise<string | null>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);
const WORKSPACE_KEY = "connectors.console.workspace";

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch("/console/config.json", { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`The console's configuration could not be read (${res.status}).`);
  return (await res.json()) as ConsoleConfig;
}

export function AuthProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const supabase = useMemo(
    () =>
      createSupabase(config.supabaseUrl, config.supabaseAnonKey || "missing-anon-key", {
        auth: {
          persistSession: true,
          autoRefreshToken: true,
          detectSessionInUrl: false,
          storageKey: "connectors.console.auth",
        },
      }),
    [config],
  );
  const [session, setSession] = useState<Session | null>(null);
  const [ready, setReady] = useState(false);
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [meError, setMeError] = useState<unknown>(undefined);
  const [workspaceId, setWorkspaceIdState] = useState<string | null>(() =>
    window.localStorage.getItem(WORKSPACE_KEY),
  );

  useEffect(() => {
    supabase.auth.getSession().then(({ data }) => {
      setSession(data.session);
      setReady(true);
    });
    const { data } = supabase.auth.onAuthStateChange((_event, next) => setSession(next));
    return () => data.subscription.unsubscribe();
  }, [supabase]);

  // The token is read per call: supabase-js hands out a refreshed one once the old one expires.
  const api = useMemo(
    () =>
      createClient(async () => {
        const { data } = await supabase.auth.getSession();
        return data.session?.access_token ?? null;
      }),
    [supabase],
  );

  const userId = session?.user.id ?? null;
  useEffect(() => {
    if (!userId) {
      setMe(undefined);
      return;
    }
    let live = true;
    setMeError(undefined);
    ok(api.v1.me.$get()).then(
      (value) => live && setMe(value),
      (error: unknown) => live && setMeError(error),
    );
    return () => {
      live = false;
    };
  }, [api, userId]);

  const workspace =
    me?.workspaces.find((candidate) => candidate.id === workspaceId) ?? me?.workspaces[0] ?? null;

  const setWorkspaceId = useCallback((id: string) => {
    window.localStorage.setItem(WORKSPACE_KEY, id);
    setWorkspaceIdState(id);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { error } = await supabase.auth.signInWithPassword({ email, password });
      if (!error) return null;
      return error.code === "invalid_credentials" || error.status === 400
        ? "The email or password is not right."
        : error.message;
    },
    [supabase],
  );

  const signOut = useCallback(async () => {
    await supabase.auth.signOut();
    setMe(undefined);
  }, [supabase]);

  if (!ready) return null;
  return (
    <AuthContext.Provider
      value={{
        supabase,
        session,
        me,
        meError,
        api,
        workspaceId: workspace?.id ?? null,
        workspace,
        setWorkspaceId,
        signIn,
        signOut,
      }}
    >
      {children}
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** The API client and the current workspace, for pages inside the signed-in layout. */
export function useWorkspace(): {
  api: Client;
  ws: string;
  role: Me["workspaces"][number]["role"];
} {
  const { api, workspace } = useAuth();
  if (!workspace) throw new Error("no workspace selected");
  return { api, ws: workspace.id, role: workspace.role };
}
