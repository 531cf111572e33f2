import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm";
import { describeError, maskSecrets, requestIdOf } from "./index";

describe("maskSecrets", () => {
  it("never lets a whole token, key or passcode through", () => {
    const token = "rk_4PMLLwT2viMjZBgpGzClC1aExWlKxilgxOVdYqF9hFA";
    const masked = maskSecrets(`Bearer ${token} /redeem_key?key=6G615L&name=Peter /qr?KEY=k84n2s`);
    expect(masked).not.toContain(token);
    expect(masked).not.toContain("6G615L");
    expect(masked).not.toMatch(/k84n2s/i);
    expect(masked).toContain("rk_4PML…");
    expect(masked).toContain("?key=6G…&name=Peter");
  });
});

describe("requestIdOf", () => {
  it("keeps a sane X-Request-Id and replaces a hostile one", () => {
    expect(requestIdOf(new Request("http://x.test", { headers: { "x-request-id": "lb-123:abc" } }))).toBe("lb-123:abc");
    const hostile = requestIdOf(new Request("http://x.test", { headers: { "x-request-id": 'a"b<script>' } }));
    expect(hostile).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("describeError", () => {
  it("drops a failed query's parameters from message and stack", () => {
    const cause = new Error('duplicate key value violates unique constraint "codes_pkey"');
    const error = new DrizzleQueryError("insert into codes select unnest($1::text[])", ["{K84N2S,3Z2GPX}"], cause);
    const described = describeError(error);
    expect(JSON.stringify(described)).not.toMatch(/K84N2S|3Z2GPX/);
    expect(described.message).toBe(cause.message);
    expect(described.query).toBe("insert into codes select unnest($1::text[])");
  });
});
