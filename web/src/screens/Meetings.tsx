import { PageTitle } from "../ui/kit";

export function Meetings() {
  return <PageTitle>Meetings</PageTitle>;
}
