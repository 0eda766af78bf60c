/**
 * The typed client of Rapport's API, generated from docs/openapi.json (`npm run api`): a route or a
 * field that changes there breaks the build here.
 *
 * Every request carries the ID token; a 401 tries the refresh token once, then signs in again
 * (what was being typed is kept by the forms, see `drafts.ts`).
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { Config } from "../config";
import { currentSession, refresh, signIn } from "../auth/session";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Contact = Schemas["ContactView"];
export type Profile = Schemas["ProfileView"];
export type FieldError = Schemas["FieldError"];
export type ErrorBody = Schemas["ErrorBody"];

export type Api = ReturnType<typeof createApi>;

export function createApi(config: Config) {
  const client = createClient<paths>({ baseUrl: config.api });
  const spares = new WeakMap<Request, Request>(); // a copy of each request, body unread, for its one retry
  const auth: Middleware = {
    onRequest({ request }) {
      const session = currentSession();
      if (session) request.headers.set("Authorization", `Bearer ${session.idToken}`);
      spares.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const spare = spares.get(request);
      if (response.status !== 401 || !spare) return response;
      const renewed = await refresh(config);
      if (!renewed) return signIn(config);
      spare.headers.set("Authorization", `Bearer ${renewed.idToken}`);
      return fetch(spare); // not through the middleware again: a second 401 is answered as it is
    },
  };
  client.use(auth);
  return client;
}

/** An answer that is not a success, as the API words it: `{"code", "message", "errors": [{"field", "reason"}]}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody> | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  /** The reason for each field, as the API addresses it (`emails[1]`, `cadence.max_days`). */
  get fields(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const error of this.body?.errors ?? []) fields[error.field] ??= error.reason;
    return fields;
  }
}

/** The data of a successful answer, or an ApiError (a network failure stays a TypeError). */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as Partial<ErrorBody> | undefined);
  return data as T;
}
