package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qrly.analytics.UserAgentCorpus.Row;
import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class YauaaClassifierTest {

    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1";

    /** Built once: it takes seconds. */
    private static YauaaClassifier classifier;

    @BeforeAll
    static void buildAnalyzer() {
        classifier = YauaaClassifier.create();
    }

    static List<Row> corpus() {
        return UserAgentCorpus.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void classify_corpusRow_asLabelled(Row row) {
        Client found = classifier.classify(row.userAgent());
        List<String> wrong = new ArrayList<>();
        if (found.device() != row.device()) {
            wrong.add("device " + found.device() + ", expected " + row.device());
        }
        if (!Objects.equals(found.botName(), row.botName())) {
            wrong.add(row.botName() == null ? "taken for the bot " + found.botName() : "bot " + found.botName() + ", expected " + row.botName());
        }
        if (row.os() != null && !row.os().equals(found.os())) {
            wrong.add("os " + found.os() + ", expected " + row.os());
        }
        if (row.browser() != null && !row.browser().equals(found.browser())) {
            wrong.add("browser " + found.browser() + ", expected " + row.browser());
        }
        if (!wrong.isEmpty()) {
            fail("user-agents.tsv line " + row.line() + ": " + String.join("; ", wrong)
                    + "\n  agent: " + row.userAgent() + "\n  found: " + found);
        }
    }

    @Test
    void corpus_isLargeAndCoversEveryKindAndEveryNamedBot() {
        List<Row> rows = corpus();
        assertTrue(rows.size() >= 60, "only " + rows.size() + " labelled agents");
        Map<DeviceClass, Long> byDevice = rows.stream()
                .collect(Collectors.groupingBy(Row::device, () -> new EnumMap<>(DeviceClass.class), Collectors.counting()));
        for (DeviceClass device : List.of(DeviceClass.MOBILE, DeviceClass.TABLET, DeviceClass.DESKTOP, DeviceClass.TV)) {
            assertTrue(byDevice.getOrDefault(device, 0L) >= 5, device + ": " + byDevice);
        }
        assertTrue(byDevice.get(DeviceClass.BOT) >= 30, "bots: " + byDevice);
        Set<String> labelled = rows.stream().map(Row::botName).filter(Objects::nonNull).collect(Collectors.toSet());
        for (String name : KnownBots.names()) {
            assertTrue(labelled.contains(name), "no labelled agent for the rule " + name);
        }
        assertTrue(labelled.contains(YauaaClassifier.NO_USER_AGENT));
        Set<String> agents = new HashSet<>();
        for (Row row : rows) {
            assertTrue(agents.add(row.userAgent()), "twice: " + row);
        }
    }

    @Test
    void classify_nullOrBlank_isTheBotWithoutAgent() {
        for (String agent : new String[] {null, "", " ", "\t", "\u0000\u0001", "   \r\n  "}) {
            Client client = classifier.classify(agent);
            assertEquals(DeviceClass.BOT, client.device(), String.valueOf(agent));
            assertEquals(YauaaClassifier.NO_USER_AGENT, client.botName());
            assertEquals(Client.UNKNOWN, client.os());
            assertEquals(Client.UNKNOWN, client.browser());
        }
    }

    @Test
    void classify_garbage_isAClientAndNeverThrows() {
        String[] odd = {
            "x", "garbage !!! ((( ;;;", "Mozilla/5.0", "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
            "))))))))]]]]]]]}}}}}}}", ";;;;;;;;;;;;;;;;;;;;;", "/////////", "Mozilla/5.0 (", "\"'\\", "' OR 1=1 --",
            "${jndi:ldap://example.com/a}", "<script>alert(1)</script>", "日本語のブラウザ/1.0", "\uD83D\uDE00/1.0 (emoji)",
            "\uD800", "Mozilla/5.0 (iPhone;\u0000 CPU iPhone OS 16_1 like Mac OS X)\u001b[31m Safari/604.1",
        };
        for (String agent : odd) {
            assertValid(classifier.classify(agent), agent);
        }
    }

    @Test
    void classify_randomStrings_neverThrow() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019 ;:/()[]{}<>,.-_+=*&^%$#@!\"'\\\t\u0000\u007f\u00e9\u4e2d";
        YauaaClassifier uncached = classifier.withCacheSize(0);
        for (int i = 0; i < 300; i++) {
            StringBuilder agent = new StringBuilder();
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                agent.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertValid(uncached.classify(agent.toString()), agent.toString());
        }
    }

    @Test
    void classify_hugeAgent_isCutAndClassified() {
        String huge = IPHONE + " x/1".repeat(100_000);
        assertValid(classifier.classify(huge), "huge");
        assertEquals(YauaaClassifier.MAX_LENGTH, YauaaClassifier.clean("a".repeat(100_000)).length());
        assertValid(classifier.classify("(".repeat(1_000_000)), "a million parentheses");
        assertValid(classifier.classify("a".repeat(YauaaClassifier.MAX_LENGTH + 1)), "just over the limit");
    }

    @Test
    void classify_agentCutAtTheLimit_isNotTakenForAnAttack() {
        // yauaa calls agents over its limit hackers; an agent cut to exactly that limit must not be
        String padded = IPHONE + " " + "a".repeat(YauaaClassifier.MAX_LENGTH);
        Client client = classifier.classify(padded);
        assertFalse(client.bot(), client.toString());
    }

    @Test
    void classify_controlCharacters_readAsSpaces() {
        String dirty = IPHONE.replace(' ', '\u0000');
        Client client = classifier.classify(dirty);
        assertEquals(classifier.classify(IPHONE), client);
        assertEquals(IPHONE, YauaaClassifier.clean(IPHONE.replace(' ', '\t')));
    }

    @Test
    void clean_cleanAgent_isTheSameString() {
        assertSame(IPHONE, YauaaClassifier.clean(IPHONE));
    }

    @Test
    void classify_sameAgentTwice_answersFromTheCache() {
        YauaaClassifier fresh = classifier.withCacheSize(100);
        Client first = fresh.classify(IPHONE);
        assertEquals(1, fresh.cachedAgents());
        assertSame(first, fresh.classify(IPHONE));
        assertSame(first, fresh.classify(new String(IPHONE.toCharArray())));
        assertEquals(1, fresh.cachedAgents());
    }

    @Test
    void classify_inParallel_answersAsInSequence() throws Exception {
        YauaaClassifier uncached = classifier.withCacheSize(0);
        List<String> agents = corpus().stream().map(Row::userAgent).toList();
        Map<String, Client> expected = new HashMap<>();
        for (String agent : agents) {
            expected.put(agent, uncached.classify(agent));
        }
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                runs.add(pool.submit(() -> {
                    List<String> shuffled = new ArrayList<>(agents);
                    Collections.shuffle(shuffled, new Random(seed));
                    List<String> mismatches = new ArrayList<>();
                    for (String agent : shuffled) {
                        Client found = uncached.classify(agent);
                        if (!found.equals(expected.get(agent))) {
                            mismatches.add(agent + " -> " + found + ", in sequence " + expected.get(agent));
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> run : runs) {
                List<String> mismatches = run.get();
                assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
            }
        }
    }

    @Test
    void create_negativeCache_isRefusedBeforeTheSlowBuild() {
        assertThrows(IllegalArgumentException.class, () -> YauaaClassifier.create(-1));
    }

    @Test
    void classify_yauaaRobotWithoutRule_isNamedAfterYauaa() {
        Client client = classifier.classify("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)");
        assertEquals(DeviceClass.BOT, client.device());
        assertEquals("AhrefsBot", client.botName());
        assertNull(classifier.classify(IPHONE).botName());
    }

    private static void assertValid(Client client, String agent) {
        assertNotNull(client, agent);
        assertNotNull(client.os(), agent);
        assertNotNull(client.browser(), agent);
        assertEquals(client.device() == DeviceClass.BOT, client.botName() != null, agent);
    }
}
