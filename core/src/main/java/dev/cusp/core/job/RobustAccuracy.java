package dev.cusp.core.job;

/** Accuracy under one attack at one budget: 1 − successes/examples (Foolbox convention, see core/README.md). */
public record RobustAccuracy(String attack, String norm, double epsilon, int examples, int successes, double accuracy) {
}
