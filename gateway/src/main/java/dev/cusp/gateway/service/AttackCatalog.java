package dev.cusp.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The attacks a job may ask for and the norms each supports (this slice: FGSM under L∞). */
public final class AttackCatalog {
    private static final Map<String, Set<String>> NORMS = new TreeMap<>(Map.of("fgsm", Set.of("linf")));

    private AttackCatalog() {
    }

    public static boolean supports(String attack, String norm) {
        return attack != null && norm != null && NORMS.getOrDefault(attack, Set.of()).contains(norm);
    }

    /** Supported pairs as {@code attack/norm}, for error messages. */
    public static List<String> names() {
        return NORMS.entrySet().stream()
                .flatMap(e -> e.getValue().stream().sorted().map(norm -> e.getKey() + "/" + norm))
                .toList();
    }
}
