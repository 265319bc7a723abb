import { Placeholder } from "../../ui/page.tsx";

export function TemplatePage() {
  return <Placeholder title="Template" />;
}
