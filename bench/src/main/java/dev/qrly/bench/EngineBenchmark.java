package dev.qrly.bench;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.payload.Phone;
import dev.qrly.engine.payload.VCardPayload;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.Style;
import dev.qrly.engine.render.SvgRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The QR engine's costs, and the same work done the usual ZXing way as the reference.
 *
 * <p>Run: {@code bin/bench} (all, with the ratios), or {@code bin/bench Engine.render} for a
 * subset; results and the machine they came from are in docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    /** A dynamic code's encoded URL, as the service produces it. */
    static final String URL = "HTTPS://QR.EXAMPLE.COM/R/7K3M9Q2X";

    private String vcard;
    private String twoThousandBytes;
    private QrSymbol urlSymbol;
    private Style style;
    private Map<EncodeHintType, Object> zxingHints;

    @Setup
    public void setUp() {
        vcard = VCardPayload.builder().givenName("Anna").familyName("Müller").org("Café; Bar, Ltd")
                .phone("+33 6 12 34 56 78", Phone.Type.CELL).email("anna@example.com").url("https://example.com/anna")
                .note("Ring twice").build().text();
        Random random = new Random(1);
        StringBuilder text = new StringBuilder();
        while (text.length() < 2000) {
            text.append((char) (32 + random.nextInt(95)));
        }
        twoThousandBytes = text.toString();
        urlSymbol = QrEncoder.encode(URL);
        style = Style.defaults();
        zxingHints = Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);
    }

    @Benchmark
    public QrSymbol encodeUrlAtM() {
        return QrEncoder.encode(URL, EncodeOptions.defaults());
    }

    @Benchmark
    public QrSymbol encodeVcardAtQ() {
        return QrEncoder.encode(vcard, EncodeOptions.defaults().withErrorCorrection(ErrorCorrection.Q));
    }

    @Benchmark
    public QrSymbol encode2000BytesAtL() {
        return QrEncoder.encode(twoThousandBytes, EncodeOptions.defaults().withErrorCorrection(ErrorCorrection.L));
    }

    @Benchmark
    public String renderSvg() {
        return SvgRenderer.render(urlSymbol, style);
    }

    @Benchmark
    public byte[] renderPng300() {
        return PngRenderer.render(urlSymbol, style, 300);
    }

    @Benchmark
    public byte[] renderPng1024() {
        return PngRenderer.render(urlSymbol, style, 1024);
    }

    /** The figure the ZXing reference is compared with: what serving one image costs. */
    @Benchmark
    public byte[] pipelinePng300() {
        return PngRenderer.render(QrEncoder.encode(URL), style, 300);
    }

    @Benchmark
    public byte[] pipelinePng1024() {
        return PngRenderer.render(QrEncoder.encode(URL), style, 1024);
    }

    @Benchmark
    public byte[] zxingPipelinePng300() throws WriterException, IOException {
        return zxing(300);
    }

    @Benchmark
    public byte[] zxingPipelinePng1024() throws WriterException, IOException {
        return zxing(1024);
    }

    /** {@code QRCodeWriter} then {@code MatrixToImageWriter}: the way most Java projects make a QR PNG. */
    private byte[] zxing(int size) throws WriterException, IOException {
        BitMatrix matrix = new QRCodeWriter().encode(URL, BarcodeFormat.QR_CODE, size, size, zxingHints);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        MatrixToImageWriter.writeToStream(matrix, "PNG", out);
        return out.toByteArray();
    }
}
