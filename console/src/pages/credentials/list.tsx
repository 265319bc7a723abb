import { Placeholder } from "../../ui/page.tsx";

export function CredentialsPage() {
  return <Placeholder title="Credentials" />;
}
