package dev.cusp.gateway.rest;

import dev.cusp.core.event.DatasetRef;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /api/jobs} (unknown fields are rejected); every field is checked by {@code JobRequestValidator}. */
public record JobRequest(String modelId, DatasetRef dataset, Integer examples, Long seed, List<AttackRequest> attacks) {

    /**
     * One attack of a job request: name, norm, the budgets to evaluate and overrides of the attack's documented
     * defaults (core's {@code AttackRegistry}; null or absent: the defaults).
     */
    public record AttackRequest(String attack, String norm, List<Double> epsilons, Map<String, Object> params) {
    }
}
