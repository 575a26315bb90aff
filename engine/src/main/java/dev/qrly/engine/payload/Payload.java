package dev.qrly.engine.payload;

/**
 * The content of a static QR code: typed fields turned into the exact text a scanner expects.
 *
 * <p>Every implementation is immutable and checks its fields when it is constructed, so an
 * instance that exists always produces text a phone can act on. The set of implementations is
 * closed so that callers can switch over it exhaustively; a new format is a change to this
 * package, not an extension point.
 */
public sealed interface Payload
        permits UrlPayload, TextPayload, VCardPayload, MeCardPayload, WifiPayload,
                EmailPayload, SmsPayload, TelPayload, GeoPayload {

    /**
     * The text to encode in the QR code, escaped as its format requires.
     *
     * @return the text; never null or empty
     */
    String text();

    /**
     * The kind of payload: one of {@code "url"}, {@code "text"}, {@code "vcard"},
     * {@code "mecard"}, {@code "wifi"}, {@code "email"}, {@code "sms"}, {@code "tel"} or
     * {@code "geo"}. These names are stable, so they may be stored and exposed in APIs.
     *
     * @return the type name; never null
     */
    String type();
}
