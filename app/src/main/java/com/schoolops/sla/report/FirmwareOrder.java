package com.schoolops.sla.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which of two firmware versions is older, as vendors write them ({@code 2.4.1}, {@code 2.10.0}, {@code V200R019C10}):
 * runs of digits compare as numbers, other runs as text ignoring case, from the left; a version that is a prefix of
 * another is the older ({@code 2.4} before {@code 2.4.1}).
 */
public final class FirmwareOrder implements Comparator<String> {
    public static final FirmwareOrder INSTANCE = new FirmwareOrder();

    private FirmwareOrder() {
    }

    @Override
    public int compare(String a, String b) {
        List<String> x = runs(a);
        List<String> y = runs(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            boolean digits = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0));
            int c = digits ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q))
                    : p.toLowerCase(Locale.ROOT).compareTo(q.toLowerCase(Locale.ROOT));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    /** The runs of digits and of letters; separators ({@code . - _} and spaces) only separate. */
    private static List<String> runs(String version) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (char c : version.trim().toCharArray()) {
            boolean separator = !Character.isLetterOrDigit(c);
            if (separator || run.length() > 0 && Character.isDigit(c) != Character.isDigit(run.charAt(run.length() - 1))) {
                if (run.length() > 0) {
                    runs.add(run.toString());
                    run.setLength(0);
                }
            }
            if (!separator) {
                run.append(c);
            }
        }
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return runs;
    }
}
