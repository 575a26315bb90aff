package dev.qrly.engine;

import io.nayuki.qrcodegen.QrCode;
import java.util.Locale;

/** The four error correction levels of ISO/IEC 18004, from the least to the most redundant. */
public enum ErrorCorrection {
    /** Recovers about 7 % of the codewords. */
    L(QrCode.Ecc.LOW),
    /** Recovers about 15 % of the codewords; the default. */
    M(QrCode.Ecc.MEDIUM),
    /** Recovers about 25 % of the codewords. */
    Q(QrCode.Ecc.QUARTILE),
    /** Recovers about 30 % of the codewords. */
    H(QrCode.Ecc.HIGH);

    private final QrCode.Ecc ecc;

    ErrorCorrection(QrCode.Ecc ecc) {
        this.ecc = ecc;
    }

    QrCode.Ecc ecc() {
        return ecc;
    }

    static ErrorCorrection of(QrCode.Ecc ecc) {
        return values()[ecc.ordinal()];
    }

    /**
     * Parses {@code L}, {@code M}, {@code Q} or {@code H}, in either case.
     *
     * @param field the field name to report if the text is not a level
     * @throws InvalidInputException if {@code text} is null or not one of the four letters
     */
    public static ErrorCorrection parse(String text, String field) {
        if (text != null) {
            switch (text.trim().toUpperCase(Locale.ROOT)) {
                case "L": return L;
                case "M": return M;
                case "Q": return Q;
                case "H": return H;
                default: break;
            }
        }
        throw new InvalidInputException(field, "error correction must be one of L, M, Q, H, not '" + text + "'");
    }
}
