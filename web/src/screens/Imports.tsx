import { PageTitle } from "../ui/kit";

export function Imports() {
  return <PageTitle>Imports</PageTitle>;
}
