import { describe, expect, it } from "vitest";
import { addressSubject } from "./address-subject";

describe("addressSubject", () => {
  it("counts every address of one IPv6 /64 as one subject", () => {
    expect(addressSubject("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressSubject("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressSubject("::1")).toBe("0:0:0:0::/64");
  });

  it("reads an IPv4-mapped address as its IPv4 address, and keeps IPv4 and unknowns as they are", () => {
    expect(addressSubject("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("unknown")).toBe("unknown");
  });
});
