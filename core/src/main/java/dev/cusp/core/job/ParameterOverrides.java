package dev.cusp.core.job;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies a plan's {@code params} to an attack's parameter record: each key must name a component of the record
 * (or one of the allowed extras), values are converted to the component's type (int, long, double, boolean,
 * String), and the record's own checks run; every error names the attack and the parameter.
 */
final class ParameterOverrides {

    /** Components a plan may not set: the norm comes from the spec. */
    static final Set<String> FIXED = Set.of("norm");

    /** The record {@code defaults} with {@code params} applied (keys outside the record or extras rejected). */
    static <R extends Record> R apply(String attack, R defaults, Map<String, Object> params, Set<String> extras) {
        RecordComponent[] components = defaults.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = read(components[i], defaults);
        }
        for (Map.Entry<String, Object> entry : params.entrySet()) {
            String key = entry.getKey();
            if (extras.contains(key)) {
                continue;
            }
            int at = indexOf(components, key);
            if (at < 0 || FIXED.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for " + attack
                        + (FIXED.contains(key) ? " (the norm is the spec's norm)" : "")
                        + "; parameters: " + String.join(", ", names(components, extras)));
            }
            values[at] = convert(attack, key, entry.getValue(), components[at].getType());
        }
        try {
            @SuppressWarnings("unchecked")
            Constructor<R> constructor = (Constructor<R>) defaults.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("invalid parameters for " + attack + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + defaults.getClass().getName(), e);
        }
    }

    /** The record as a JSON-friendly map: component name → value, nested records as maps, enums by their id. */
    static Map<String, Object> describe(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(component, record);
            if (value instanceof Record nested) {
                value = describe(nested);
            } else if (value instanceof dev.cusp.core.attack.Norm norm) {
                value = norm.id();
            } else if (value instanceof java.util.List<?> list) {
                value = list.stream().map(v -> v instanceof Record r ? describe(r) : v).toList();
            }
            out.put(component.getName(), value);
        }
        return out;
    }

    private static Object convert(String attack, String key, Object value, Class<?> type) {
        String where = "parameter '" + key + "' of " + attack;
        if (value == null) {
            throw new IllegalArgumentException(where + " is null");
        }
        if (type == int.class || type == long.class) {
            if (!(value instanceof Number number) || !isIntegral(number)) {
                throw new IllegalArgumentException(where + " must be an integer, got " + value);
            }
            long v = number.longValue();
            if (type == int.class && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(where + " is out of the integer range, got " + value);
            }
            return type == int.class ? (Object) (int) v : (Object) v;
        }
        if (type == double.class) {
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException(where + " must be a finite number, got " + value);
            }
            return number.doubleValue();
        }
        if (type == boolean.class) {
            if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException(where + " must be true or false, got " + value);
            }
            return value;
        }
        if (type == String.class) {
            if (!(value instanceof String)) {
                throw new IllegalArgumentException(where + " must be a string, got " + value);
            }
            return value;
        }
        throw new IllegalArgumentException(where + " cannot be set from a plan");
    }

    private static boolean isIntegral(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || number instanceof java.math.BigInteger) {
            return true;
        }
        double d = number.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53;
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.List<String> names(RecordComponent[] components, Set<String> extras) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (RecordComponent c : components) {
            if (!FIXED.contains(c.getName())) {
                names.add(c.getName());
            }
        }
        names.addAll(extras.stream().sorted().toList());
        return names;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private ParameterOverrides() {
    }
}
