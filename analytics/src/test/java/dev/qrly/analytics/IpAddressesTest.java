package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void readsTheLiteralsThatTheJdkReads() throws Exception {
        // every one of these is a literal to the JDK too, so getByName resolves nothing here
        for (String ip : List.of("8.8.8.8", "0.0.0.0", "255.255.255.255", "1.2.3.4", "::", "::1", "1::", "2001:db8::1",
                "2001:4860:4860::8888", "2001:0db8:0000:0000:0000:0000:0000:0001", "FE80::ABCD", "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "64:ff9b::8.8.8.8")) {
            assertArrayEquals(InetAddress.getByName(ip).getAddress(), IpAddresses.parse(ip), ip);
        }
    }

    @Test
    void ipv4MappedAddressesAreIpv4() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddresses.parse("::ffff:1.2.3.4"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddresses.parse("::FFFF:0102:0304"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddresses.parse("0:0:0:0:0:ffff:1.2.3.4"));
        assertEquals(16, IpAddresses.parse("::fffe:1.2.3.4").length);
    }

    @Test
    void bracketsBlanksAndZonesAreAllowed() {
        assertArrayEquals(IpAddresses.parse("::1"), IpAddresses.parse("[::1]"));
        assertArrayEquals(IpAddresses.parse("8.8.8.8"), IpAddresses.parse(" 8.8.8.8\n"));
        assertArrayEquals(IpAddresses.parse("fe80::1"), IpAddresses.parse("fe80::1%eth0"));
        assertArrayEquals(IpAddresses.parse("fe80::1"), IpAddresses.parse("[fe80::1%25en0]"));
    }

    @Test
    void anythingElseIsNotAnAddress() {
        for (String text : List.of("", " ", "[]", "localhost", "example.com", "8.8.8.8.in-addr.arpa", "1.2.3", "1", "1.2.3.4.5",
                "256.1.1.1", "1.2.3.-4", "+1.2.3.4", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4.", ".1.2.3.4", "1.2.3.4:80",
                "0x7f.0.0.1", "2130706433", "1::2::3", ":::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::1", "::1%", "%eth0", "[::1]:443", "::1.2.3",
                "1:2:3:4:5:6:7:1.2.3.4", "::ffff:256.1.1.1", "1.2.3.4::", "::1.2.3.4:5", "[::1", "::1]")) {
            assertNull(IpAddresses.parse(text), text);
        }
        assertNull(IpAddresses.parse(null));
        assertNull(IpAddresses.parse("1:".repeat(60) + ":1"));
    }

    @Test
    void privateLoopbackLinkLocalCgnatAndDocumentationAreNotPublic() {
        for (String ip : List.of("10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1",
                "127.255.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "192.0.0.8",
                "192.0.2.1", "198.51.100.1", "203.0.113.255", "198.18.0.1", "198.19.255.255", "192.88.99.1",
                "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
                "::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1",
                "::ffff:127.0.0.1", "::1.2.3.4", "64:ff9b::8.8.8.8", "100::1", "2001::1", "2001:0:4136:e378::1",
                "2001:1ff::1", "2001:db8::1", "2001:db8:ffff::1", "3fff::1", "3fff:fff::1", "4000::1", "e000::1")) {
            assertFalse(IpAddresses.isPublic(IpAddresses.parse(ip)), ip);
        }
    }

    @Test
    void publicAddressesArePublic() {
        for (String ip : List.of("8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.0",
                "172.15.255.255", "172.32.0.0", "192.0.1.1", "192.0.3.1", "192.167.1.1", "192.169.0.1", "198.17.255.255",
                "198.20.0.1", "223.255.255.255", "::ffff:8.8.8.8", "2001:200::1", "2001:4860:4860::8888",
                "2001:db7::1", "2001:db9::1", "2606:4700:4700::1111", "2a00:1450::1", "3ffe::1", "3fff:1000::1",
                "2002:808:808::1")) {
            byte[] address = IpAddresses.parse(ip);
            assertNotNull(address, ip);
            assertTrue(IpAddresses.isPublic(address), ip);
        }
    }
}
