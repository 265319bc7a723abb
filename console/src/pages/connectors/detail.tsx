import { Placeholder } from "../../ui/page.tsx";

export function ConnectorPage() {
  return <Placeholder title="Connector" />;
}
