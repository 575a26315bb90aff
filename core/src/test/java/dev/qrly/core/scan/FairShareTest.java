package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FairShareTest {

    private static final long TENTH = 100_000_000L;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** A code of 100 tokens at 10/s; a share of 4 tokens at 2/s. */
    private final FairShare share = new FairShare(new LocalRateLimiter(100, 10, now::get), 4, 2, now::get);

    @Test
    void admit_codeNotUnderPressure_admitsEveryone() {
        for (int i = 0; i < 10; i++) {
            assertEquals(0, share.admit("CODE", "flood"), "scan " + i);
        }
    }

    @Test
    void admit_floodedCode_refusesTheFlooder_neverTheScannerWithinItsShare() {
        int flooderAnswered = 0;
        int flooderFlagged = 0;
        int flooderRefused = 0;
        for (int tick = 0; tick < 100; tick++) { // ten seconds
            for (int i = 0; i < 20; i++) {
                long answer = share.admit("CODE", "flood");
                if (answer > 0) {
                    flooderRefused++;
                } else {
                    flooderAnswered++;
                    flooderFlagged += answer == FairShare.FLOOD ? 1 : 0;
                }
            }
            if (tick % 5 == 0) { // the scanner, twice a second: within a share of 2/s
                assertEquals(0, share.admit("CODE", "scanner"), "the scanner at tick " + tick);
            }
            now.addAndGet(TENTH);
        }
        assertTrue(flooderRefused > 1_500, "refused " + flooderRefused);
        // unflagged: the 10 % of the code's bucket before pressure, and the first half of a fresh share
        assertTrue(flooderAnswered - flooderFlagged <= 10 + 2, "answered " + flooderAnswered + ", flagged " + flooderFlagged);
    }

    @Test
    void admit_refused_saysTheWaitUntilTheCodeHasATokenAgain() {
        long last = 0;
        for (int i = 0; i < 200 && last <= 0; i++) {
            last = share.admit("CODE", "flood");
        }
        assertTrue(last > 0 && last <= TENTH, "the code's next token, at 10/s, comes within a tenth of a second: " + last);
    }
}
