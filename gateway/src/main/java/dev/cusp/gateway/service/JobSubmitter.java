package dev.cusp.gateway.service;

import dev.cusp.gateway.config.GatewayConfig;
import dev.cusp.gateway.messaging.JobEvents;
import dev.cusp.gateway.rest.JobRequest;
import dev.cusp.gateway.rest.JobView;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;

/**
 * Accepts a job: validates it, plans its shards, stores it, then publishes {@code analysis.requested} and every
 * {@code attack.tasks} shard and waits for the broker; if publishing fails the job is marked failed and the request
 * fails with 503.
 */
@ApplicationScoped
public class JobSubmitter {
    private final JobRequestValidator validator;
    private final JobPlanner planner;
    private final JobService jobs;
    private final JobEvents events;
    private final GatewayConfig config;

    JobSubmitter(JobRequestValidator validator, JobPlanner planner, JobService jobs, JobEvents events,
            GatewayConfig config) {
        this.validator = validator;
        this.planner = planner;
        this.jobs = jobs;
        this.events = events;
        this.config = config;
    }

    public JobView submit(JobRequest request) {
        ValidJob valid = validator.validate(request);
        PlannedJob planned = planner.plan(valid);
        jobs.create(planned.id(), valid, planned.tasks().size());
        try {
            events.publish(planned.request(), planned.tasks()).await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            String reason = "could not publish the tasks of job " + planned.id() + ": " + e.getMessage();
            Log.error(reason, e);
            jobs.fail(planned.id(), reason);
            throw new ServiceUnavailableException(reason);
        }
        Log.infof("job %s submitted: %d examples in %d shards", planned.id(), valid.examples(),
                planned.tasks().size());
        return jobs.submitted(planned.id());
    }
}
