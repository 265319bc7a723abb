import { Placeholder } from "../../ui/page.tsx";

export function ExecutionPage() {
  return <Placeholder title="Execution" />;
}
