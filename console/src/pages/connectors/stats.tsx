import { Placeholder } from "../../ui/page.tsx";

/** A connector's statistics (part B builds it); the connector page's Stats tab renders it. */
export function ConnectorStats(_props: { connectorId: string }) {
  return <Placeholder title="Stats" />;
}
