// The console's shell: configuration, sign-in, the layout with its navigation, and the routes
// (under /console; wouter's base). Saas-admin links show only to saas admins; anyone else who
// opens an admin page gets the API's 403 shown as its error.
import {
  type ComponentType,
  type LazyExoticComponent,
  Suspense,
  lazy,
  useEffect,
  useState,
} from "react";
import { Link, Redirect, Route, Router, Switch, useLocation } from "wouter";
import { AuthProvider, type ConsoleConfig, loadConfig, useAuth } from "./lib/auth.tsx";
import { ConnectorsPage } from "./pages/connectors/list.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { ErrorBox, Loading } from "./ui/state.tsx";

/** Pages load on first visit (the connectors list, the landing page, ships with the shell). */
function page<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> {
  return lazy(() =>
    load().then((module): { default: ComponentType } => ({ default: module[name] })),
  );
}

const AdminExecutionsPage = page(
  () => import("./pages/admin/executions.tsx"),
  "AdminExecutionsPage",
);
const PlatformStatsPage = page(() => import("./pages/admin/stats.tsx"), "PlatformStatsPage");
const ReviewQueuePage = page(() => import("./pages/admin/review.tsx"), "ReviewQueuePage");
const AdminTemplatesPage = page(() => import("./pages/admin/templates.tsx"), "AdminTemplatesPage");
const AuditLogPage = page(() => import("./pages/audit/list.tsx"), "AuditLogPage");
const ConnectorPage = page(() => import("./pages/connectors/detail.tsx"), "ConnectorPage");
const ConnectorEditorPage = page(
  () => import("./pages/connectors/editor.tsx"),
  "ConnectorEditorPage",
);
const CredentialsPage = page(() => import("./pages/credentials/list.tsx"), "CredentialsPage");
const ExecutionPage = page(() => import("./pages/executions/detail.tsx"), "ExecutionPage");
const ExecutionsPage = page(() => import("./pages/executions/list.tsx"), "ExecutionsPage");
const MarketplacePage = page(() => import("./pages/marketplace/list.tsx"), "MarketplacePage");
const TemplatePage = page(() => import("./pages/marketplace/template.tsx"), "TemplatePage");

export function App() {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadConfig().then(setConfig, setError);
  }, []);
  if (error) return <ErrorBox error={error} onRetry={() => window.location.reload()} />;
  if (!config) return <Loading />;
  return (
    <AuthProvider config={config}>
      <Router base="/console">
        <Shell />
      </Router>
    </AuthProvider>
  );
}

function Shell() {
  const { session, me, meError, workspace } = useAuth();
  const [location] = useLocation();
  if (!session) {
    if (location !== "/sign-in")
      return <Redirect to={`/sign-in?next=${encodeURIComponent(location)}`} />;
    return <SignInPage />;
  }
  if (location === "/sign-in") return <Redirect to="/connectors" />;
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <div className="body">
        <Nav />
        <main id="main" tabIndex={-1}>
          {meError ? (
            <ErrorBox error={meError} onRetry={() => window.location.reload()} />
          ) : !me ? (
            <Loading />
          ) : !workspace && !location.startsWith("/admin") ? (
            <p className="state empty">You are not a member of any workspace yet.</p>
          ) : (
            <Suspense fallback={<Loading />}>
              <Routes />
            </Suspense>
          )}
        </main>
      </div>
    </div>
  );
}

function Routes() {
  return (
    <Switch>
      <Route path="/">
        <Redirect to="/connectors" />
      </Route>
      <Route path="/connectors" component={ConnectorsPage} />
      <Route path="/connectors/new" component={ConnectorEditorPage} />
      <Route path="/connectors/:id/:tab?" component={ConnectorPage} />
      <Route path="/executions" component={ExecutionsPage} />
      <Route path="/executions/:id" component={ExecutionPage} />
      <Route path="/credentials" component={CredentialsPage} />
      <Route path="/marketplace" component={MarketplacePage} />
      <Route path="/marketplace/:id" component={TemplatePage} />
      <Route path="/audit-log" component={AuditLogPage} />
      <Route path="/admin/review" component={ReviewQueuePage} />
      <Route path="/admin/templates/:id?" component={AdminTemplatesPage} />
      <Route path="/admin/stats" component={PlatformStatsPage} />
      <Route path="/admin/executions" component={AdminExecutionsPage} />
      <Route>
        <p className="state empty">No such page.</p>
      </Route>
    </Switch>
  );
}

function TopBar() {
  const { me, workspace, setWorkspaceId, signOut } = useAuth();
  return (
    <header className="topbar">
      <Link href="/connectors" className="brand">
        Connectors
      </Link>
      {me && me.workspaces.length > 0 && (
        <label className="workspace">
          <span className="visually-hidden">Workspace</span>
          <select
            value={workspace?.id ?? ""}
            onChange={(event) => setWorkspaceId(event.target.value)}
          >
            {me.workspaces.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.role})
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="who" data-testid="signed-in-as">
        {me?.user.email ?? ""}
      </span>
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </header>
  );
}

const BUILDER_LINKS = [
  ["/connectors", "Connectors"],
  ["/executions", "Executions"],
  ["/credentials", "Credentials"],
  ["/marketplace", "Marketplace"],
  ["/audit-log", "Audit log"],
] as const;

const ADMIN_LINKS = [
  ["/admin/review", "Review queue"],
  ["/admin/templates", "Templates"],
  ["/admin/stats", "Platform stats"],
  ["/admin/executions", "Recent executions"],
] as const;

function Nav() {
  const { me } = useAuth();
  const [location] = useLocation();
  const link = ([href, label]: readonly [string, string]) => {
    const current = location === href || location.startsWith(`${href}/`);
    return (
      <li key={href}>
        <Link href={href} aria-current={current ? "page" : undefined}>
          {label}
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Console">
      <ul>{BUILDER_LINKS.map(link)}</ul>
      {me?.isSaasAdmin && (
        <>
          <h2 className="nav-heading">Saas admin</h2>
          <ul data-testid="admin-nav">{ADMIN_LINKS.map(link)}</ul>
        </>
      )}
    </nav>
  );
}
