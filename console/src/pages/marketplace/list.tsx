import { Placeholder } from "../../ui/page.tsx";

export function MarketplacePage() {
  return <Placeholder title="Marketplace" />;
}
