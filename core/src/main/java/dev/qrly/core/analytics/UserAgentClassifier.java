package dev.qrly.core.analytics;

/**
 * Port: a user agent string to a {@link Client}. Implementations are thread-safe, cache what they
 * parse, and never throw for odd input: an unreadable agent is a client of class {@code OTHER}
 * (or a bot, if anything says so).
 */
public interface UserAgentClassifier {

    /** @param userAgent the User-Agent header, or null when the request had none (that is a bot: {@code "No user agent"}) */
    Client classify(String userAgent);
}
