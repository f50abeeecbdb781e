package dev.cusp.core.job;

/**
 * One gradient-masking check of a job: its name, {@code flagged} / {@code passed} / {@code not-applicable} (the
 * plan lacks the attacks it compares), and what was seen, with the figures.
 */
public record MaskingVerdict(String check, String status, String detail) {
    public static final String FLAGGED = "flagged";
    public static final String PASSED = "passed";
    public static final String NOT_APPLICABLE = "not-applicable";
}
