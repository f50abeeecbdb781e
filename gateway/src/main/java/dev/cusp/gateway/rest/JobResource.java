package dev.cusp.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cusp.core.event.JobProgress;
import dev.cusp.gateway.service.JobService;
import dev.cusp.gateway.service.JobSubmitter;
import dev.cusp.gateway.service.ProgressBroadcaster;
import dev.cusp.gateway.service.ReportProxy;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Submits jobs and reads their state, progress stream and report. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "Analysis jobs: attacks and geometry over a sample of a data set")
public class JobResource {
    /** How often a progress stream re-reads the stored state, besides the events it receives. */
    static final Duration PROGRESS_REFRESH = Duration.ofSeconds(5);

    private final JobSubmitter submitter;
    private final JobService jobs;
    private final ReportProxy reports;
    private final ProgressBroadcaster broadcaster;

    JobResource(JobSubmitter submitter, JobService jobs, ReportProxy reports, ProgressBroadcaster broadcaster) {
        this.submitter = submitter;
        this.jobs = jobs;
        this.reports = reports;
        this.broadcaster = broadcaster;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Submit a job; its shards are published on attack.tasks before this answers")
    @APIResponse(responseCode = "202", description = "Accepted; follow links.progress and links.report")
    @APIResponse(responseCode = "400", description = "Invalid job: every problem is listed")
    @APIResponse(responseCode = "503", description = "The broker did not take the job's tasks; the job is failed")
    public Response submit(JobRequest request) {
        JobView job = submitter.submit(request);
        return Response.accepted(job).location(URI.create(job.links().get("self"))).build();
    }

    @GET
    @Operation(summary = "List jobs, newest first")
    public List<JobView> list() {
        return jobs.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one job with its progress")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView get(@PathParam("id") String id) {
        return jobs.get(Ids.parse("job", id));
    }

    @GET
    @Path("/{id}/report")
    @Operation(summary = "The job's report (the report-service's ReportView)")
    @APIResponse(responseCode = "404", description = "No such job, or its report is not ready (the reason says which)")
    @APIResponse(responseCode = "502", description = "The report service is unreachable")
    public JsonNode report(@PathParam("id") String id) {
        return reports.report(Ids.parse("job", id));
    }

    @GET
    @Path("/{id}/progress")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Server-sent events of the job's progress; the stream ends when the job is done or failed")
    @APIResponse(responseCode = "404", description = "No such job")
    public Multi<JobProgress> progress(@PathParam("id") String id) {
        UUID jobId = Ids.parse("job", id);
        jobs.get(jobId);
        return broadcaster.stream(jobId, () -> jobs.progress(jobId), PROGRESS_REFRESH);
    }
}
