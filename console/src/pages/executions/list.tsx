import { Placeholder } from "../../ui/page.tsx";

export function ExecutionsPage() {
  return <Placeholder title="Executions" />;
}
