package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qrly.core.StoreSamples.CodeBuilder;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeQuery.Cursor;
import dev.qrly.core.code.CodeStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CodeStore#list}: order, cursor pages, filters, and what is never listed. */
public interface CodeListContract extends StorageFixture {

    Comparator<Code> NEWEST_FIRST = Comparator.comparing(Code::createdAt).thenComparing(Code::id).reversed();

    private CodeStore codes() {
        return storage().codes();
    }

    private List<Code> list(String tag, String text) {
        return codes().list(TENANT_A, new CodeQuery(CodeQuery.MAX_LIMIT, null, tag, text));
    }

    /** Every code the query finds, page by page, checking each page's extra row is the next page's first. */
    private List<Code> pageThrough(int limit, String tag, String text) {
        return pageThrough(limit, tag, text, CodeQuery.Order.NEWEST);
    }

    private List<Code> pageThrough(int limit, String tag, String text, CodeQuery.Order order) {
        List<Code> all = new ArrayList<>();
        Cursor after = null;
        Code promised = null;
        for (int pages = 0; pages < 10_000; pages++) {
            List<Code> page = codes().list(TENANT_A, new CodeQuery(limit, after, tag, text, order));
            assertTrue(page.size() <= limit + 1, "a page holds at most limit + 1 codes, not " + page.size());
            if (promised != null) {
                assertEquals(promised, page.get(0), "the extra row of the previous page starts this one");
            }
            if (page.size() <= limit) {
                all.addAll(page);
                return all;
            }
            all.addAll(page.subList(0, limit));
            Code last = page.get(limit - 1);
            promised = page.get(limit);
            after = Cursor.of(last);
        }
        return fail("paging did not end");
    }

    /** Label order as the contract has it: A to Z ignoring case, codes without a label last, ties by id. */
    Comparator<Code> BY_LABEL = Comparator.comparing((Code c) -> c.label() == null)
            .thenComparing(c -> c.label() == null ? "" : c.label(), String.CASE_INSENSITIVE_ORDER).thenComparing(Code::id);

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 50})
    default void list_everyOrder_pagedThroughWithTiesAndMissingLabels_returnsEveryCodeOnceInOrder(int limit) {
        String[] labels = {"menu", "Menu", "MENU", "apple", "Zebra", null, "banana", null, "éclair", "menu"};
        List<Code> live = new ArrayList<>();
        List<Code> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            CodeBuilder b = code(TENANT_A, i * 3 + 1).createdAt(T0.plusMillis(i / 5)).label(labels[i % labels.length])
                    .tags(i % 2 == 0 ? "even" : "odd");
            Code c = i % 40 == 39 ? b.deletedAt(T0.plusSeconds(1)).build() : b.build();
            all.add(c);
            if (c.deletedAt() == null) {
                live.add(c);
            }
            all.add(code(TENANT_B, i * 3 + 2).createdAt(T0.plusMillis(i / 5)).label(labels[i % labels.length]).build());
        }
        Collections.shuffle(all, new Random(limit));
        all.forEach(this::given);

        assertEquals(live.stream().sorted(NEWEST_FIRST).toList(), pageThrough(limit, null, null, CodeQuery.Order.NEWEST));
        assertEquals(live.stream().sorted(NEWEST_FIRST.reversed()).toList(), pageThrough(limit, null, null, CodeQuery.Order.OLDEST));
        assertEquals(live.stream().sorted(BY_LABEL).toList(), pageThrough(limit, null, null, CodeQuery.Order.LABEL));
        assertEquals(live.stream().filter(c -> c.tags().contains("even")).sorted(BY_LABEL).toList(),
                pageThrough(limit, "even", null, CodeQuery.Order.LABEL));
        assertEquals(live.stream().filter(c -> c.label() != null && c.label().equalsIgnoreCase("menu")).sorted(BY_LABEL).toList(),
                pageThrough(limit, null, "menu", CodeQuery.Order.LABEL).stream()
                        .filter(c -> c.label() != null && c.label().equalsIgnoreCase("menu")).toList());
    }

    @BeforeEach
    default void givenTwoTenants() {
        givenTenants(TENANT_A, TENANT_B);
    }

    @Test
    default void list_noCodes_isEmpty() {
        assertEquals(List.of(), list(null, null));
    }

    @Test
    default void list_sameCreationTimes_newestFirstThenIdDescending() {
        Code oldest = given(code(TENANT_A, 5).createdAt(T0).build());
        Code tieLow = given(code(TENANT_A, 1).createdAt(T0.plusMillis(1)).build());
        Code newest = given(code(TENANT_A, 2).createdAt(T0.plusMillis(2)).build());
        Code tieHigh = given(code(TENANT_A, 3).createdAt(T0.plusMillis(1)).build());

        assertEquals(List.of(newest, tieHigh, tieLow, oldest), list(null, null));
    }

    @Test
    default void list_moreCodesThanLimit_returnsLimitPlusOneNewest() {
        for (int i = 1; i <= 5; i++) {
            given(code(TENANT_A, i).createdAt(T0.plusSeconds(i)).build());
        }

        List<Code> page = codes().list(TENANT_A, new CodeQuery(2, null, null, null));

        assertEquals(List.of(StoreSamples.id(5), StoreSamples.id(4), StoreSamples.id(3)), page.stream().map(Code::id).toList());
    }

    @Test
    default void list_exactlyLimitCodes_returnsLimit() {
        given(code(TENANT_A, 1).build());
        given(code(TENANT_A, 2).build());

        assertEquals(2, codes().list(TENANT_A, new CodeQuery(2, null, null, null)).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 200})
    default void list_pagedThroughWithTies_returnsEveryCodeOnceInOrder(int limit) {
        List<Code> live = new ArrayList<>();
        List<Code> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            // groups of 7 share a creation time, so pages often end inside a group
            CodeBuilder b = code(TENANT_A, i * 3 + 1).createdAt(T0.plusMillis(i / 7));
            if (i % 50 == 49) {
                all.add(b.deletedAt(T0.plusSeconds(1)).build());
            } else {
                Code c = b.build();
                all.add(c);
                live.add(c);
            }
            all.add(code(TENANT_B, i * 3 + 2).createdAt(T0.plusMillis(i / 7)).build());
        }
        Collections.shuffle(all, new Random(limit));
        all.forEach(this::given);
        live.sort(NEWEST_FIRST);

        assertEquals(live, pageThrough(limit, null, null));
    }

    @Test
    default void list_cursorBetweenCodes_continuesStrictlyAfterIt() {
        Code a = given(code(TENANT_A, 10).createdAt(T0.plusMillis(2)).build());
        Code b = given(code(TENANT_A, 20).createdAt(T0.plusMillis(1)).build());
        Code c = given(code(TENANT_A, 5).createdAt(T0.plusMillis(1)).build());
        Code d = given(code(TENANT_A, 30).createdAt(T0).build());

        Cursor between = new Cursor(T0.plusMillis(1).toEpochMilli(), StoreSamples.id(15));
        assertEquals(List.of(c, d), codes().list(TENANT_A, new CodeQuery(10, between, null, null)));
        Cursor atA = new Cursor(a.createdAt().toEpochMilli(), a.id());
        assertEquals(List.of(b, c, d), codes().list(TENANT_A, new CodeQuery(10, atA, null, null)));
        Cursor atD = new Cursor(d.createdAt().toEpochMilli(), d.id());
        assertEquals(List.of(), codes().list(TENANT_A, new CodeQuery(10, atD, null, null)));
    }

    @Test
    default void list_tag_matchesOneTagExactly() {
        Code tagged = given(code(TENANT_A, 1).tags("web", "print").build());
        given(code(TENANT_A, 2).tags("Print").build());
        given(code(TENANT_A, 3).tags("printer", "prin").build());
        given(code(TENANT_A, 4).label("print").build());

        assertEquals(List.of(tagged), list("print", null));
    }

    @Test
    default void list_unicodeTag_matches() {
        Code tagged = given(code(TENANT_A, 1).tags("Zürich", "東京").build());
        given(code(TENANT_A, 2).tags("Zurich").build());

        assertEquals(List.of(tagged), list("東京", null));
        assertEquals(List.of(tagged), list("Zürich", null));
    }

    @Test
    default void list_tagPagedThrough_returnsEveryTaggedCodeOnce() {
        List<Code> tagged = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Code c = given(code(TENANT_A, i).createdAt(T0.plusMillis(i / 4)).tags(i % 3 == 0 ? "even-ish" : "other").build());
            if (i % 3 == 0) {
                tagged.add(c);
            }
        }
        tagged.sort(NEWEST_FIRST);

        assertEquals(tagged, pageThrough(7, "even-ish", null));
    }

    @Test
    default void list_text_matchesSlugLabelOrDestinationIgnoringCase() {
        Code bySlug = given(code(TENANT_A, 1).slug("Spring-Sale").createdAt(T0.plusMillis(3)).build());
        Code byLabel = given(code(TENANT_A, 2).label("Big SALE poster").createdAt(T0.plusMillis(2)).build());
        Code byDestination = given(code(TENANT_A, 3).destination("https://shop.example/sale/now").createdAt(T0.plusMillis(1))
                .build());
        given(code(TENANT_A, 4).label("salad").tags("sale").build());

        assertEquals(List.of(bySlug, byLabel, byDestination), list(null, "sAlE"));
        assertEquals(List.of(byDestination), list(null, "SHOP.EXAMPLE/SALE"));
    }

    @Test
    default void list_nonAsciiText_matchesIgnoringCase() {
        Code menu = given(code(TENANT_A, 1).label("Café Überall — Ωμέγα").build());
        given(code(TENANT_A, 2).label("Cafe Uberall").build());

        assertEquals(List.of(menu), list(null, "CAFÉ ÜBER"));
        assertEquals(List.of(menu), list(null, "ωΜΈΓΑ"));
    }

    @Test
    default void list_textWithWildcardCharacters_matchesThemLiterally() {
        Code percent = given(code(TENANT_A, 1).label("50% off").build());
        given(code(TENANT_A, 2).label("500 off").build());
        Code underscore = given(code(TENANT_A, 3).label("a_b").build());
        given(code(TENANT_A, 4).label("axb").build());
        Code backslash = given(code(TENANT_A, 5).label("c:\\d").build());

        assertEquals(List.of(percent), list(null, "0%"));
        assertEquals(List.of(underscore), list(null, "a_b"));
        assertEquals(List.of(backslash), list(null, ":\\d"));
    }

    @Test
    default void list_tagAndText_bothApply() {
        Code both = given(code(TENANT_A, 1).tags("menu").label("Lunch").build());
        given(code(TENANT_A, 2).tags("menu").label("Dinner").build());
        given(code(TENANT_A, 3).tags("flyer").label("Lunch").build());

        assertEquals(List.of(both), list("menu", "lunch"));
    }

    @Test
    default void list_deletedCodes_areLeftOut() {
        Code live = given(code(TENANT_A, 1).tags("t").build());
        given(code(TENANT_A, 2).tags("t").deletedAt(T0.plusSeconds(1)).build());

        assertEquals(List.of(live), list(null, null));
        assertEquals(List.of(live), list("t", null));
        assertEquals(List.of(live), list(null, "code-"));
    }

    @Test
    default void list_otherTenantsCodes_neverReturned() {
        Code mine = given(code(TENANT_A, 1).tags("shared").label("shared").build());
        given(code(TENANT_B, 2).tags("shared").label("shared").createdAt(T0.plusSeconds(1)).build());

        assertEquals(List.of(mine), list(null, null));
        assertEquals(List.of(mine), list("shared", null));
        assertEquals(List.of(mine), list(null, "shared"));
        assertEquals(List.of(), codes().list(TENANT_B, new CodeQuery(10, null, "shared", "nope")));
    }

    @Test
    default void update_tagsReplaced_tagFilterFollows() {
        Code code = given(code(TENANT_A, 1).tags("old", "kept").build());
        Code changed = CodeBuilder.from(code).tags("kept", "new").build();

        codes().update(changed, Optional.empty());

        assertEquals(List.of(), list("old", null));
        assertEquals(List.of(changed), list("new", null));
        assertEquals(List.of(changed), list("kept", null));
    }

    @Test
    default void update_labelAndDestinationChanged_textFilterFollows() {
        Code code = given(code(TENANT_A, 1).label("before").build());
        Code changed = CodeBuilder.from(code).label("after").destination("https://example.net/moved").build();

        codes().update(changed, Optional.empty());

        assertEquals(List.of(), list(null, "before"));
        assertEquals(List.of(), list(null, "example.com"));
        assertEquals(List.of(changed), list(null, "AFTER"));
        assertEquals(List.of(changed), list(null, "moved"));
    }

    @Test
    default void update_deletedAtSet_codeLeavesTheList() {
        Code code = given(code(TENANT_A, 1).build());

        codes().update(CodeBuilder.from(code).deletedAt(T0.plusSeconds(1)).build(), Optional.empty());

        assertEquals(List.of(), list(null, null));
    }
}
