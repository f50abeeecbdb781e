package dev.cusp.gateway.service;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackTask;
import java.util.List;
import java.util.UUID;

/** A job cut into shards: the event announcing it and one task per shard. */
public record PlannedJob(UUID id, AnalysisRequested request, List<AttackTask> tasks) {
}
