package dev.qrly.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.UserAgentClassifier;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Classifies user agents with yauaa, after a table of bots we name ourselves ({@link KnownBots}).
 *
 * <p>Building the analyzer is slow: it compiles yauaa's thousands of matchers, which takes
 * seconds (2 to 6 on a small two-core machine) and about 110 MB of heap. So there is no public
 * constructor: {@link #create} does that work, and the caller runs it off the start-up path, on a
 * background thread, while scan events wait in their queue. Only the five fields used here are
 * asked for, and yauaa's test cases are dropped after loading, which keeps memory down.
 *
 * <p>A bot is what a {@link KnownBots} rule names, else what yauaa calls a robot, a hacker or a
 * server-side fetcher (its device class {@code Robot}, {@code Robot Mobile},
 * {@code Robot Imitator}, {@code Spy}, {@code Hacker} or {@code Cloud}, or its agent class
 * {@code Robot}, {@code Robot Mobile}, {@code Hacker}, {@code Server} or
 * {@code Cloud Application}); such a bot is named after yauaa's agent name. A missing or blank
 * agent is the bot {@value #NO_USER_AGENT}. Names taken from yauaa come from the agent, which
 * anyone can write: they are cut to 40 characters, but their number is not bounded here. For
 * people, yauaa's device classes map as:
 * <ul>
 * <li>{@code Phone}, {@code Mobile}, {@code Watch}, {@code Handheld Game Console}: {@link DeviceClass#MOBILE};
 * <li>{@code Tablet}, {@code eReader}: {@link DeviceClass#TABLET};
 * <li>{@code Desktop}: {@link DeviceClass#DESKTOP};
 * <li>{@code TV}, {@code Set-top box}, {@code Game Console}: {@link DeviceClass#TV}. A console,
 *     like a set-top box, browses on the living-room screen; the Switch, which yauaa also calls a
 *     game console, is counted with them;
 * <li>anything else ({@code Virtual Reality}, {@code Car}, {@code Home Appliance}, {@code Anonymized},
 *     {@code Unknown}…): {@link DeviceClass#OTHER}.
 * </ul>
 *
 * <p>{@code os} is yauaa's operating system name ({@code Windows NT} shortened to
 * {@code Windows}); {@code browser} is the in-app browser's app when yauaa knows it
 * ({@code Instagram}, {@code Facebook App}, {@code LinkedIn}), else its agent name, for agents
 * that are browsers or apps. Yauaa's {@code Unknown} and {@code ??}, and names without a letter
 * (yauaa reads the Chromium version of a Samsung TV as its browser), are {@link Client#UNKNOWN}.
 * A bot's {@code os} is kept when it is a real system (yauaa puts crawlers on {@code Cloud}); its
 * {@code browser} is the engine of a headless browser, else {@code Unknown}.
 *
 * <p>Agents are cut to {@value #MAX_LENGTH} characters and control characters become spaces
 * before anything else; results are cached by the agent as received (the cleaned one when it is
 * longer than the limit). The analyzer serialises its
 * own parsing, so one instance serves every thread; the cache makes repeated agents, which are
 * most of them, a map lookup. Nothing here throws for odd input: an agent yauaa cannot read is
 * an {@code OTHER} client, unless a rule names it.
 */
public final class YauaaClassifier implements UserAgentClassifier {

    private static final Logger LOG = Logger.getLogger(YauaaClassifier.class.getName());

    /** The longest agent looked at; longer ones are cut. Yauaa itself calls longer ones hackers. */
    public static final int MAX_LENGTH = 2048;
    /** Distinct agents kept by {@link #create()}. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** The bot name of a request without a User-Agent. */
    public static final String NO_USER_AGENT = "No user agent";
    /** The bot name when yauaa says robot but gives no usable name. */
    public static final String OTHER_BOT = "Other bot";

    /** Bot names and browser names from yauaa are cut to this: they come from the agent, which anyone writes. */
    private static final int MAX_NAME_LENGTH = 40;

    private static final String DEVICE_CLASS = UserAgent.DEVICE_CLASS;
    private static final String OS_NAME = UserAgent.OPERATING_SYSTEM_NAME;
    private static final String AGENT_NAME = UserAgent.AGENT_NAME;
    private static final String AGENT_CLASS = UserAgent.AGENT_CLASS;
    private static final String WEBVIEW_APP = UserAgent.WEBVIEW_APP_NAME;

    private static final Set<String> BOT_DEVICES = Set.of("robot", "robot mobile", "robot imitator", "spy", "hacker", "cloud");
    private static final Set<String> BOT_AGENTS = Set.of("robot", "robot mobile", "hacker", "server", "cloud application");
    /** Agent classes whose agent name is a browser or an app that a person uses. */
    private static final Set<String> BROWSER_AGENTS = Set.of("browser", "browser webview", "mobile app", "mobileapp",
            "desktop app", "email client", "ereader");
    private static final Map<String, DeviceClass> DEVICES = Map.ofEntries(
            Map.entry("phone", DeviceClass.MOBILE),
            Map.entry("mobile", DeviceClass.MOBILE),
            Map.entry("watch", DeviceClass.MOBILE),
            Map.entry("handheld game console", DeviceClass.MOBILE),
            Map.entry("tablet", DeviceClass.TABLET),
            Map.entry("ereader", DeviceClass.TABLET),
            Map.entry("desktop", DeviceClass.DESKTOP),
            Map.entry("tv", DeviceClass.TV),
            Map.entry("set-top box", DeviceClass.TV),
            Map.entry("game console", DeviceClass.TV));
    /** Yauaa's names that read badly in a report. */
    private static final Map<String, String> ALIASES = Map.of(
            "Windows NT", "Windows",
            "SamsungBrowser", "Samsung Internet",
            "Facebook App for Android", "Facebook App",
            "Facebook App for iOS", "Facebook App",
            "Facebook Orca-Android", "Facebook Messenger",
            "Trill", "TikTok"); // TikTok's Asian edition
    private static final Set<String> UNKNOWN_VALUES = Set.of("unknown", "??", "unknown webview app");

    private static final Client NONE = Client.bot(NO_USER_AGENT, Client.UNKNOWN, Client.UNKNOWN);
    private static final Client UNREADABLE = new Client(DeviceClass.OTHER, Client.UNKNOWN, Client.UNKNOWN, null);

    private final UserAgentAnalyzer analyzer;
    private final Cache<String, Client> cache;

    private YauaaClassifier(UserAgentAnalyzer analyzer, int cacheSize) {
        this.analyzer = analyzer;
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
    }

    /** {@link #create(int)} with {@value #DEFAULT_CACHE_SIZE} cached agents. Slow: see there. */
    public static YauaaClassifier create() {
        return create(DEFAULT_CACHE_SIZE);
    }

    /**
     * Builds the analyzer and returns a classifier. Slow: seconds of CPU and about 110 MB of heap,
     * so call it on a background thread, not on the start-up path.
     *
     * @param cacheSize how many distinct agents to keep classified; yauaa's own cache is off, this one replaces it
     */
    public static YauaaClassifier create(int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize < 0: " + cacheSize);
        }
        UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withoutCache()
                .withFields(DEVICE_CLASS, OS_NAME, AGENT_NAME, AGENT_CLASS, WEBVIEW_APP)
                .withUserAgentMaxLength(MAX_LENGTH)
                .dropTests()
                .immediateInitialization()
                .build();
        return new YauaaClassifier(analyzer, cacheSize);
    }

    @Override
    public Client classify(String userAgent) {
        if (userAgent == null) {
            return NONE;
        }
        // the cache is keyed by the agent as received: a hit (nearly every scan) skips the cleaning,
        // which cost more than the lookup itself in profiles of the scan writer
        boolean cacheable = userAgent.length() <= MAX_LENGTH;
        Client known = cacheable ? cache.getIfPresent(userAgent) : null;
        if (known != null) {
            return known;
        }
        String agent = clean(userAgent);
        if (agent.isEmpty()) {
            return NONE;
        }
        if (!cacheable) {
            known = cache.getIfPresent(agent);
            if (known != null) {
                return known;
            }
        }
        // not cache.get(key, loader): that would hold a lock of the map while yauaa parses; two
        // threads parsing the same new agent at once is harmless
        Client client = classifyUncached(agent);
        cache.put(cacheable ? userAgent : agent, client);
        return client;
    }

    /** The same analyzer behind a cache of its own, so that tests reach the parser without building another. */
    YauaaClassifier withCacheSize(int cacheSize) {
        return new YauaaClassifier(analyzer, cacheSize);
    }

    /** How many agents are cached now (approximately). */
    public long cachedAgents() {
        return cache.estimatedSize();
    }

    private Client classifyUncached(String agent) {
        UserAgent parsed = parse(agent);
        KnownBots.Rule rule = KnownBots.match(agent);
        if (rule != null) {
            String browser = rule.browser() != null ? rule.browser() : Client.UNKNOWN;
            return Client.bot(rule.name(), os(parsed), browser);
        }
        if (parsed == null) {
            return UNREADABLE;
        }
        String device = lower(parsed.getValue(DEVICE_CLASS));
        String agentClass = lower(parsed.getValue(AGENT_CLASS));
        if (BOT_DEVICES.contains(device) || BOT_AGENTS.contains(agentClass)) {
            String name = name(parsed.getValue(AGENT_NAME));
            return Client.bot(name.equals(Client.UNKNOWN) ? OTHER_BOT : name, os(parsed), Client.UNKNOWN);
        }
        return new Client(DEVICES.getOrDefault(device, DeviceClass.OTHER), os(parsed), browser(parsed, agentClass), null);
    }

    /** Yauaa's reading of the agent, or null when it failed (it should not; hostile agents are what it is fed). */
    private UserAgent parse(String agent) {
        try {
            return analyzer.parse(agent);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.FINE, "yauaa failed on a user agent; classified as unreadable", e);
            return null;
        }
    }

    private static String os(UserAgent parsed) {
        if (parsed == null) {
            return Client.UNKNOWN;
        }
        String os = name(parsed.getValue(OS_NAME));
        // yauaa's system for crawlers and fetchers is Cloud, Google Cloud…; for attacks, Hacker
        return os.equals("Cloud") || os.endsWith(" Cloud") || os.equals("Hacker") ? Client.UNKNOWN : os;
    }

    private static String browser(UserAgent parsed, String agentClass) {
        String app = name(parsed.getValue(WEBVIEW_APP));
        if (!app.equals(Client.UNKNOWN)) {
            return app;
        }
        return BROWSER_AGENTS.contains(agentClass) ? name(parsed.getValue(AGENT_NAME)) : Client.UNKNOWN;
    }

    /** A yauaa value as a name: aliased, bounded, and {@link Client#UNKNOWN} for its unknowns and for names without a letter. */
    private static String name(String value) {
        if (value == null) {
            return Client.UNKNOWN;
        }
        String name = value.strip();
        if (name.isEmpty() || UNKNOWN_VALUES.contains(name.toLowerCase(Locale.ROOT)) || name.chars().noneMatch(Character::isLetter)) {
            return Client.UNKNOWN;
        }
        name = ALIASES.getOrDefault(name, name);
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH).strip() : name;
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    /** The agent cut to {@link #MAX_LENGTH}, control characters as spaces, stripped; the same string when already clean. */
    static String clean(String userAgent) {
        String agent = userAgent.length() > MAX_LENGTH ? userAgent.substring(0, MAX_LENGTH) : userAgent;
        for (int i = 0; i < agent.length(); i++) {
            if (Character.isISOControl(agent.charAt(i))) {
                char[] chars = agent.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (Character.isISOControl(chars[j])) {
                        chars[j] = ' ';
                    }
                }
                agent = new String(chars);
                break;
            }
        }
        return agent.strip();
    }
}
