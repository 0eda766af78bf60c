import { PageTitle } from "../ui/kit";

export function Settings() {
  return <PageTitle>Settings</PageTitle>;
}
