package dev.cusp.gateway.rest;

import dev.cusp.core.event.DatasetRef;
import java.util.List;

/** Body of {@code POST /api/jobs} (unknown fields are rejected); every field is checked by {@code JobRequestValidator}. */
public record JobRequest(String modelId, DatasetRef dataset, Integer examples, Long seed, List<AttackRequest> attacks) {

    /** One attack of a job request: name, norm and the budgets to evaluate. */
        public record AttackRequest(String attack, String norm, List<Double> epsilons) {
    }
}
