/**
 * Signing in with the OAuth2 authorization code flow and PKCE, against Cognito's managed login or
 * the local runtime's stand-in (the same endpoints, from /config.json).
 *
 * Tokens never travel in a URL: the redirect brings back a single-use code, traded with the
 * verifier for tokens by a POST. They are kept in localStorage (a phone keeps its session when the
 * app is closed), read only by this module; signing out removes everything the app stored.
 */
import type { Config } from "../config";
import { challengeOf, randomString } from "./pkce";

export const CALLBACK_PATH = "/app/signed-in";
const SESSION = "rapport.session";
const PENDING = "rapport.signin"; // the verifier, the state and where to come back, during a sign-in

export interface Session {
  idToken: string;
  refreshToken?: string;
  sub: string;
}

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
}

interface TokenAnswer {
  id_token: string;
  refresh_token?: string;
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  const bytes = Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function sessionFrom(answer: TokenAnswer, refreshToken?: string): Session {
  const claims = claimsOf(answer.id_token);
  return {
    idToken: answer.id_token,
    refreshToken: answer.refresh_token ?? refreshToken,
    sub: String(claims.sub),
  };
}

export function currentSession(): Session | null {
  const stored = localStorage.getItem(SESSION);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as Session;
  } catch {
    localStorage.removeItem(SESSION);
    return null;
  }
}

function keep(session: Session): Session {
  localStorage.setItem(SESSION, JSON.stringify(session));
  return session;
}

function callbackUrl(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

/** Off to the sign-in page; back at `returnTo` once signed in. */
export async function signIn(config: Config, returnTo = location.pathname + location.search): Promise<never> {
  const pending: Pending = { verifier: randomString(48), state: randomString(16), returnTo };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.auth.client_id,
    redirect_uri: callbackUrl(),
    scope: "openid email profile",
    state: pending.state,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: "S256",
  });
  location.assign(`${config.auth.authorize}?${query}`);
  return new Promise<never>(() => {});
}

async function tokenRequest(config: Config, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(config.auth.token, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config.auth.client_id, ...form }),
  });
  if (!response.ok) throw new Error(`the sign-in answered ${response.status}`);
  return (await response.json()) as TokenAnswer;
}

/** Back from the sign-in page: the code traded for tokens. Where to go next. */
export async function completeSignIn(config: Config, url: URL): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as Pending | null;
  sessionStorage.removeItem(PENDING);
  const code = url.searchParams.get("code");
  if (!pending || !code || url.searchParams.get("state") !== pending.state) {
    throw new Error("this sign-in link is not the one this page started");
  }
  const answer = await tokenRequest(config, {
    grant_type: "authorization_code",
    code,
    redirect_uri: callbackUrl(),
    code_verifier: pending.verifier,
  });
  keep(sessionFrom(answer));
  const back = pending.returnTo;
  const local = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\");
  return local && !back.startsWith(CALLBACK_PATH) ? back : "/";
}

let renewing: Promise<Session | null> | null = null;

/** New tokens from the refresh token; null when there is none or it is refused (sign in again).
 * Calls refused at the same time (a screen's parallel reads) share one refresh. */
export function refresh(config: Config): Promise<Session | null> {
  renewing ??= renewed(config).finally(() => (renewing = null));
  return renewing;
}

async function renewed(config: Config): Promise<Session | null> {
  const session = currentSession();
  if (!session?.refreshToken) return null;
  try {
    const answer = await tokenRequest(config, { grant_type: "refresh_token", refresh_token: session.refreshToken });
    return keep(sessionFrom(answer, session.refreshToken));
  } catch {
    return null;
  }
}

const FAREWELL = "rapport.farewell";

/** The language to say goodbye in, once, after the account was deleted and signed out; else null. */
export function farewell(): string | null {
  const locale = sessionStorage.getItem(FAREWELL);
  sessionStorage.removeItem(FAREWELL);
  return locale;
}

/** The refresh token revoked (a copy of it is worth nothing after), everything the app stored
 * removed, then the sign-in's own sign-out. `farewell`: the account was deleted, so the app comes back
 * to a goodbye in this language (the sign-out's return address is fixed: the flag waits in this tab). */
export async function signOut(config: Config, { farewell }: { farewell?: string } = {}): Promise<void> {
  const refreshToken = currentSession()?.refreshToken;
  if (refreshToken) {
    const form = new URLSearchParams({ client_id: config.auth.client_id, token: refreshToken });
    await fetch(config.auth.revoke, { method: "POST", body: form }).catch(() => undefined);
  }
  localStorage.clear();
  sessionStorage.clear();
  if (farewell) sessionStorage.setItem(FAREWELL, farewell);
  const query = new URLSearchParams({ client_id: config.auth.client_id, logout_uri: `${location.origin}/` });
  location.assign(`${config.auth.logout}?${query}`);
}
