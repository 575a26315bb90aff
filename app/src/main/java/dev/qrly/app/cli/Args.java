package dev.qrly.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed arguments of one command: options ({@code --name value}, {@code --name=value}, or a
 * flag alone) and positional arguments. Options are declared up front, so that a misspelt one is
 * an error rather than silently ignored, and each may be given once.
 */
final class Args {

    private final Map<String, String> options;
    private final List<String> positional;

    private Args(Map<String, String> options, List<String> positional) {
        this.options = options;
        this.positional = positional;
    }

    /**
     * @param argv the arguments after the command name
     * @param valued options that take a value, with their dashes ({@code "--size"}, {@code "-o"})
     * @param flags options that take none
     * @throws UsageException for an unknown option, a missing value or an option given twice
     */
    static Args parse(String[] argv, Set<String> valued, Set<String> flags) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = argv[++i];
                }
            } else {
                throw new UsageException("unknown option " + name);
            }
            if (options.putIfAbsent(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        return new Args(options, positional);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String require(String name) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    /** An integer option within a range, or the default when absent. */
    int integer(String name, int defaultValue, int min, int max) throws UsageException {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    List<String> positional() {
        return positional;
    }
}
