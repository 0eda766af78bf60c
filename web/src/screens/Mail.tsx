import { PageTitle } from "../ui/kit";

export function Mail() {
  return <PageTitle>Mail</PageTitle>;
}
