package dev.cusp.core.job;

/** AutoAttack at one (norm, ε): how many examples each stage broke ({@code clean}: already misclassified; {@code robust}: none). */
public record StageCount(String attack, String norm, double epsilon, String stage, int examples) {
    /** The pseudo-stage of examples no stage broke. */
    public static final String ROBUST = "robust";
}
