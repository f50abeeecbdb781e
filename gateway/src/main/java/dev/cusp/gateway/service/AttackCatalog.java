package dev.cusp.gateway.service;

import dev.cusp.core.job.AttackRegistry;
import java.util.List;

/** The attacks a job may ask for, as {@code attack/norm}: exactly core's {@code AttackRegistry} catalogue. */
public final class AttackCatalog {
    private AttackCatalog() {
    }

    public static boolean supports(String attack, String norm) {
        return AttackRegistry.supports(attack, norm);
    }

    /** Supported pairs as {@code attack/norm}, for error messages. */
    public static List<String> names() {
        return AttackRegistry.supported();
    }
}
