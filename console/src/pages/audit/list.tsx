import { Placeholder } from "../../ui/page.tsx";

export function AuditLogPage() {
  return <Placeholder title="Audit log" />;
}
