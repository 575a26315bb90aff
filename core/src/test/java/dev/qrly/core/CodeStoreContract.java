package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.code;
import static dev.qrly.core.StoreSamples.firstChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.StoreSamples.CodeBuilder;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.SlugTakenException;
import dev.qrly.engine.ErrorCorrection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CodeStore}: insert, the two lookups, update and history. Listing is in {@link CodeListContract}. */
public interface CodeStoreContract extends StorageFixture {

    private CodeStore codes() {
        return storage().codes();
    }

    private static Code everyFieldSet() {
        return code(TENANT_A, 1).slug("Cafe-Menu").destination("https://example.com/a?b=c#d")
                .label("Menü du jour — 今日のメニュー 🍜").tags("été", "print", "日本").active(false)
                .expiresAt(T0.plusSeconds(86_400)).maxScans(1_000L).errorCorrection(ErrorCorrection.H)
                .style(new CodeStyle("#1A2B3C", "#FAFBFC", 7)).createdAt(T0).updatedAt(T0.plusMillis(1)).build();
    }

    @BeforeEach
    default void givenTwoTenants() {
        givenTenants(TENANT_A, TENANT_B);
    }

    @Test
    default void insert_everyFieldSet_roundTripsThroughBothLookups() {
        Code code = given(everyFieldSet());

        assertEquals(Optional.of(code), codes().find(TENANT_A, code.id()));
        assertEquals(Optional.of(code), codes().findBySlugKey(code.slugKey()));
    }

    @Test
    default void insert_optionalFieldsNull_roundTripAsNull() {
        Code code = given(code(TENANT_A, 1).style(new CodeStyle("#000000", null, 0)).build());

        Code found = codes().find(TENANT_A, code.id()).orElseThrow();
        assertEquals(code, found);
        assertEquals(null, found.label());
        assertEquals(null, found.expiresAt());
        assertEquals(null, found.maxScans());
        assertEquals(null, found.style().background());
        assertEquals(null, found.deletedAt());
        assertEquals(List.of(), found.tags());
    }

    @Test
    default void insert_deletedCode_keepsDeletedAt() {
        Code code = given(code(TENANT_A, 1).deletedAt(T0.plusSeconds(1)).build());

        assertEquals(Optional.of(code), codes().find(TENANT_A, code.id()));
    }

    @Test
    default void insert_instantsFinerThanMillis_areTruncatedToMillis() {
        Instant fine = T0.plusNanos(456_789);
        Code code = given(code(TENANT_A, 1).createdAt(fine).expiresAt(fine.plusSeconds(1)).deletedAt(fine.plusSeconds(2)).build());

        Code found = codes().find(TENANT_A, code.id()).orElseThrow();
        assertEquals(T0, found.createdAt());
        assertEquals(T0, found.updatedAt());
        assertEquals(T0.plusSeconds(1), found.expiresAt());
        assertEquals(T0.plusSeconds(2), found.deletedAt());
    }

    @Test
    default void insert_extremeNumbers_roundTrip() {
        Code code = given(code(TENANT_A, 1).maxScans(Long.MAX_VALUE).expiresAt(Instant.parse("9999-12-31T23:59:59.999Z"))
                .createdAt(Instant.EPOCH).build());

        assertEquals(Optional.of(code), codes().find(TENANT_A, code.id()));
    }

    @Test
    default void insert_anyTenant_writesTheFirstHistoryEntry() {
        Code code = code(TENANT_A, 1).build();
        DestinationChange first = new DestinationChange(code.destination(), T0, "qk_creator");

        codes().insert(code, first);

        assertEquals(List.of(first), codes().history(TENANT_A, code.id()));
    }

    @Test
    default void insert_slugTakenInOtherCase_throwsSlugTaken() {
        given(code(TENANT_A, 1).slug("Summer-Sale").build());

        SlugTakenException e = assertThrows(SlugTakenException.class,
                () -> given(code(TENANT_A, 2).slug("sUMMER-sALE").build()));
        assertEquals("slug_taken", e.code());
        assertTrue(e.getMessage().contains("sUMMER-sALE"), e.getMessage());
    }

    @Test
    default void insert_slugTakenByOtherTenant_throwsSlugTaken() {
        given(code(TENANT_A, 1).slug("shared").build());

        assertThrows(SlugTakenException.class, () -> given(code(TENANT_B, 2).slug("SHARED").build()));
    }

    @Test
    default void insert_slugOfDeletedCode_throwsSlugTaken() {
        given(code(TENANT_A, 1).slug("printed").deletedAt(T0.plusSeconds(1)).build());

        assertThrows(SlugTakenException.class, () -> given(code(TENANT_B, 2).slug("printed").build()));
    }

    @Test
    default void insert_slugTaken_leavesNoTrace() {
        Code taken = given(code(TENANT_A, 1).slug("taken").build());
        Code refused = code(TENANT_A, 2).slug("TAKEN").tags("x").build();

        assertThrows(SlugTakenException.class, () -> given(refused));

        assertEquals(Optional.empty(), codes().find(TENANT_A, refused.id()));
        assertEquals(List.of(), codes().history(TENANT_A, refused.id()));
        assertEquals(Optional.of(taken), codes().findBySlugKey("TAKEN"));
    }

    @Test
    default void insert_idTaken_throwsIdTaken() {
        given(code(TENANT_A, 1).slug("first").build());

        assertThrows(CodeStore.IdTakenException.class, () -> given(code(TENANT_A, 1).slug("second").build()));
        assertEquals(Optional.empty(), codes().findBySlugKey("SECOND"));
    }

    @Test
    default void insert_idTakenByOtherTenant_throwsIdTaken() {
        given(code(TENANT_A, 1).slug("first").build());

        assertThrows(CodeStore.IdTakenException.class, () -> given(code(TENANT_B, 1).slug("second").build()));
        assertEquals(Optional.empty(), codes().find(TENANT_B, StoreSamples.id(1)));
    }

    @Test
    default void findBySlugKey_codeOfAnyTenant_returnsIt() {
        Code a = given(code(TENANT_A, 1).slug("alpha").build());
        Code b = given(code(TENANT_B, 2).slug("Beta").build());

        assertEquals(Optional.of(a), codes().findBySlugKey("ALPHA"));
        assertEquals(Optional.of(b), codes().findBySlugKey("BETA"));
    }

    @Test
    default void findBySlugKey_deletedCode_returnsIt() {
        Code code = given(code(TENANT_A, 1).deletedAt(T0.plusSeconds(1)).build());

        assertEquals(Optional.of(code), codes().findBySlugKey(code.slugKey()));
    }

    @Test
    default void findBySlugKey_unknownKey_isEmpty() {
        given(code(TENANT_A, 1).slug("known").build());

        assertEquals(Optional.empty(), codes().findBySlugKey("UNKNOWN"));
        assertEquals(Optional.empty(), codes().findBySlugKey("KNOW"));
    }

    @Test
    default void find_otherTenantsCode_isEmpty() {
        Code code = given(code(TENANT_A, 1).build());

        assertEquals(Optional.empty(), codes().find(TENANT_B, code.id()));
    }

    @Test
    default void find_unknownId_isEmpty() {
        assertEquals(Optional.empty(), codes().find(TENANT_A, StoreSamples.id(99)));
    }

    @Test
    default void update_everyMutableField_isReplaced() {
        Code code = given(everyFieldSet());
        Code changed = CodeBuilder.from(code).destination("https://example.org/other").label(null).tags("new", "Ünïcode")
                .active(true).expiresAt(null).maxScans(null).updatedAt(T0.plusSeconds(60)).deletedAt(T0.plusSeconds(61)).build();

        assertTrue(codes().update(changed, Optional.empty()));

        assertEquals(Optional.of(changed), codes().find(TENANT_A, code.id()));
        assertEquals(Optional.of(changed), codes().findBySlugKey(code.slugKey()));
    }

    @Test
    default void update_nullFieldsGivenValues_areReplaced() {
        Code code = given(code(TENANT_A, 1).build());
        Code changed = CodeBuilder.from(code).label("now labelled").tags("one").expiresAt(T0.plusSeconds(9)).maxScans(3L)
                .updatedAt(T0.plusSeconds(9)).build();

        assertTrue(codes().update(changed, Optional.empty()));

        assertEquals(Optional.of(changed), codes().find(TENANT_A, code.id()));
    }

    @Test
    default void update_immutableFieldsChanged_keepsStoredValues() {
        Code code = given(everyFieldSet());
        Code attempt = CodeBuilder.from(code).slug("renamed").errorCorrection(ErrorCorrection.L).style(CodeStyle.DEFAULT)
                .createdAt(T0.plusSeconds(100)).updatedAt(T0.plusSeconds(100)).build();

        assertTrue(codes().update(attempt, Optional.empty()));

        Code expected = CodeBuilder.from(code).updatedAt(T0.plusSeconds(100)).build();
        assertEquals(Optional.of(expected), codes().find(TENANT_A, code.id()));
        assertEquals(Optional.empty(), codes().findBySlugKey("RENAMED"));
    }

    @Test
    default void update_withChange_appendsItToHistory() {
        Code code = given(code(TENANT_A, 1).build());
        Code changed = CodeBuilder.from(code).destination("https://example.org/2").updatedAt(T0.plusSeconds(5)).build();
        DestinationChange change = new DestinationChange(changed.destination(), T0.plusSeconds(5), "qk_editor");

        assertTrue(codes().update(changed, Optional.of(change)));

        assertEquals(List.of(change, firstChange(code)), codes().history(TENANT_A, code.id()));
    }

    @Test
    default void update_withoutChange_leavesHistoryAlone() {
        Code code = given(code(TENANT_A, 1).build());

        assertTrue(codes().update(CodeBuilder.from(code).label("relabelled").build(), Optional.empty()));

        assertEquals(List.of(firstChange(code)), codes().history(TENANT_A, code.id()));
    }

    @Test
    default void update_otherTenantsCode_returnsFalseAndChangesNothing() {
        Code code = given(code(TENANT_A, 1).tags("keep").build());
        Code hijack = CodeBuilder.from(code).tenantId(TENANT_B).destination("https://evil.example/").tags("stolen")
                .updatedAt(T0.plusSeconds(1)).deletedAt(T0.plusSeconds(1)).build();
        DestinationChange change = new DestinationChange(hijack.destination(), T0.plusSeconds(1), "qk_other");

        assertFalse(codes().update(hijack, Optional.of(change)));

        assertEquals(Optional.of(code), codes().find(TENANT_A, code.id()));
        assertEquals(List.of(firstChange(code)), codes().history(TENANT_A, code.id()));
    }

    @Test
    default void update_unknownCode_returnsFalse() {
        Code never = code(TENANT_A, 7).build();

        assertFalse(codes().update(never, Optional.of(firstChange(never))));

        assertEquals(Optional.empty(), codes().find(TENANT_A, never.id()));
        assertEquals(List.of(), codes().history(TENANT_A, never.id()));
    }

    @Test
    default void history_severalChanges_newestFirst() {
        Code code = given(code(TENANT_A, 1).build());
        DestinationChange second = new DestinationChange("https://example.org/2", T0.plusSeconds(10), "qk_a");
        DestinationChange third = new DestinationChange("https://example.org/3", T0.plusSeconds(20), "qk_b");
        codes().update(CodeBuilder.from(code).destination(second.destination()).build(), Optional.of(second));
        codes().update(CodeBuilder.from(code).destination(third.destination()).build(), Optional.of(third));

        assertEquals(List.of(third, second, firstChange(code)), codes().history(TENANT_A, code.id()));
    }

    @Test
    default void history_otherTenantsCode_isEmpty() {
        Code code = given(code(TENANT_A, 1).build());

        assertEquals(List.of(), codes().history(TENANT_B, code.id()));
    }

    @Test
    default void history_unknownCode_isEmpty() {
        assertEquals(List.of(), codes().history(TENANT_A, StoreSamples.id(42)));
    }
}
