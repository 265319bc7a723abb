// A new connector: the editor with an empty one-step definition; saved, it opens its page.
import { useLocation } from "wouter";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { ConnectorForm } from "./connector-form.tsx";

export function ConnectorEditorPage() {
  const { api, ws } = useWorkspace();
  const [, navigate] = useLocation();
  return (
    <>
      <PageHeader title="New connector" />
      <ConnectorForm
        initial={{ name: "", description: null, status: "active", definition: {} }}
        submitLabel="Create connector"
        onSave={async (values) => {
          const created = await ok(
            api.v1.workspaces[":ws"].connectors.$post({ param: { ws }, json: values }),
          );
          navigate(`/connectors/${created.id}`);
        }}
      />
    </>
  );
}
