import { Placeholder } from "../../ui/page.tsx";

export function ReviewQueuePage() {
  return <Placeholder title="Review queue" />;
}
