package dev.qrly.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time went in a JFR recording: Java execution samples (CPU in Java code) and native
 * method samples (threads inside native code, such as SQLite's, which execution samples do not
 * see), each counted by thread, by the first frame of our own code on the stack, and by the method
 * on top of the stack, as shares of their samples. Used by {@code PROFILE=1 bin/bench-batch}:
 * {@code JfrSummary FILE [TOP]}.
 */
public final class JfrSummary {

    private JfrSummary() {}

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        summarise(events, "jdk.ExecutionSample", "Java execution samples (CPU in Java code)", top);
        summarise(events, "jdk.NativeMethodSample", "native method samples (threads in native code: SQLite, I/O, waiting)", top);
    }

    private static void summarise(List<RecordedEvent> events, String type, String title, int top) {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Integer> byArea = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals(type)) {
                continue;
            }
            total++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            byThread.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            RecordedFrame frame = stack.getFrames().get(0);
            byMethod.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1, Integer::sum);
            byArea.merge(area(stack.getFrames()), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "%n== %,d %s%n", total, title);
        print("by thread", byThread, total, top);
        print("by area (the innermost qrly frame of the stack, or the package on top)", byArea, total, top);
        print("by method on top of the stack", byMethod, total, top);
    }

    /** The innermost frame of our own code names the work; without one, the top frame's package. */
    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("dev.qrly.")) {
                return type.substring("dev.qrly.".length()) + "." + frame.getMethod().getName();
            }
        }
        String type = frames.get(0).getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
