package dev.cusp.core.event;

import java.util.List;

/** Which geometry a job computes at each analysed point; tiers such as {@code spectrum} and {@code margin}. */
public record SingularityPlan(List<String> tiers) {
    public static final String SPECTRUM = "spectrum";
    public static final String MARGIN = "margin";

    public static SingularityPlan basic() {
        return new SingularityPlan(List.of(SPECTRUM, MARGIN));
    }
}
