import { Placeholder } from "../../ui/page.tsx";

export function PlatformStatsPage() {
  return <Placeholder title="Platform stats" />;
}
