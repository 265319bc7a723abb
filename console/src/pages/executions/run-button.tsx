import { Placeholder } from "../../ui/page.tsx";

/** Starts an execution of a connector (input dialog), then opens the execution's page. */
export function RunConnectorButton(_props: { connectorId: string; connectorName: string }) {
  return <Placeholder title="Run" />;
}
