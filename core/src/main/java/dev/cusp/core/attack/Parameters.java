package dev.cusp.core.attack;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an attack's parameter overrides from a plan ({@code AttackSpec.params}, JSON values): typed getters
 * with the documented default, and a final check that every given key was understood.
 */
final class Parameters {

    private final String attack;
    private final Map<String, Object> values;
    private final Set<String> known = new TreeSet<>();

    Parameters(String attack, Map<String, Object> values) {
        this.attack = attack;
        this.values = values == null ? Map.of() : values;
    }

    int integer(String key, int fallback) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        throw new IllegalArgumentException(attack + " parameter '" + key + "' must be an integer, got " + v);
    }

    double real(String key, double fallback) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException(attack + " parameter '" + key + "' must be a finite number, got " + v);
    }

    boolean flag(String key, boolean fallback) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(attack + " parameter '" + key + "' must be true or false, got " + v);
    }

    /** Throws if a given key was never read: a typo must not silently fall back to a default. */
    void requireAllKnown() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown " + attack + " parameter '" + key + "'; known: "
                        + String.join(", ", known));
            }
        }
    }

    private Object get(String key) {
        known.add(key);
        return values.get(key);
    }
}
