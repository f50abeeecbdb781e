package dev.cusp.gateway.service;

import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.job.GeometryShardSize;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Picks a job's examples ({@code ExampleSampler}, seeded) and cuts them into shards small enough for one Kafka
 * message and one consumer's commit timeout: both the attack results ({@code ShardPlanner}) and the singularity
 * results of the job's plan ({@code GeometryShardSize}) must fit.
 */
@ApplicationScoped
public class JobPlanner {
    private final GatewayConfig config;

    JobPlanner(GatewayConfig config) {
        this.config = config;
    }

    public PlannedJob plan(ValidJob job) {
        UUID id = UUID.randomUUID();
        int[] indices = ExampleSampler.sample(job.dataset().size(), job.examples(), job.seed());
        SingularityPlan geometry = job.singularityPlan();
        int shardSize = Math.min(
                ShardPlanner.maxExamplesPerShard(job.plan(), job.dataset().inputSize(), job.dataset().classes(),
                        config.shards().maxMessageBytes(), config.shards().costBudget()),
                GeometryShardSize.maxExamplesPerShard(geometry, job.dataset().classes(), job.dataset().inputSize(),
                        config.shards().maxMessageBytes()));
        List<int[]> shards = ShardPlanner.split(indices, shardSize);
        List<AttackTask> tasks = new ArrayList<>(shards.size());
        int offset = 0;
        for (int shardNo = 0; shardNo < shards.size(); shardNo++) {
            int[] shard = shards.get(shardNo);
            tasks.add(new AttackTask(AttackTask.SCHEMA_VERSION, id, shardNo, shards.size(), job.model().sha256,
                    job.dataset().ref(), offset, shard, job.plan(), geometry, job.seed()));
            offset += shard.length;
        }
        AnalysisRequested request = new AnalysisRequested(AnalysisRequested.SCHEMA_VERSION, id,
                job.model().id.toString(), job.model().sha256, job.dataset().ref(), job.examples(), job.seed(),
                job.plan(), geometry, shards.size(), Instant.now());
        return new PlannedJob(id, request, tasks);
    }
}
