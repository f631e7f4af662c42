package com.schoolops.sla.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command's flags: {@code --name value}, {@code --name=value}, and boolean {@code --name}. Only the flags a
 * command declares are accepted, so a typo is an error rather than silently ignored.
 */
public final class Args {
    /** A flag a command accepts: its name (without dashes), the value's placeholder (null for a switch) and help. */
    public record Flag(String name, String placeholder, String help, boolean repeatable) {
        public static Flag value(String name, String placeholder, String help) {
            return new Flag(name, placeholder, help, false);
        }

        public static Flag repeatable(String name, String placeholder, String help) {
            return new Flag(name, placeholder, help, true);
        }

        public static Flag toggle(String name, String help) {
            return new Flag(name, null, help, false);
        }
    }

    private final Map<String, List<String>> values;

    private Args(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Args parse(String command, String[] argv, List<Flag> flags) {
        Map<String, Flag> known = new LinkedHashMap<>();
        flags.forEach(f -> known.put(f.name(), f));
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = known.get(name);
            if (flag == null) {
                throw new UsageException(command + ": unknown option --" + name);
            }
            if (flag.placeholder() == null) {
                if (value != null) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                    throw new UsageException(command + ": --" + name + " needs a value (" + flag.placeholder() + ")");
                }
                value = argv[++i];
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !flag.repeatable()) {
                throw new UsageException(command + ": --" + name + " given twice");
            }
            list.add(value);
        }
        return new Args(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name)).map(l -> l.get(0));
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public String required(String command, String name) {
        return value(name).orElseThrow(() -> new UsageException(command + ": --" + name + " is required"));
    }

    public int intValue(String command, String name, int fallback) {
        String v = value(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, not '" + v + "'");
        }
    }

    public double doubleValue(String command, String name, double fallback) {
        String v = value(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, not '" + v + "'");
        }
    }
}
