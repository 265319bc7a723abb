import { Placeholder } from "../../ui/page.tsx";

export function AdminTemplatesPage() {
  return <Placeholder title="Templates" />;
}
