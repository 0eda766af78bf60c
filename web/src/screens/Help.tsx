import { PageTitle } from "../ui/kit";

export function Help() {
  return <PageTitle>Help</PageTitle>;
}
