import { Placeholder } from "../../ui/page.tsx";

export function ConnectorEditorPage() {
  return <Placeholder title="New connector" />;
}
