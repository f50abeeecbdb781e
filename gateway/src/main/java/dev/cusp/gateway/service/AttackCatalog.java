package dev.cusp.gateway.service;

import dev.cusp.core.job.AttackShardRunner;
import java.util.List;

/** The attacks a job may ask for, as {@code attack/norm}: exactly those core's {@code AttackShardRunner} runs. */
public final class AttackCatalog {
    private AttackCatalog() {
    }

    public static boolean supports(String attack, String norm) {
        return AttackShardRunner.SUPPORTED.contains(attack + "/" + norm);
    }

    /** Supported pairs as {@code attack/norm}, for error messages. */
    public static List<String> names() {
        return AttackShardRunner.SUPPORTED;
    }
}
