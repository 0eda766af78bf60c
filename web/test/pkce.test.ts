// @vitest-environment node
import { describe, expect, it } from "vitest";
import { challengeOf, randomString } from "../src/auth/pkce";

describe("PKCE", () => {
  it("derives the S256 challenge: unpadded base64url of the verifier's SHA-256", async () => {
    // Computed apart: base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
    expect(await challengeOf("dBjftJeZ4CVP-mJ92IgMM5JfC2gRn0jJBUEVfgfmTz0")).toBe(
      "2gUbTlzmRuiaMAMIMzgObzxRIwt8umTp_4OAKsEk6Po",
    );
  });

  it("makes verifiers of the length RFC 7636 allows, unpadded base64url", () => {
    const verifier = randomString(48);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });
});
