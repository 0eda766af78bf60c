import { PageTitle } from "../ui/kit";

export function ToMeet() {
  return <PageTitle>ToMeet</PageTitle>;
}
