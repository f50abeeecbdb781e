package dev.cusp.gateway.messaging;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackTask;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes a job: {@code analysis.requested} first, then every {@code attack.tasks} shard, all keyed by job id;
 * the returned Uni completes when the broker has acknowledged every message and fails if any send fails.
 */
@ApplicationScoped
public class JobEvents {
    private final MutinyEmitter<AnalysisRequested> requested;
    private final MutinyEmitter<AttackTask> tasks;

    JobEvents(@Channel("analysis-requested") MutinyEmitter<AnalysisRequested> requested,
            @Channel("attack-tasks") MutinyEmitter<AttackTask> tasks) {
        this.requested = requested;
        this.tasks = tasks;
    }

    public Uni<Void> publish(AnalysisRequested request, List<AttackTask> shards) {
        String key = request.jobId().toString();
        return requested.sendMessage(Keyed.message(request, key))
                .chain(() -> Uni.join()
                        .all(shards.stream().map(task -> tasks.sendMessage(Keyed.message(task, key))).toList())
                        .andFailFast()
                        .replaceWithVoid());
    }
}
