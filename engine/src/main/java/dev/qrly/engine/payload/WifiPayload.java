package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * The credentials of a WiFi network, in the {@code WIFI:} format that the camera apps of
 * Android and iOS join directly: {@code WIFI:T:WPA;S:<ssid>;P:<password>;H:true;;}.
 *
 * <p>Backslash, semicolon, comma, colon and double quote are escaped with a backslash in the
 * network name and password. {@code P:} is left out for open networks and {@code H:true} is
 * only written for hidden ones.
 *
 * @param ssid the network name; not null, 1 to 32 bytes in UTF-8, without control characters
 * @param security how the network is secured; not null
 * @param password the password; for {@link WifiSecurity#WPA}, 8 to 63 printable ASCII characters
 *     or exactly 64 hexadecimal digits; for {@link WifiSecurity#WEP}, 5 or 13 printable ASCII
 *     characters or 10 or 26 hexadecimal digits; for {@link WifiSecurity#NOPASS}, null or empty
 *     (stored as null)
 * @param hidden whether the network does not broadcast its name
 */
public record WifiPayload(String ssid, WifiSecurity security, String password, boolean hidden)
        implements Payload {

    /** The longest SSID, in bytes (IEEE 802.11). */
    public static final int MAX_SSID_BYTES = 32;

    private static final String SPECIAL = "\\;,:\"";

    /**
     * Checks the network name and the password against the security type. Error messages never
     * repeat the password.
     *
     * @throws InvalidInputException if {@code ssid} or {@code security} is missing
     * @throws InvalidInputException (field {@code "ssid"}) if the SSID is empty, longer than
     *     {@value #MAX_SSID_BYTES} bytes or contains control characters; (field {@code "password"})
     *     if the password is missing or malformed for WPA or WEP, or present for an open network
     */
    public WifiPayload {
        Checks.required(ssid, "ssid");
        Checks.required(security, "security");
        if (ssid.isEmpty()) {
            throw new InvalidInputException("ssid", "the network name (SSID) must not be empty");
        }
        int bytes = ssid.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SSID_BYTES) {
            throw new InvalidInputException("ssid", "a network name (SSID) is at most " + MAX_SSID_BYTES
                    + " bytes in UTF-8; " + Checks.show(ssid) + " has " + bytes);
        }
        // A legal but invisible character here is nearly always a line break pasted by mistake,
        // and a code carrying it would silently fail to join the network.
        Checks.noControlCharacters(ssid, "ssid", "");
        password = password == null || password.isEmpty() ? null : password;
        switch (security) {
            case WPA -> checkWpa(password);
            case WEP -> checkWep(password);
            case NOPASS -> {
                if (password != null) {
                    throw new InvalidInputException("password", "an open network (nopass) has no password;"
                            + " choose WPA or WEP, or leave the password out");
                }
            }
        }
    }

    /**
     * An open or secured network that broadcasts its name.
     *
     * @param ssid the network name, as for the canonical constructor; not null
     * @param security how the network is secured; not null
     * @param password the password, as for the canonical constructor; may be null
     * @throws InvalidInputException if {@code ssid} or {@code security} is missing
     * @throws InvalidInputException as for the canonical constructor
     */
    public WifiPayload(String ssid, WifiSecurity security, String password) {
        this(ssid, security, password, false);
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(32 + 2 * ssid.length())
                .append("WIFI:T:").append(security.code())
                .append(";S:").append(Checks.backslashEscape(ssid, SPECIAL)).append(';');
        if (password != null) {
            sb.append("P:").append(Checks.backslashEscape(password, SPECIAL)).append(';');
        }
        if (hidden) {
            sb.append("H:true;");
        }
        return sb.append(';').toString();
    }

    @Override
    public String type() {
        return "wifi";
    }

    /** Hides the password, which must not end up in logs. */
    @Override
    public String toString() {
        return "WifiPayload[ssid=" + ssid + ", security=" + security
                + ", password=" + (password == null ? "null" : "***") + ", hidden=" + hidden + "]";
    }

    private static void checkWpa(String password) {
        if (password == null) {
            throw new InvalidInputException("password", "a WPA network needs a password");
        }
        int length = password.length();
        if (length == 64) {
            if (!isHex(password)) {
                throw new InvalidInputException("password", "a 64-character WPA password is a raw key and"
                        + " must be hexadecimal digits (0-9, a-f); a passphrase is at most 63 characters");
            }
            return;
        }
        if (length < 8 || length > 63) {
            throw new InvalidInputException("password", "a WPA password must be 8 to 63 characters"
                    + " (or a 64-digit hexadecimal key); this one has " + length);
        }
        checkPrintableAscii(password, "WPA");
    }

    private static void checkWep(String password) {
        if (password == null) {
            throw new InvalidInputException("password", "a WEP network needs a password");
        }
        int length = password.length();
        if ((length == 10 || length == 26) && isHex(password)) {
            return;
        }
        if (length != 5 && length != 13) {
            throw new InvalidInputException("password", "a WEP password must be 5 or 13 characters, or 10"
                    + " or 26 hexadecimal digits; this one has " + length + " characters"
                    + (length == 10 || length == 26 ? " that are not all hexadecimal digits" : ""));
        }
        checkPrintableAscii(password, "WEP");
    }

    private static void checkPrintableAscii(String password, String kind) {
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new InvalidInputException("password", "a " + kind + " password may only contain"
                        + " printable ASCII characters; the one at position " + i + " is not");
            }
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
