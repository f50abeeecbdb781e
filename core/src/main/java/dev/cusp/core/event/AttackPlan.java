package dev.cusp.core.event;

import java.util.List;

/** The attacks a job runs on every example, in order. */
public record AttackPlan(List<AttackSpec> attacks) {
}
