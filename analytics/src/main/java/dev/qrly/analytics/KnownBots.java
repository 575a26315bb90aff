package dev.qrly.analytics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The bots we name ourselves, before yauaa is asked: link-preview agents, the big crawlers and
 * the common HTTP libraries. Their names are what the stats API counts under {@code byBot}, so
 * they are fixed here rather than taken from whatever a yauaa release calls them.
 *
 * <p>Rules are case-insensitive regular expressions, tried in order; the first that is found in
 * the agent wins. The order matters where one agent quotes another: Apple's Messages preview
 * carries {@code facebookexternalhit} and {@code Twitterbot}, Telegram's says
 * {@code like TwitterBot}. Rules only match the fetchers, never the apps' own in-app browsers:
 * Facebook's is {@code FBAN/FBAV}, LinkedIn's {@code [LinkedInApp]}, WhatsApp Desktop carries
 * {@code WhatsApp/} in the middle of a browser agent, while the preview fetcher's agent starts
 * with it. Script clients are anchored at the start for the same reason: a library's token
 * inside a longer agent (PHP's Guzzle mentions {@code curl/}) is left to yauaa.
 */
final class KnownBots {

    /** One named bot. {@code browser} is the engine it drives, when it is a real browser, or null. */
    record Rule(String name, Pattern pattern, String browser) {}

    private static final List<Rule> RULES = List.of(
            // link previews: messaging and social apps fetching a shared link to draw its card
            rule("iMessage", "facebookexternalhit.*twitterbot"),
            rule("WhatsApp", "^whatsapp/"),
            rule("Telegram", "telegrambot"),
            rule("Facebook", "facebookexternalhit|facebot|facebookcatalog"),
            rule("Twitter", "twitterbot"),
            rule("LinkedIn", "linkedinbot"),
            rule("Slack", "slackbot|slack-imgproxy"),
            rule("Discord", "discordbot"),
            rule("Skype", "skypeuripreview"),
            // crawlers
            rule("Googlebot", "googlebot"),
            rule("Bingbot", "bingbot|bingpreview"),
            rule("Applebot", "applebot"),
            rule("DuckDuckBot", "duckduckbot"),
            rule("YandexBot", "yandexbot"),
            rule("GPTBot", "gptbot"),
            // automated browsers
            new Rule("Headless Chrome", compile("headlesschrome"), "Chrome"),
            rule("PhantomJS", "phantomjs"),
            // scripts and HTTP libraries
            rule("curl", "^curl/"),
            rule("Wget", "^wget/"),
            rule("python-requests", "^python-requests/"),
            rule("Python-urllib", "^python-urllib/"),
            rule("Go-http-client", "^go-http-client/"),
            rule("okhttp", "^okhttp/"),
            rule("Java", "^java(-http-client)?/"),
            rule("axios", "^axios/"),
            rule("node-fetch", "^node-fetch/"));

    private KnownBots() {}

    /** The first rule found in {@code userAgent}, or null when none is. */
    static Rule match(String userAgent) {
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(userAgent).find()) {
                return rule;
            }
        }
        return null;
    }

    /** The names, in rule order. */
    static List<String> names() {
        return RULES.stream().map(Rule::name).toList();
    }

    private static Rule rule(String name, String regex) {
        return new Rule(name, compile(regex), null);
    }

    private static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
