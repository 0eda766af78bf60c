import { PageTitle } from "../ui/kit";

export function Week() {
  return <PageTitle>Week</PageTitle>;
}
