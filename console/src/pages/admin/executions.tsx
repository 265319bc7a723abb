import { Placeholder } from "../../ui/page.tsx";

export function AdminExecutionsPage() {
  return <Placeholder title="Recent executions" />;
}
