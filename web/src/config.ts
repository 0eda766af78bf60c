/** Where the API and the sign-in are: `/config.json`, written beside the app by each deployment
 * (locally by the runtime, in AWS from the stack's outputs), so one build serves everywhere. */
export interface Config {
  /** The API's base URL: "" when it answers at this origin's root (locally), "/api" behind CloudFront. */
  api: string;
  auth: { authorize: string; token: string; revoke: string; logout: string; client_id: string };
  /** The local runtime: its sign-in page stands in for Cognito's managed login. */
  local?: boolean;
}

export async function loadConfig(): Promise<Config> {
  const response = await fetch("/config.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as Config;
}
