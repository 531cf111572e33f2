import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  addressBucket,
  clientAddressOf,
  installSocketAddressHeader,
  SOCKET_ADDRESS_HEADER,
  UNKNOWN_ADDRESS,
} from "./client-address";

describe("addressBucket", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["::FFFF:203.0.113.9", "203.0.113.9"],
    ["2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"],
    ["2001:db8:aa:bb::1", "2001:db8:aa:bb::/64"],
    ["2001:0db8:00aa:0000:ffff::", "2001:db8:aa:0::/64"],
    ["[2001:db8::1]", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["::", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
    ["", UNKNOWN_ADDRESS],
    ["unknown", UNKNOWN_ADDRESS],
    ["999.1.1.1", UNKNOWN_ADDRESS],
    ["1.2.3.4, 5.6.7.8", UNKNOWN_ADDRESS],
    ["x".repeat(10_000), UNKNOWN_ADDRESS],
  ])("%s → %s", (raw, bucket) => {
    expect(addressBucket(raw)).toBe(bucket);
  });

  it("puts every address of one /64 into one bucket and neighbouring /64s into others", () => {
    expect(addressBucket("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(addressBucket("2001:db8:1:2::"));
    expect(addressBucket("2001:db8:1:3::")).not.toBe(addressBucket("2001:db8:1:2::"));
  });
});

describe("clientAddressOf", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("without a trusted proxy takes the socket address and ignores X-Forwarded-For", () => {
    const request = headers({ [SOCKET_ADDRESS_HEADER]: "198.51.100.4", "x-forwarded-for": "203.0.113.77" });
    expect(clientAddressOf(request, false)).toBe("198.51.100.4");
  });

  it("behind a trusted proxy takes the right-most X-Forwarded-For entry, the one the proxy added", () => {
    const request = headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.77, 198.51.100.4" });
    expect(clientAddressOf(request, true)).toBe("198.51.100.4");
    expect(clientAddressOf(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2" }), true)).toBe("10.0.0.2");
  });

  it("an unknown address is the shared unknown bucket", () => {
    expect(clientAddressOf(headers({}), false)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddressOf(headers({ "x-forwarded-for": "garbage" }), true)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("installSocketAddressHeader", () => {
  it("stamps every request with its TCP peer, overwriting a header the client sent", async () => {
    installSocketAddressHeader();
    installSocketAddressHeader(); // idempotent
    const seen: Array<string | string[] | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers[SOCKET_ADDRESS_HEADER]);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await fetch(url);
      await fetch(url, { headers: { [SOCKET_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.66" } });
    } finally {
      server.close();
    }
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
