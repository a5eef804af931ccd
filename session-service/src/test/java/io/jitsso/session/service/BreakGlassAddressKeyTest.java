package io.jitsso.session.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What break-glass limits and lockouts count by (ADR-30): an IPv4 address, or an IPv6 /64 in one spelling. */
class BreakGlassAddressKeyTest {

    @Test
    void anIpv4AddressCountsAsItself() {
        assertEquals("198.51.100.7", BreakGlassService.addressKey("198.51.100.7"));
        assertEquals("unknown", BreakGlassService.addressKey("unknown"));
    }

    @Test
    void everyAddressOfAnIpv6Slash64CountsAsOneInAnySpelling() {
        String key = "2001:db8:aa:1::/64";
        assertEquals(key, BreakGlassService.addressKey("2001:db8:aa:1:0:0:0:1"));
        assertEquals(key, BreakGlassService.addressKey("2001:db8:aa:1::1"));
        assertEquals(key, BreakGlassService.addressKey("2001:0DB8:00aa:0001:ffff:ffff:ffff:fffe"));
        assertEquals(key, BreakGlassService.addressKey("[2001:db8:aa:1::42]"));
        assertEquals(key, BreakGlassService.addressKey("2001:db8:aa:1:0:0:0:1%eth0"));
        assertEquals("2001:db8:aa:2::/64", BreakGlassService.addressKey("2001:db8:aa:2::1"));
        assertEquals("0:0:0:0::/64", BreakGlassService.addressKey("::1"));
    }

    @Test
    void whatDoesNotParseCountsAsItself() {
        for (String odd : new String[] {"1:2:3", "1::2::3", "1:2:3:4:5:6:7:8:9", "::ffff:192.0.2.1", "zz::1", "12345::1"}) {
            assertEquals(odd, BreakGlassService.addressKey(odd), odd);
        }
    }
}
