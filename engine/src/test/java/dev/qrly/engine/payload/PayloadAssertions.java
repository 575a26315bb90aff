package dev.qrly.engine.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Result;
import com.google.zxing.client.result.ParsedResult;
import com.google.zxing.client.result.ResultParser;
import dev.qrly.engine.InvalidInputException;
import org.junit.jupiter.api.function.Executable;

/** Checks shared by the payload tests. */
final class PayloadAssertions {

    /**
     * Every awkward character the escaping has to handle, in one value: the separators of the
     * formats, backslash, double quote, a line break and non-ASCII text.
     */
    static final String AWKWARD = "a;b,c:d\\e\"f\nGrüße, 東京";

    private PayloadAssertions() {}

    /** Reads the text the way the ZXing scanner apps do, expecting a result of the given kind. */
    static <T extends ParsedResult> T parse(String text, Class<T> kind) {
        ParsedResult result = ResultParser.parseResult(new Result(text, null, null, BarcodeFormat.QR_CODE));
        return assertInstanceOf(kind, result, () -> "ZXing read " + result.getType() + " from " + text);
    }

    /** Asserts that the code is refused for the given field, and returns the exception. */
    static InvalidInputException refused(String field, Executable code) {
        InvalidInputException e = assertThrows(InvalidInputException.class, code);
        assertEquals(field, e.field(), () -> "field of: " + e.getMessage());
        return e;
    }
}
